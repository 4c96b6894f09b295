-- Step-up (A6): when the session's user last proved who they are. A sign-in sets it; a fresh second
-- factor (or, for users without one, the password again) moves it on, and the session's amr with it.
-- Sensitive actions need it within the last minutes (strongroom.step-up.max-age).
ALTER TABLE auth_session
    ADD COLUMN authenticated_at timestamptz(3);
UPDATE auth_session SET authenticated_at = created_at;
ALTER TABLE auth_session
    ALTER COLUMN authenticated_at SET NOT NULL;
