-- Product metrics (L4) that span tenants: how many messages wait in the outbox and since when.
-- Like mail_outbox_due, the function reads only pending rows (the owner's delivery_scan policy)
-- and answers two numbers, nothing of any message.
CREATE FUNCTION mail_outbox_backlog()
    RETURNS TABLE (pending bigint, oldest timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT count(*), min(m.created_at) FROM public.mail_outbox m WHERE m.status = 'pending'
$$;
REVOKE ALL ON FUNCTION mail_outbox_backlog() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mail_outbox_backlog() TO ${runtime_role};
