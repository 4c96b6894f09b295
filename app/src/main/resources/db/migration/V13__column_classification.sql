-- Classifies the columns the tenant-data registry must know about, next to the schema itself:
-- 'personal: ...' marks a personal-data field of a data subject (masked, redacted in audit diffs,
-- encrypted at rest, exported and erased), 'secret: ...' a stored secret (never exported or logged).
-- TenantDataRegistryTest fails when these marks and the modules' TenantTable declarations differ,
-- so a new personal column needs both: the mark here and the entry in its module's field catalog.
COMMENT ON COLUMN employee.date_of_birth IS 'personal: date of birth';
COMMENT ON COLUMN employee.personal_email IS 'personal: private e-mail address';
COMMENT ON COLUMN employee.phone IS 'personal: private phone number';
COMMENT ON COLUMN employee.home_address IS 'personal: home address';
COMMENT ON COLUMN employee.national_id IS 'personal: national identification number';
COMMENT ON COLUMN employee.iban IS 'personal: bank account';
COMMENT ON COLUMN employee.emergency_contact IS 'personal: emergency contact';
COMMENT ON COLUMN audit_event.personal_diff IS 'personal: the personal values of a change, kept apart so erasure can blank them';

COMMENT ON COLUMN app_user.password_hash IS 'secret: Argon2id hash of the password';
COMMENT ON COLUMN refresh_token.token_hash IS 'secret: hash of a refresh token';
COMMENT ON COLUMN one_time_token.token_hash IS 'secret: hash of a single-use link token';
COMMENT ON COLUMN mail_outbox.body IS 'secret: mail text, may hold a single-use link';
