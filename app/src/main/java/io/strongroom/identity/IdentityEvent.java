package io.strongroom.identity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.strongroom.platform.FieldChange;

/**
 * An authentication or account event, published as a Spring application event so that the audit
 * trail can record it without touching identity code. Published inside the transaction of the
 * change when there is one; failures and refusals are published after their own transaction.
 *
 * @param type what happened
 * @param tenantId the tenant, or {@code null} when the workspace named by the caller does not exist
 * @param userId the account concerned, or {@code null} when unknown
 * @param actorUserId who did it: the account itself, an administrator, or {@code null} (anonymous/system)
 * @param email the e-mail address concerned (as given, for unknown accounts)
 * @param outcome success, failure or denied
 * @param reason why, for failures (never a secret)
 * @param clientIp resolved client IP, or {@code null} for jobs
 * @param userAgent the caller's user agent
 * @param requestId the request id
 * @param occurredAt when
 * @param details extra facts (e.g. session id, lock length), and the changes made as
 *        {@link FieldChange} values ({@link #changes()}); never secrets
 */
public record IdentityEvent(Type type, UUID tenantId, UUID userId, UUID actorUserId, String email, Outcome outcome,
        String reason, String clientIp, String userAgent, String requestId, Instant occurredAt,
        Map<String, Object> details) {

    /** The changes the event made, field by field (the audit trail's diff). */
    public Map<String, FieldChange> changes() {
        Map<String, FieldChange> changes = new LinkedHashMap<>();
        details.forEach((key, value) -> {
            if (value instanceof FieldChange change) {
                changes.put(key, change);
            }
        });
        return changes;
    }

    /** The details that are not changes. */
    public Map<String, Object> facts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        details.forEach((key, value) -> {
            if (!(value instanceof FieldChange)) {
                facts.put(key, value);
            }
        });
        return facts;
    }

    public enum Outcome {
        SUCCESS, FAILURE, DENIED
    }

    /** Event types; {@link #action()} is the audit trail's action name. */
    public enum Type {
        SIGN_IN("auth.login"),
        SIGN_IN_FAILED("auth.login.failed"),
        ACCOUNT_LOCKED("auth.lockout"),
        ACCOUNT_UNLOCKED("auth.unlock"),
        ACCOUNT_DISABLED("user.disabled"),
        USER_INVITED("user.invited"),
        INVITATION_ACCEPTED("user.invitation_accepted"),
        INVITATION_RESENT("user.invitation_resent"),
        USER_DELETED("user.deleted"),
        ACCOUNT_ENABLED("user.enabled"),
        SIGNED_OUT("auth.logout"),
        SESSION_REFRESHED("auth.refresh"),
        REFRESH_TOKEN_REUSED("auth.refresh.reuse_detected"),
        SESSION_REVOKED("auth.session.revoked"),
        ALL_SESSIONS_REVOKED("auth.session.revoked_all"),
        PASSWORD_CHANGED("auth.password.changed"),
        PASSWORD_CHANGE_FAILED("auth.password.change_failed"),
        PASSWORD_RESET_REQUESTED("auth.password.reset_requested"),
        PASSWORD_RESET_COMPLETED("auth.password.reset_completed"),
        PASSWORD_POLICY_CHANGED("settings.password_policy.updated"),
        SESSION_SETTINGS_CHANGED("settings.sessions.updated"),
        SIGNING_KEY_ROTATED("auth.signing_key.rotated"),
        REGIONAL_SETTINGS_CHANGED("settings.regional.updated"),
        PREFERENCES_CHANGED("user.preferences.updated"),
        MFA_FACTOR_ADDED("user.mfa.factor_added"),
        MFA_FACTOR_REMOVED("user.mfa.factor_removed"),
        MFA_RECOVERY_CODES_GENERATED("user.mfa.recovery_codes_generated"),
        MFA_RECOVERY_CODE_USED("user.mfa.recovery_code_used"),
        MFA_RESET("user.mfa.reset"),
        MFA_POLICY_CHANGED("settings.mfa.updated"),
        NETWORK_POLICY_CHANGED("settings.network.updated"),
        NETWORK_REFUSED("access.network_refused"),
        STEPPED_UP("auth.step_up"),
        STEP_UP_FAILED("auth.step_up.failed"),
        DEVICE_FORGOTTEN("user.device.forgotten"),
        SSO_CONNECTION_ADDED("settings.sso.connection_added"),
        SSO_CONNECTION_REMOVED("settings.sso.connection_removed"),
        SSO_CONNECTION_UPDATED("settings.sso.connection_updated"),
        USER_PROVISIONED("user.provisioned"),
        USER_UPDATED("user.updated"),
        SCIM_TOKEN_CREATED("settings.scim.token_created"),
        SCIM_TOKEN_UPDATED("settings.scim.token_updated"),
        SCIM_TOKEN_REVOKED("settings.scim.token_revoked"),
        SCIM_GROUP_CHANGED("scim.group.changed"),
        SSO_POLICY_CHANGED("settings.sso.updated");

        private final String action;

        Type(String action) {
            this.action = action;
        }

        public String action() {
            return action;
        }
    }
}
