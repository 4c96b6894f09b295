-- Language and time zone: each user may choose their own; the workspace sets the defaults for
-- those who have not (and for the e-mails sent to invited users). Languages are the tags of
-- platform.Language, time zones IANA ids (checked by the application against the JDK's list).
ALTER TABLE app_user
    ADD COLUMN locale    text CHECK (locale ~ '^[a-z]{2}$'),
    ADD COLUMN time_zone text CHECK (length(time_zone) BETWEEN 1 AND 64 AND time_zone ~ '^[A-Za-z0-9_+\-/]+$');

CREATE TABLE workspace_settings (
    tenant_id         uuid NOT NULL REFERENCES tenant (id),
    default_locale    text NOT NULL DEFAULT 'en' CHECK (default_locale ~ '^[a-z]{2}$'),
    default_time_zone text NOT NULL DEFAULT 'UTC'
        CHECK (length(default_time_zone) BETWEEN 1 AND 64 AND default_time_zone ~ '^[A-Za-z0-9_+\-/]+$'),
    updated_at        timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id)
);
SELECT enable_tenant_isolation('workspace_settings');
