-- Time off: leave types, work locations (country, region, work week), policies, company holidays,
-- requests and the balance ledger. A balance is the sum of its ledger entries, each with its reason.
-- Work weeks are a bit set of ISO days: Monday = 1, Tuesday = 2, ... Sunday = 64 (Monday to Friday = 31).

CREATE TABLE leave_type (
    tenant_id       uuid NOT NULL REFERENCES tenant (id),
    id              uuid NOT NULL,
    builtin_key     text CHECK (builtin_key IN ('vacation', 'sick', 'parental', 'unpaid')),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    paid            boolean NOT NULL,
    needs_approval  boolean NOT NULL,
    half_days       boolean NOT NULL,
    uses_balance    boolean NOT NULL,
    sensitive       boolean NOT NULL,
    colour          text NOT NULL CHECK (colour ~ '^#[0-9a-f]{6}$'),
    active          boolean NOT NULL DEFAULT true,
    version         int NOT NULL DEFAULT 1,
    created_at      timestamptz(3) NOT NULL DEFAULT now(),
    updated_at      timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX leave_type_name ON leave_type (tenant_id, lower(name));
CREATE UNIQUE INDEX leave_type_builtin ON leave_type (tenant_id, builtin_key) WHERE builtin_key IS NOT NULL;

CREATE TABLE work_location (
    tenant_id    uuid NOT NULL REFERENCES tenant (id),
    id           uuid NOT NULL,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    country      text NOT NULL CHECK (country ~ '^[a-z]{2}$'),
    region       text CHECK (region ~ '^[a-z0-9_]{1,20}$'),
    work_week    smallint NOT NULL DEFAULT 31 CHECK (work_week BETWEEN 1 AND 127),
    version      int NOT NULL DEFAULT 1,
    created_at   timestamptz(3) NOT NULL DEFAULT now(),
    updated_at   timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX work_location_name ON work_location (tenant_id, lower(name));

-- A policy of a leave type, for one location or (location_id null) for everyone else, from first_year on.
CREATE TABLE leave_policy (
    tenant_id            uuid NOT NULL REFERENCES tenant (id),
    id                   uuid NOT NULL,
    leave_type_id        uuid NOT NULL,
    location_id          uuid,
    annual_days          numeric(4, 1) NOT NULL CHECK (annual_days BETWEEN 0 AND 365 AND annual_days * 2 = trunc(annual_days * 2)),
    accrual              text NOT NULL CHECK (accrual IN ('yearly', 'monthly')),
    carry_over_max       numeric(4, 1) NOT NULL DEFAULT 0 CHECK (carry_over_max BETWEEN 0 AND 365 AND carry_over_max * 2 = trunc(carry_over_max * 2)),
    carry_over_expires   text CHECK (carry_over_expires ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
    negative_allowed     numeric(4, 1) NOT NULL DEFAULT 0 CHECK (negative_allowed BETWEEN 0 AND 365 AND negative_allowed * 2 = trunc(negative_allowed * 2)),
    first_year           int NOT NULL CHECK (first_year BETWEEN 1900 AND 2999),
    version              int NOT NULL DEFAULT 1,
    created_at           timestamptz(3) NOT NULL DEFAULT now(),
    updated_at           timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, leave_type_id) REFERENCES leave_type (tenant_id, id),
    FOREIGN KEY (tenant_id, location_id) REFERENCES work_location (tenant_id, id)
);
CREATE UNIQUE INDEX leave_policy_scope ON leave_policy (tenant_id, leave_type_id,
    coalesce(location_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- Days the company closes (for one location, or for everyone when location_id is null); half_day: the afternoon.
CREATE TABLE company_holiday (
    tenant_id    uuid NOT NULL REFERENCES tenant (id),
    id           uuid NOT NULL,
    location_id  uuid,
    day          date NOT NULL,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    half_day     boolean NOT NULL DEFAULT false,
    created_at   timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, location_id) REFERENCES work_location (tenant_id, id)
);
CREATE UNIQUE INDEX company_holiday_day ON company_holiday (tenant_id,
    coalesce(location_id, '00000000-0000-0000-0000-000000000000'::uuid), day);

-- A person's time-off settings: where they work and (part-time) their own work week. The row is
-- also the lock every balance change of the person takes, so two requests never spend one day twice.
CREATE TABLE leave_member (
    tenant_id    uuid NOT NULL REFERENCES tenant (id),
    employee_id  uuid NOT NULL,
    location_id  uuid,
    work_week    smallint CHECK (work_week BETWEEN 1 AND 127),
    version      int NOT NULL DEFAULT 1,
    updated_at   timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, employee_id),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employee (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, location_id) REFERENCES work_location (tenant_id, id)
);

CREATE TABLE leave_request (
    tenant_id       uuid NOT NULL REFERENCES tenant (id),
    id              uuid NOT NULL,
    employee_id     uuid NOT NULL,
    leave_type_id   uuid NOT NULL,
    start_date      date NOT NULL,
    end_date        date NOT NULL,
    start_half      boolean NOT NULL DEFAULT false,
    end_half        boolean NOT NULL DEFAULT false,
    days            numeric(5, 1) NOT NULL CHECK (days > 0),
    status          text NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'cancelled')),
    note            bytea,
    requested_by    uuid NOT NULL,
    decided_by      uuid,
    decided_at      timestamptz(3),
    decision_note   text CHECK (length(decision_note) <= 500),
    version         int NOT NULL DEFAULT 1,
    created_at      timestamptz(3) NOT NULL DEFAULT now(),
    updated_at      timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK (end_date >= start_date AND end_date - start_date <= 366),
    CHECK (NOT (start_date = end_date AND start_half AND end_half)),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employee (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, leave_type_id) REFERENCES leave_type (tenant_id, id)
);
CREATE INDEX leave_request_person ON leave_request (tenant_id, employee_id, start_date);
CREATE INDEX leave_request_dates ON leave_request (tenant_id, start_date, end_date) WHERE status IN ('pending', 'approved');
COMMENT ON COLUMN leave_request.note IS 'personal: why the time off is taken, in the requester''s words (may be health data)';

-- Every change of a balance: the balance of a person, leave type and leave year is the sum of its entries.
CREATE TABLE leave_ledger (
    tenant_id       uuid NOT NULL REFERENCES tenant (id),
    id              uuid NOT NULL,
    employee_id     uuid NOT NULL,
    leave_type_id   uuid NOT NULL,
    leave_year      int NOT NULL CHECK (leave_year BETWEEN 1900 AND 2999),
    kind            text NOT NULL CHECK (kind IN ('entitlement', 'accrual', 'carry_over', 'expiry', 'taken',
                                                  'returned', 'correction')),
    days            numeric(5, 1) NOT NULL,
    effective_on    date NOT NULL,
    expires_on      date,
    request_id      uuid,
    reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_by      uuid,
    created_at      timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employee (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, leave_type_id) REFERENCES leave_type (tenant_id, id),
    FOREIGN KEY (tenant_id, request_id) REFERENCES leave_request (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX leave_ledger_balance ON leave_ledger (tenant_id, employee_id, leave_type_id, leave_year, effective_on);

SELECT enable_tenant_isolation('leave_type');
SELECT enable_tenant_isolation('work_location');
SELECT enable_tenant_isolation('leave_policy');
SELECT enable_tenant_isolation('company_holiday');
SELECT enable_tenant_isolation('leave_member');
SELECT enable_tenant_isolation('leave_request');
SELECT enable_tenant_isolation('leave_ledger');
