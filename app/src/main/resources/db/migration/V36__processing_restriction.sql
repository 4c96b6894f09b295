-- Restriction of processing (G1, GDPR Art. 18): while a row names a person, their record is not changed.
-- Not tied to the person row by a foreign key, and neither copied nor touched by a restore: a restore
-- replaces the person rows, and a restriction made after the backup must outlive that.
CREATE TABLE processing_restriction (
    tenant_id     uuid NOT NULL REFERENCES tenant (id),
    person_id     uuid NOT NULL,
    request_id    uuid NOT NULL,
    restricted_at timestamptz(3) NOT NULL,
    restricted_by uuid NOT NULL,
    PRIMARY KEY (tenant_id, person_id)
);
SELECT enable_tenant_isolation('processing_restriction');
DROP TRIGGER restore_guard ON processing_restriction;
