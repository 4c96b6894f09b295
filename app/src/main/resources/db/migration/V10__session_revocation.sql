-- Ending a session reaches every node at once (A10). Whatever ends a session — sign-out, revoking one,
-- "sign out everywhere", a password change, refresh-token reuse, disabling or deleting the user (whose
-- sessions go by cascade) — passes through this trigger, which announces the session id on the
-- channel every node LISTENs to (delivered when the transaction commits) and keeps the bare id for a
-- day, so a node that lost its listening connection catches up when it reconnects.
-- Not tenant data: a session id says nothing about whom it belonged to.
CREATE TABLE session_revocation (
    session_id  uuid PRIMARY KEY,
    revoked_at  timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX session_revocation_time ON session_revocation (revoked_at);

CREATE FUNCTION announce_session_revocation() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL) THEN
        INSERT INTO public.session_revocation (session_id) VALUES (OLD.id) ON CONFLICT DO NOTHING;
        PERFORM pg_notify('strongroom_session_revoked', OLD.id::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER auth_session_revoked
    AFTER UPDATE OF revoked_at OR DELETE ON auth_session
    FOR EACH ROW EXECUTE FUNCTION announce_session_revocation();

-- A revoked session stays revoked: no role of the application may bring it back.
CREATE FUNCTION refuse_session_revival() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF OLD.revoked_at IS NOT NULL AND (NEW.revoked_at IS NULL OR NEW.revoked_at <> OLD.revoked_at) THEN
        RAISE EXCEPTION 'an ended session cannot be revived' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER auth_session_no_revival
    BEFORE UPDATE OF revoked_at ON auth_session
    FOR EACH ROW EXECUTE FUNCTION refuse_session_revival();
