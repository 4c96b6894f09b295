package io.strongroom.identity.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

import io.strongroom.mail.MailOutbox;
import io.strongroom.mail.OutgoingMail;

/**
 * The e-mails identity sends (L2 security notices, A5 recovery links), queued in the outbox inside
 * the transaction of the change that causes them.
 */
@Component
class Notices {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final MailOutbox outbox;
    private final IdentityProperties properties;

    Notices(MailOutbox outbox, IdentityProperties properties) {
        this.outbox = outbox;
        this.properties = properties;
    }

    void newSignIn(String to, String workspace, String ip, String userAgent, Instant at) {
        send(to, "New sign-in to your Strongroom account", """
                Your account in the workspace %s was just used to sign in from a device or network address we have not seen before.

                When:       %s
                IP address: %s
                Browser:    %s

                If this was you, there is nothing to do. If it was not, reset your password now and sign out everywhere:
                %s/w/%s/forgot-password
                """.formatted(workspace, TIME.format(at), orUnknown(ip), orUnknown(userAgent), properties.publicUrl(), workspace));
    }

    void passwordChanged(String to, String workspace, Instant at) {
        send(to, "Your Strongroom password was changed", """
                The password of your account in the workspace %s was changed at %s. Your other sessions were signed out.

                If you did not do this, reset your password at once and tell your administrator:
                %s/w/%s/forgot-password
                """.formatted(workspace, TIME.format(at), properties.publicUrl(), workspace));
    }

    void accountLocked(String to, String workspace, int failures, Instant until) {
        send(to, "Your Strongroom account was locked", """
                After %d failed sign-in attempts, your account in the workspace %s is locked until %s.

                If these attempts were not yours, someone may be guessing your password. You can reset it here:
                %s/w/%s/forgot-password
                An administrator can also unlock your account.
                """.formatted(failures, workspace, TIME.format(until), properties.publicUrl(), workspace));
    }

    void refreshTokenReused(String to, String workspace, String ip, Instant at) {
        send(to, "Security alert: a session of your Strongroom account was ended", """
                At %s a sign-in token of your account in the workspace %s that had already been used was presented again
                (from IP address %s). This can mean the token was copied, so we ended that session.

                Sign in again. If you see this message more than once, reset your password and tell your administrator:
                %s/w/%s/forgot-password
                """.formatted(TIME.format(at), workspace, orUnknown(ip), properties.publicUrl(), workspace));
    }

    void recoveryLink(String to, String workspace, String token, long minutes) {
        send(to, "Reset your Strongroom password", """
                Someone (hopefully you) asked to reset the password of your account in the workspace %s.

                Choose a new password here within %d minutes; the link works once:
                %s/w/%s/reset-password?token=%s

                If you did not ask for this, ignore this message; your password stays as it is.
                """.formatted(workspace, minutes, properties.publicUrl(), workspace, token));
    }

    void resetByAdministrator(String to, String workspace, String token, long hours) {
        send(to, "Set a new Strongroom password", """
                An administrator of the workspace %s asked you to set a new password for your account.

                Choose it here within %d hours; the link works once:
                %s/w/%s/reset-password?token=%s
                """.formatted(workspace, hours, properties.publicUrl(), workspace, token));
    }

    void invitation(String to, String workspace, String company, String token, long days) {
        send(to, "You are invited to " + company + " on Strongroom", """
                You have been invited to the Strongroom workspace %s of %s.

                Choose your password here within %d days; the link works once:
                %s/w/%s/accept-invitation?token=%s

                If you did not expect this invitation, ignore this message.
                """.formatted(workspace, company, days, properties.publicUrl(), workspace, token));
    }

    private void send(String to, String subject, String text) {
        outbox.enqueue(new OutgoingMail(to, subject, text));
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
