-- Substitutes: while a manager is away, another person decides the time-off requests the manager
-- would (from start_date to end_date, in the workspace's time zone).
CREATE TABLE leave_substitute (
    tenant_id      uuid NOT NULL REFERENCES tenant (id),
    id             uuid NOT NULL,
    employee_id    uuid NOT NULL,
    substitute_id  uuid NOT NULL,
    start_date     date NOT NULL,
    end_date       date NOT NULL,
    created_by     uuid NOT NULL,
    created_at     timestamptz(3) NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (end_date >= start_date AND end_date - start_date <= 366),
    CHECK (substitute_id <> employee_id),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employee (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, substitute_id) REFERENCES employee (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX leave_substitute_person ON leave_substitute (tenant_id, employee_id, start_date);
CREATE INDEX leave_substitute_substitute ON leave_substitute (tenant_id, substitute_id, start_date);
SELECT enable_tenant_isolation('leave_substitute');
