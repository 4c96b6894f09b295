package io.strongroom.identity.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.strongroom.identity.Regional;
import io.strongroom.mail.MailOutbox;
import io.strongroom.mail.MailTemplates;

/**
 * The e-mails identity sends (L2 security notices, A5 recovery links), queued in the outbox inside
 * the transaction of the change that causes them. Each is a template in
 * {@code templates/identity/mail/<language>/}, written in the recipient's language with times in
 * their time zone (their own choice, else the workspace's defaults).
 */
@Component
class Notices {

    private final MailOutbox outbox;
    private final MailTemplates templates;
    private final RegionalRepository regional;
    private final IdentityProperties properties;

    Notices(MailOutbox outbox, MailTemplates templates, RegionalRepository regional, IdentityProperties properties) {
        this.outbox = outbox;
        this.templates = templates;
        this.regional = regional;
        this.properties = properties;
    }

    void newSignIn(String to, String workspace, String ip, String userAgent, Instant at) {
        Regional reader = regional.forAddress(to);
        send(to, reader, "new-sign-in", workspace, Map.of("when", time(at, reader), "ip", orUnknown(ip),
                "browser", orUnknown(userAgent), "link", link(workspace, "forgot-password")));
    }

    void passwordChanged(String to, String workspace, Instant at) {
        Regional reader = regional.forAddress(to);
        send(to, reader, "password-changed", workspace, Map.of("when", time(at, reader),
                "link", link(workspace, "forgot-password")));
    }

    void accountLocked(String to, String workspace, int failures, Instant until) {
        Regional reader = regional.forAddress(to);
        send(to, reader, "account-locked", workspace, Map.of("failures", failures, "until", time(until, reader),
                "link", link(workspace, "forgot-password")));
    }

    void refreshTokenReused(String to, String workspace, String ip, Instant at) {
        Regional reader = regional.forAddress(to);
        send(to, reader, "refresh-token-reused", workspace, Map.of("when", time(at, reader), "ip", orUnknown(ip),
                "link", link(workspace, "forgot-password")));
    }

    void recoveryLink(String to, String workspace, String token, long minutes) {
        send(to, regional.forAddress(to), "recovery-link", workspace, Map.of("minutes", minutes,
                "link", link(workspace, "reset-password?token=" + token)));
    }

    void resetByAdministrator(String to, String workspace, String token, long hours) {
        send(to, regional.forAddress(to), "reset-by-administrator", workspace, Map.of("hours", hours,
                "link", link(workspace, "reset-password?token=" + token)));
    }

    void invitation(String to, String workspace, String company, String token, long days) {
        send(to, regional.forAddress(to), "invitation", workspace, Map.of("company", company, "days", days,
                "link", link(workspace, "accept-invitation?token=" + token)));
    }

    void factorAdded(String to, String workspace, String factor, Instant at) {
        Regional reader = regional.forAddress(to);
        send(to, reader, "mfa-factor-added", workspace, Map.of("factor", factor, "when", time(at, reader),
                "link", link(workspace, "forgot-password")));
    }

    void factorRemoved(String to, String workspace, String factor, Instant at) {
        Regional reader = regional.forAddress(to);
        send(to, reader, "mfa-factor-removed", workspace, Map.of("factor", factor, "when", time(at, reader),
                "link", link(workspace, "forgot-password")));
    }

    void recoveryCodeUsed(String to, String workspace, int left, String ip, Instant at) {
        Regional reader = regional.forAddress(to);
        send(to, reader, "mfa-recovery-code-used", workspace, Map.of("left", left, "ip", orUnknown(ip),
                "when", time(at, reader), "link", link(workspace, "forgot-password")));
    }

    void mfaReset(String to, String workspace, Instant at) {
        Regional reader = regional.forAddress(to);
        send(to, reader, "mfa-reset", workspace, Map.of("when", time(at, reader),
                "link", link(workspace, "forgot-password")));
    }

    private void send(String to, Regional reader, String template, String workspace, Map<String, ?> values) {
        Map<String, Object> variables = new LinkedHashMap<>(values);
        variables.put("workspace", workspace);
        outbox.enqueue(templates.render(to, reader.language(), "identity", template, variables));
    }

    private String link(String workspace, String page) {
        return properties.publicUrl() + "/w/" + workspace + "/" + page;
    }

    /** A time as the reader reads it: their language's date and time, in their zone, the zone named. */
    static String time(Instant at, Regional reader) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(reader.language().locale()).withZone(reader.zone()).format(at)
                + " (" + reader.zone().getId() + ")";
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
