package io.strongroom.identity.internal;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.platform.TenantContext;

/** The bound tenant's security settings; a tenant without a row has the defaults. */
@Repository
class SecuritySettingsRepository {

    private final JdbcClient jdbc;

    SecuritySettingsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    SecuritySettings current() {
        return jdbc.sql("""
                select password_mode, password_min_length, password_min_score, session_idle_minutes,
                       session_absolute_minutes
                  from security_settings where tenant_id = :tenant
                """)
                .param("tenant", TenantContext.require())
                .query((rs, n) -> new SecuritySettings(rs.getString(1), rs.getInt(2), rs.getInt(3),
                        Duration.ofMinutes(rs.getInt(4)), Duration.ofMinutes(rs.getInt(5))))
                .optional()
                .orElse(SecuritySettings.DEFAULTS);
    }

    void save(SecuritySettings settings) {
        jdbc.sql("""
                insert into security_settings (tenant_id, password_mode, password_min_length, password_min_score,
                                               session_idle_minutes, session_absolute_minutes, updated_at)
                values (:tenant, :mode, :minLength, :minScore, :idle, :absolute, now())
                on conflict (tenant_id) do update set
                    password_mode = excluded.password_mode,
                    password_min_length = excluded.password_min_length,
                    password_min_score = excluded.password_min_score,
                    session_idle_minutes = excluded.session_idle_minutes,
                    session_absolute_minutes = excluded.session_absolute_minutes,
                    updated_at = now()
                """)
                .param("tenant", TenantContext.require())
                .param("mode", settings.passwordMode())
                .param("minLength", settings.passwordMinLength())
                .param("minScore", settings.passwordMinScore())
                .param("idle", (int) settings.sessionIdle().toMinutes())
                .param("absolute", (int) settings.sessionAbsolute().toMinutes())
                .update();
    }
}
