-- Data-subject requests (G1): what a person asked of the company under the GDPR, how their identity
-- was checked, the deadline (one month, extendable by two with a reason), and the answer.
CREATE TABLE subject_request (
    tenant_id        uuid NOT NULL REFERENCES tenant (id),
    id               uuid NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'portability', 'restriction',
                                                   'objection', 'information')),
    person_id        uuid,
    subject_email    bytea,
    subject_name     bytea,
    identity_check   bytea NOT NULL,
    details          bytea,
    received_at      timestamptz(3) NOT NULL,
    due_at           timestamptz(3) NOT NULL,
    extended_at      timestamptz(3),
    extension_reason text CHECK (length(extension_reason) BETWEEN 1 AND 500),
    status           text NOT NULL CHECK (status IN ('open', 'completed', 'refused')),
    answer           bytea,
    closed_at        timestamptz(3),
    created_by       uuid NOT NULL,
    reminded_days    int[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant_id, id),
    -- (a request names a person or an address when it is made; an erasure removes the person, the request stays)
    FOREIGN KEY (tenant_id, person_id) REFERENCES employee (tenant_id, id) ON DELETE SET NULL (person_id),
    CHECK ((extended_at IS NULL) = (extension_reason IS NULL))
);
CREATE INDEX subject_request_open ON subject_request (tenant_id, due_at) WHERE status = 'open';
SELECT enable_tenant_isolation('subject_request');
COMMENT ON COLUMN subject_request.subject_email IS 'personal: the e-mail address the request came from';
COMMENT ON COLUMN subject_request.subject_name IS 'personal: the name the requester gave';
COMMENT ON COLUMN subject_request.identity_check IS 'personal: how the requester''s identity was checked';
COMMENT ON COLUMN subject_request.details IS 'personal: what was asked, in the requester''s words';
COMMENT ON COLUMN subject_request.answer IS 'personal: what the company answered';

-- The reminder job must find open requests near their deadline in every workspace: ids only.
CREATE POLICY reminder_scan ON subject_request FOR SELECT TO ${flyway:user} USING (status = 'open');
CREATE FUNCTION subject_requests_due(p_until timestamptz, p_limit int)
    RETURNS TABLE (tenant_id uuid, id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT r.tenant_id, r.id FROM public.subject_request r
     WHERE r.status = 'open' AND r.due_at <= p_until
     ORDER BY r.due_at, r.id
     LIMIT least(greatest(p_limit, 1), 1000)
$$;
REVOKE ALL ON FUNCTION subject_requests_due(timestamptz, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION subject_requests_due(timestamptz, int) TO ${runtime_role};
