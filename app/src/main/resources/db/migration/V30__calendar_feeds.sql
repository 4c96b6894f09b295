-- Calendar feeds (iCalendar) of time off: a user's own absences, or their team's ("Absent" for
-- others). A feed is read without signing in, by a secret URL shown once; only the token's hash is
-- kept. A feed is revoked by its user; it dies with the account. A restore clears them (a revoked
-- feed must not come back): the user subscribes again.
CREATE TABLE calendar_feed (
    tenant_id    uuid NOT NULL REFERENCES tenant (id),
    id           uuid NOT NULL,
    user_id      uuid NOT NULL,
    scope        text NOT NULL CHECK (scope IN ('mine', 'team')),
    department   text CHECK (length(department) BETWEEN 1 AND 100),
    token_hash   bytea NOT NULL UNIQUE,
    created_at   timestamptz(3) NOT NULL,
    revoked_at   timestamptz(3),
    last_read_at timestamptz(3),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX calendar_feed_user ON calendar_feed (tenant_id, user_id);
COMMENT ON COLUMN calendar_feed.token_hash IS 'secret: SHA-256 of a calendar feed''s token';
SELECT enable_tenant_isolation('calendar_feed');
