package io.strongroom.backup.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Map;

import io.strongroom.access.Owners;
import io.strongroom.identity.Regional;
import io.strongroom.identity.UserDirectory;
import io.strongroom.mail.MailOutbox;
import io.strongroom.mail.MailTemplates;
import io.strongroom.tenancy.TenantDirectory;

/**
 * The mails of a restore, to every active Owner of the workspace (as the workspace is after it),
 * each in the recipient's language with times in their zone; queued in the transaction that
 * decides the outcome. Templates: {@code templates/backup/mail/<language>/}.
 */
final class BackupNotices {

    private final MailOutbox outbox;
    private final MailTemplates templates;
    private final Owners owners;
    private final UserDirectory users;
    private final TenantDirectory tenants;

    BackupNotices(MailOutbox outbox, MailTemplates templates, Owners owners, UserDirectory users,
            TenantDirectory tenants) {
        this.outbox = outbox;
        this.templates = templates;
        this.owners = owners;
        this.users = users;
        this.tenants = tenants;
    }

    /** The workspace was restored from the backup taken {@code takenAt}. */
    void restored(Instant takenAt, Instant at, long rows) {
        send("restored", takenAt, at, Map.of("rows", rows));
    }

    /** The bound (new) workspace was made from the backup of {@code source} taken {@code takenAt}. */
    void copied(String source, Instant takenAt, Instant at, long rows) {
        send("copied", takenAt, at, Map.of("rows", rows, "source", source));
    }

    /** A restore from the backup taken {@code takenAt} failed; nothing changed. */
    void restoreFailed(Instant takenAt, Instant at) {
        send("restore-failed", takenAt, at, Map.of());
    }

    private void send(String template, Instant takenAt, Instant at, Map<String, Object> values) {
        String workspace = tenants.current().map(t -> t.workspace()).orElse("");
        for (String owner : owners.activeOwnerEmails()) {
            Regional reader = users.regionalOf(owner);
            Map<String, Object> variables = new java.util.LinkedHashMap<>(values);
            variables.put("workspace", workspace);
            variables.put("taken", time(takenAt, reader));
            variables.put("when", time(at, reader));
            outbox.enqueue(templates.render(owner, reader.language(), "backup", template, variables));
        }
    }

    private static String time(Instant at, Regional reader) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(reader.language().locale()).withZone(reader.zone()).format(at)
                + " (" + reader.zone().getId() + ")";
    }
}
