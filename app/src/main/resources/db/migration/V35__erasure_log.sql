-- People erased on request (G1, right to erasure): ids only, nothing personal. A restore never copies
-- or touches this table, and erases them again in its own transaction, so a backup taken before an
-- erasure never brings the person back.
CREATE TABLE erasure_log (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    person_id  uuid NOT NULL,
    user_id    uuid,
    request_id uuid NOT NULL,
    erased_at  timestamptz(3) NOT NULL,
    erased_by  uuid NOT NULL,
    PRIMARY KEY (tenant_id, person_id)
);
SELECT enable_tenant_isolation('erasure_log');
DROP TRIGGER restore_guard ON erasure_log;
