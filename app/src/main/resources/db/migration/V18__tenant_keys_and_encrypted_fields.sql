-- Encryption at rest (E1-E4): a key per tenant, wrapped by the key-encryption key (KEK), and every
-- personal column and sealed secret stored as ciphertext under that key.
--
-- Stored form of an encrypted column (bytea):
--   0x01 || 4-byte key id || ...  a Tink AES-256-GCM ciphertext under the tenant's field keyset,
--                                 associated data = tenant, table, column and row id;
--   0x00 || UTF-8 text            a value written before this migration, still in clear. The
--                                 re-encryption job (crypto module) turns every such value into
--                                 ciphertext after the upgrade, resumably, and then keeps every
--                                 value under the tenant's current primary key after a rotation.

-- The tenant's keysets, one row per purpose, only ever stored wrapped by the KEK. Never part of a
-- backup or an export (the registry marks the table as key material): destroying these rows is
-- what makes every copy of the tenant's data unreadable. No foreign key to the tenant catalog:
-- the record of a destroyed keyset outlives the workspace (it goes into the deletion certificate).
CREATE TABLE tenant_keyset (
    tenant_id      uuid   NOT NULL,
    purpose        text   NOT NULL CHECK (purpose IN ('fields', 'files', 'index')),
    kek_id         text   CHECK (length(kek_id) <= 200),
    wrapped        bytea,
    primary_key_id bigint NOT NULL,
    key_ids        bigint[] NOT NULL,
    sealed_key_id  bigint,
    created_at     timestamptz(3) NOT NULL DEFAULT now(),
    rotated_at     timestamptz(3),
    destroyed_at   timestamptz(3),
    PRIMARY KEY (tenant_id, purpose),
    CHECK ((destroyed_at IS NULL) = (wrapped IS NOT NULL AND kek_id IS NOT NULL))
);
SELECT enable_tenant_isolation('tenant_keyset');
COMMENT ON COLUMN tenant_keyset.wrapped IS 'secret: the tenant keyset, encrypted by the key-encryption key';

-- The re-encryption job must find tenants with work to do: no keyset yet (created before this
-- migration), values not yet confirmed under the current primary key, or a keyset wrapped by an
-- older KEK. The owner role may scan the keyset rows only through the function below, which answers
-- with tenant ids and nothing else; the job then binds each tenant and works under the normal policy.
CREATE POLICY key_scan ON tenant_keyset FOR SELECT TO ${flyway:user} USING (true);

CREATE FUNCTION tenant_keys_pending(p_current_kek text, p_after uuid, p_limit int)
    RETURNS TABLE (tenant_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT t.id FROM public.tenant t
     WHERE t.id > p_after
       AND (NOT EXISTS (SELECT 1 FROM public.tenant_keyset k WHERE k.tenant_id = t.id AND k.purpose = 'fields')
        OR EXISTS (SELECT 1 FROM public.tenant_keyset k WHERE k.tenant_id = t.id AND k.destroyed_at IS NULL
                      AND (k.kek_id <> p_current_kek
                           OR (k.purpose = 'fields' AND k.sealed_key_id IS DISTINCT FROM k.primary_key_id))))
     ORDER BY t.id
     LIMIT least(greatest(p_limit, 1), 1000)
$$;
REVOKE ALL ON FUNCTION tenant_keys_pending(text, uuid, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_keys_pending(text, uuid, int) TO ${runtime_role};

-- Person records: the seven personal fields become ciphertext. Their length rules stay in the
-- application (FieldRules); the database cannot read the values any more.
ALTER TABLE employee
    DROP CONSTRAINT IF EXISTS employee_personal_email_check,
    DROP CONSTRAINT IF EXISTS employee_phone_check,
    DROP CONSTRAINT IF EXISTS employee_home_address_check,
    DROP CONSTRAINT IF EXISTS employee_national_id_check,
    DROP CONSTRAINT IF EXISTS employee_iban_check,
    DROP CONSTRAINT IF EXISTS employee_emergency_contact_check;
ALTER TABLE employee
    ALTER COLUMN date_of_birth TYPE bytea USING '\x00'::bytea || convert_to(date_of_birth::text, 'UTF8'),
    ALTER COLUMN personal_email TYPE bytea USING '\x00'::bytea || convert_to(personal_email, 'UTF8'),
    ALTER COLUMN phone TYPE bytea USING '\x00'::bytea || convert_to(phone, 'UTF8'),
    ALTER COLUMN home_address TYPE bytea USING '\x00'::bytea || convert_to(home_address, 'UTF8'),
    ALTER COLUMN national_id TYPE bytea USING '\x00'::bytea || convert_to(national_id, 'UTF8'),
    ALTER COLUMN iban TYPE bytea USING '\x00'::bytea || convert_to(iban, 'UTF8'),
    ALTER COLUMN emergency_contact TYPE bytea USING '\x00'::bytea || convert_to(emergency_contact, 'UTF8');

-- Blind index of the national id: HMAC-SHA-256 under the tenant's index key, so a duplicate can be
-- found without the value in clear (it reveals only which records share a value).
ALTER TABLE employee ADD COLUMN national_id_index bytea;
CREATE INDEX employee_national_id_index ON employee (tenant_id, national_id_index) WHERE national_id_index IS NOT NULL;

-- The audit trail's personal values: one ciphertext per record. The trail stays append-only; the
-- one change allowed besides blanking personal_diff (erasure) is replacing it (re-encryption under
-- a new key): it is outside the hash, and the salted commitments in diff, which are inside it,
-- expose any other value put there (AuditVerifier).
ALTER TABLE audit_event
    ALTER COLUMN personal_diff TYPE bytea USING '\x00'::bytea || convert_to(personal_diff::text, 'UTF8');
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (to_jsonb(NEW) - 'personal_diff') = (to_jsonb(OLD) - 'personal_diff') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
GRANT UPDATE (personal_diff) ON audit_event TO ${runtime_role};

-- Mail waiting in the outbox may hold single-use links: sealed under the tenant's key as well.
ALTER TABLE mail_outbox
    ALTER COLUMN body TYPE bytea USING '\x00'::bytea || convert_to(body, 'UTF8');

-- Password hashes (Argon2id) are sealed under the tenant's key too: a copy of the database alone
-- then gives no hash to run a password-guessing attack against.
ALTER TABLE app_user
    ALTER COLUMN password_hash TYPE bytea USING '\x00'::bytea || convert_to(password_hash, 'UTF8');
