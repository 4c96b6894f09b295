-- People: the employee records of a company. Personal-data columns are listed in the people
-- module's PersonalData catalog, which masking, audit redaction, export and erasure all use.
CREATE TABLE employee (
    tenant_id          uuid NOT NULL REFERENCES tenant (id),
    id                 uuid NOT NULL,
    given_name         text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
    family_name        text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
    work_email         text CHECK (length(work_email) <= 254),
    job_title          text CHECK (length(job_title) <= 100),
    department         text CHECK (length(department) <= 100),
    manager_id         uuid,
    start_date         date,
    end_date           date,
    status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'on_leave', 'terminated')),
    user_id            uuid,
    -- personal data
    date_of_birth      date,
    personal_email     text CHECK (length(personal_email) <= 254),
    phone              text CHECK (length(phone) <= 30),
    home_address       text CHECK (length(home_address) <= 500),
    national_id        text CHECK (length(national_id) <= 50),
    iban               text CHECK (length(iban) <= 34),
    emergency_contact  text CHECK (length(emergency_contact) <= 300),
    version            int  NOT NULL DEFAULT 1,
    created_at         timestamptz(3) NOT NULL DEFAULT now(),
    updated_at         timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
    CHECK (manager_id IS NULL OR manager_id <> id),
    FOREIGN KEY (tenant_id, manager_id) REFERENCES employee (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE SET NULL (user_id)
);
CREATE UNIQUE INDEX employee_user_key ON employee (tenant_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX employee_name ON employee (tenant_id, family_name, given_name, id);
CREATE INDEX employee_department ON employee (tenant_id, lower(department));
CREATE INDEX employee_manager ON employee (tenant_id, manager_id);

ALTER TABLE employee ENABLE ROW LEVEL SECURITY;
ALTER TABLE employee FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON employee
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
