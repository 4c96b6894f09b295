-- Outgoing mail, written in the transaction of the change that causes it and delivered by a job.
CREATE TABLE mail_outbox (
    tenant_id       uuid        NOT NULL REFERENCES tenant (id),
    id              uuid        NOT NULL,
    recipient       text        NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
    subject         text        NOT NULL CHECK (length(subject) <= 300),
    body            text,       -- deleted once sent: it may hold single-use links
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz(3) NOT NULL DEFAULT now(),
    sent_at         timestamptz(3),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending';

ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON mail_outbox
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- The delivery job must find due messages of every tenant. This policy lets only the owner role
-- (never the runtime role) see pending rows, and only through the function below, which answers
-- with (tenant, message id) pairs and nothing else; the job then binds each tenant and reads the
-- message under the normal policy.
CREATE POLICY delivery_scan ON mail_outbox FOR SELECT TO ${flyway:user}
    USING (status = 'pending');

CREATE FUNCTION mail_outbox_due(p_now timestamptz, p_limit int)
    RETURNS TABLE (tenant_id uuid, id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT m.tenant_id, m.id FROM public.mail_outbox m
     WHERE m.status = 'pending' AND m.next_attempt_at <= p_now
     ORDER BY m.next_attempt_at
     LIMIT least(greatest(p_limit, 1), 500)
$$;
REVOKE ALL ON FUNCTION mail_outbox_due(timestamptz, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mail_outbox_due(timestamptz, int) TO ${runtime_role};
