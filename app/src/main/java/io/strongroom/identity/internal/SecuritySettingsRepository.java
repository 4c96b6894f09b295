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

    MfaPolicy mfaPolicy() {
        return jdbc.sql("""
                select mfa_mode, mfa_permissions, mfa_grace_days, mfa_required_since, mfa_methods, remember_device_days
                  from security_settings where tenant_id = :tenant""")
                .param("tenant", TenantContext.require())
                .query((rs, n) -> new MfaPolicy(rs.getString(1),
                        java.util.Set.of((String[]) rs.getArray(2).getArray()), rs.getInt(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                        java.util.Set.of((String[]) rs.getArray(5).getArray()), rs.getInt(6)))
                .optional()
                .orElse(MfaPolicy.OFF);
    }

    void saveMfaPolicy(MfaPolicy policy) {
        jdbc.sql("""
                insert into security_settings (tenant_id, mfa_mode, mfa_permissions, mfa_grace_days, mfa_required_since,
                                               mfa_methods, remember_device_days, updated_at)
                values (:tenant, :mode, :permissions, :grace, :since, :methods, :remember, now())
                on conflict (tenant_id) do update set
                    mfa_mode = excluded.mfa_mode,
                    mfa_permissions = excluded.mfa_permissions,
                    mfa_grace_days = excluded.mfa_grace_days,
                    mfa_required_since = excluded.mfa_required_since,
                    mfa_methods = excluded.mfa_methods,
                    remember_device_days = excluded.remember_device_days,
                    updated_at = now()
                """)
                .param("tenant", TenantContext.require())
                .param("mode", policy.mode())
                .param("permissions", new java.util.TreeSet<>(policy.permissions()).toArray(String[]::new))
                .param("methods", new java.util.TreeSet<>(policy.methods()).toArray(String[]::new))
                .param("remember", policy.rememberDeviceDays())
                .param("grace", policy.graceDays())
                .param("since", policy.requiredSince() == null ? null : java.sql.Timestamp.from(policy.requiredSince()))
                .update();
    }

    /** The address ranges the workspace's members may work from; empty for anywhere. */
    java.util.List<String> allowedNetworks() {
        return jdbc.sql("select allowed_networks from security_settings where tenant_id = :tenant")
                .param("tenant", TenantContext.require())
                .query((rs, n) -> java.util.List.of((String[]) rs.getArray(1).getArray()))
                .optional()
                .orElse(java.util.List.of());
    }

    void saveAllowedNetworks(java.util.List<String> networks) {
        jdbc.sql("""
                insert into security_settings (tenant_id, allowed_networks, updated_at) values (:tenant, :networks, now())
                on conflict (tenant_id) do update set allowed_networks = excluded.allowed_networks, updated_at = now()
                """)
                .param("tenant", TenantContext.require())
                .param("networks", networks.toArray(String[]::new))
                .update();
    }

    /** "SSO only" and the break-glass Owners who may still sign in with a password (A7). */
    record SsoPolicy(boolean ssoOnly, java.util.List<java.util.UUID> breakGlass) {

        /** Whether {@code userId} may sign in without the workspace's identity provider. */
        boolean allowsLocalSignIn(java.util.UUID userId) {
            return !ssoOnly || breakGlass.contains(userId);
        }
    }

    SsoPolicy ssoPolicy() {
        return jdbc.sql("select sso_only, break_glass_users from security_settings where tenant_id = :tenant")
                .param("tenant", TenantContext.require())
                .query((rs, n) -> new SsoPolicy(rs.getBoolean(1),
                        java.util.List.of((java.util.UUID[]) rs.getArray(2).getArray())))
                .optional()
                .orElse(new SsoPolicy(false, java.util.List.of()));
    }

    void saveSsoPolicy(SsoPolicy policy) {
        jdbc.sql("""
                insert into security_settings (tenant_id, sso_only, break_glass_users, updated_at)
                values (:tenant, :only, :users, now())
                on conflict (tenant_id) do update set sso_only = excluded.sso_only,
                    break_glass_users = excluded.break_glass_users, updated_at = now()
                """)
                .param("tenant", TenantContext.require()).param("only", policy.ssoOnly())
                .param("users", policy.breakGlass().toArray(java.util.UUID[]::new))
                .update();
    }
}
