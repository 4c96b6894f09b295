-- Signing keys against a database-level attacker (A8, E4). The runtime role may read the key rows
-- but not write them: a forged public key or a revived expired row must never be published. Every
-- write goes through the two narrow functions below, owned by the owner role. They can only add a
-- key (whose private half the caller must have sealed with the master keyset, or it is refused on
-- load) and drop keys that are already retired; neither can change an existing row's key material
-- or bring a retired key back. The application additionally derives each published public key from
-- the unsealed private key and refuses a row whose stored public key differs (SigningKeys).
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON signing_key FROM ${runtime_role};

-- Adds a new key that signs from p_activates; the keys it replaces stop signing then and stop
-- verifying p_retire_after later (when every token they signed has expired).
CREATE FUNCTION signing_key_add(p_kid text, p_public_jwk text, p_sealed bytea, p_created timestamptz,
                                p_activates timestamptz, p_retire_after interval)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF p_retire_after < interval '0' OR p_retire_after > interval '1 day' THEN
        RAISE EXCEPTION 'retire_after out of range' USING ERRCODE = '22023';
    END IF;
    UPDATE public.signing_key
       SET superseded_at = p_activates, expires_at = p_activates + p_retire_after
     WHERE superseded_at IS NULL OR superseded_at > p_activates;
    INSERT INTO public.signing_key (kid, algorithm, public_jwk, sealed_private, created_at, activates_at)
    VALUES (p_kid, 'ES256', p_public_jwk, p_sealed, p_created, p_activates);
END
$$;
REVOKE ALL ON FUNCTION signing_key_add(text, text, bytea, timestamptz, timestamptz, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION signing_key_add(text, text, bytea, timestamptz, timestamptz, interval) TO ${runtime_role};

-- Drops keys that stopped verifying before p_cutoff; the key that signs now has no expiry and stays.
CREATE FUNCTION signing_key_prune(p_cutoff timestamptz)
    RETURNS int
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    WITH gone AS (DELETE FROM public.signing_key WHERE expires_at IS NOT NULL AND expires_at < p_cutoff RETURNING 1)
    SELECT count(*)::int FROM gone
$$;
REVOKE ALL ON FUNCTION signing_key_prune(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION signing_key_prune(timestamptz) TO ${runtime_role};
