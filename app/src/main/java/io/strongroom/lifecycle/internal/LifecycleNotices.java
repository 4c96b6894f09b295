package io.strongroom.lifecycle.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.LinkedHashMap;
import java.util.Map;

import io.strongroom.access.Owners;
import io.strongroom.identity.Regional;
import io.strongroom.identity.UserDirectory;
import io.strongroom.lifecycle.internal.AccountState.Access;
import io.strongroom.mail.MailOutbox;
import io.strongroom.mail.MailTemplates;

/**
 * The mails of the schedule to every active Owner of the workspace, each in the recipient's language
 * with times in their zone, queued in the transaction that decides them. Templates:
 * {@code templates/lifecycle/mail/<language>/}.
 */
final class LifecycleNotices {

    private final MailOutbox outbox;
    private final MailTemplates templates;
    private final Owners owners;
    private final UserDirectory users;
    private final String publicUrl;

    LifecycleNotices(MailOutbox outbox, MailTemplates templates, Owners owners, UserDirectory users, String publicUrl) {
        this.outbox = outbox;
        this.templates = templates;
        this.owners = owners;
        this.users = users;
        this.publicUrl = publicUrl;
    }

    /** {@code step} is ahead: {@code before-restrict}, {@code before-suspend}, {@code before-close}, {@code before-delete}. */
    void before(Schedule.Step step, Account account) {
        send("before-" + step.kind().key(), account, step.due());
    }

    /** The workspace's access changed: {@code access-active}, {@code access-suspended}, {@code access-closed}. */
    void changed(Account account) {
        if (account.access() != Access.DELETED) {
            send("access-" + account.access().key(), account, null);
        }
    }

    private void send(String template, Account account, Instant when) {
        for (String owner : owners.activeOwnerEmails()) {
            Regional reader = users.regionalOf(owner);
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("workspace", account.workspace());
            variables.put("when", when == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                    .withLocale(reader.language().locale()).withZone(reader.zone()).format(when)
                    + " (" + reader.zone().getId() + ")");
            variables.put("link", publicUrl + "/app");
            outbox.enqueue(templates.render(owner, reader.language(), "lifecycle", template, variables));
        }
    }
}
