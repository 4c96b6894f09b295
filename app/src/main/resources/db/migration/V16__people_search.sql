-- Search that ignores case and accents ("muller" finds "Müller", "jose" finds "José"): the
-- unaccent extension (PostgreSQL contrib, trusted: the schema owner may create it) behind one
-- IMMUTABLE function, so queries and, later, an index use the same folding.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

CREATE FUNCTION search_fold(value text)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    SET search_path = pg_catalog, public
AS $$
    SELECT lower(public.unaccent('public.unaccent'::regdictionary, value))
$$;
