package io.strongroom.identity.internal;

import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.identity.Regional;
import io.strongroom.platform.Language;
import io.strongroom.platform.TenantContext;

/**
 * Languages and time zones of the bound tenant: the workspace's defaults ({@code workspace_settings};
 * a tenant without a row has English and UTC) and each user's own choice ({@code app_user.locale},
 * {@code time_zone}; null means "the workspace's default").
 */
@Repository
class RegionalRepository {

    private final JdbcClient jdbc;

    RegionalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A user's own choice: either part may be empty (the workspace's default applies). */
    record Choice(Optional<Language> language, Optional<ZoneId> zone) {

        static final Choice NONE = new Choice(Optional.empty(), Optional.empty());

        Regional over(Regional defaults) {
            return new Regional(language.orElse(defaults.language()), zone.orElse(defaults.zone()));
        }
    }

    Regional workspaceDefaults() {
        return jdbc.sql("select default_locale, default_time_zone from workspace_settings where tenant_id = :tenant")
                .param("tenant", TenantContext.require())
                .query((rs, n) -> regional(rs.getString(1), rs.getString(2)))
                .optional()
                .orElse(Regional.FALLBACK);
    }

    void saveWorkspaceDefaults(Regional defaults) {
        jdbc.sql("""
                insert into workspace_settings (tenant_id, default_locale, default_time_zone, updated_at)
                values (:tenant, :locale, :zone, now())
                on conflict (tenant_id) do update set default_locale = excluded.default_locale,
                    default_time_zone = excluded.default_time_zone, updated_at = now()
                """)
                .param("tenant", TenantContext.require())
                .param("locale", defaults.language().tag())
                .param("zone", defaults.zone().getId())
                .update();
    }

    Choice choice(UUID userId) {
        return jdbc.sql("select locale, time_zone from app_user where tenant_id = :tenant and id = :id")
                .param("tenant", TenantContext.require())
                .param("id", userId)
                .query((rs, n) -> choice(rs.getString(1), rs.getString(2)))
                .optional()
                .orElse(Choice.NONE);
    }

    boolean saveChoice(UUID userId, Choice choice) {
        return jdbc.sql("""
                update app_user set locale = :locale, time_zone = :zone, updated_at = now()
                 where tenant_id = :tenant and id = :id
                """)
                .param("tenant", TenantContext.require())
                .param("id", userId)
                .param("locale", choice.language().map(Language::tag).orElse(null))
                .param("zone", choice.zone().map(ZoneId::getId).orElse(null))
                .update() == 1;
    }

    /** What the user with this address reads (their choice over the workspace's defaults); the defaults for an unknown address. */
    Regional forAddress(String email) {
        Regional defaults = workspaceDefaults();
        return jdbc.sql("select locale, time_zone from app_user where tenant_id = :tenant and lower(email) = lower(:email)")
                .param("tenant", TenantContext.require())
                .param("email", email)
                .query((rs, n) -> choice(rs.getString(1), rs.getString(2)))
                .optional()
                .orElse(Choice.NONE)
                .over(defaults);
    }

    /** Stored values are checked when written; one that no longer parses (a JDK dropped a zone) falls back. */
    private static Choice choice(String locale, String zone) {
        return new Choice(Optional.ofNullable(locale).flatMap(Language::ofTag), Optional.ofNullable(zone).flatMap(RegionalRepository::zoneOf));
    }

    private static Regional regional(String locale, String zone) {
        return new Regional(Language.ofTag(locale).orElse(Language.FALLBACK), zoneOf(zone).orElse(Regional.FALLBACK.zone()));
    }

    private static Optional<ZoneId> zoneOf(String id) {
        try {
            return Optional.of(ZoneId.of(id));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
