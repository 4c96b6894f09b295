package io.strongroom.identity;

import java.util.UUID;

/**
 * What administrators do to accounts and workspace security settings, for the browser pages (the
 * JSON API offers the same). Each method checks the caller's permission itself as well.
 */
public interface AccountAdministration {

    /** Mails the user a link to set a new password; the administrator never sees it. Needs {@code users:manage}. */
    void sendResetLink(UUID userId);

    /** Mails an invited user a new invitation link (earlier ones stop working). Needs {@code users:manage}. */
    void resendInvitation(UUID userId);

    void unlock(UUID userId);

    /** Disabling ends the user's sessions. */
    void setEnabled(UUID userId, boolean enabled);

    /**
     * Removes a user's second factors and recovery codes (a lost phone): their sessions end and they
     * are told by e-mail; an Owner's only by an Owner. Needs {@code users:manage}.
     */
    void resetSecondFactors(UUID userId);

    PasswordPolicy passwordPolicy();

    /** Needs {@code settings:manage}; throws a 400 problem naming each invalid field. */
    PasswordPolicy updatePasswordPolicy(String mode, Integer minLength, Integer minScore);

    SessionSettings sessionSettings();

    SessionSettings updateSessionSettings(Integer idleTimeoutMinutes, Integer absoluteLifetimeMinutes);

    /** The workspace's default language and time zone, for members who chose none. */
    RegionalDefaults regionalDefaults();

    /** Needs {@code settings:manage}; a 400 names an unknown language or time zone. */
    RegionalDefaults updateRegionalDefaults(String language, String timeZone);

    /** @param language a tag of {@link io.strongroom.platform.Language}; @param timeZone an IANA id */
    record RegionalDefaults(String language, String timeZone) {
    }

    record PasswordPolicy(String mode, int minLength, int maxLength, int minScore) {
    }

    record SessionSettings(int idleTimeoutMinutes, int absoluteLifetimeMinutes) {
    }
}
