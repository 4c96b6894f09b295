-- Restriction of processing (G1, GDPR Art. 18): while a row names a person, their record is not changed.
CREATE TABLE processing_restriction (
    tenant_id     uuid NOT NULL REFERENCES tenant (id),
    person_id     uuid NOT NULL,
    request_id    uuid NOT NULL,
    restricted_at timestamptz(3) NOT NULL,
    restricted_by uuid NOT NULL,
    PRIMARY KEY (tenant_id, person_id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES employee (tenant_id, id) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('processing_restriction');
