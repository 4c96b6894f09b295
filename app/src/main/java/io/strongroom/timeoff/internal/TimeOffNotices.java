package io.strongroom.timeoff.internal;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.strongroom.identity.Regional;
import io.strongroom.identity.UserDirectory;
import io.strongroom.mail.MailOutbox;
import io.strongroom.mail.MailTemplates;
import io.strongroom.people.Workforce;
import io.strongroom.tenancy.TenantDirectory;
import io.strongroom.timeoff.internal.TimeOffRepository.LeaveType;
import io.strongroom.timeoff.internal.TimeOffRepository.Request;

/**
 * The mails of requests, each in the recipient's language with dates as they read them; queued in
 * the transaction of the change. A request waiting for a decision goes to the nearest manager with
 * an account; a decision to the requester; a cancellation to the other side; leave HR records to the
 * person. Whoever is not the person themself never reads the type of sensitive leave (health data):
 * for them it is "time off" in their language. Templates: {@code templates/timeoff/mail/<language>/}.
 */
@Component
class TimeOffNotices {

    private final MailOutbox outbox;
    private final MailTemplates templates;
    private final UserDirectory users;
    private final TenantDirectory tenants;
    private final Workforce workforce;
    private final String publicUrl;
    private final MessageSource messages;

    TimeOffNotices(MailOutbox outbox, MailTemplates templates, UserDirectory users, TenantDirectory tenants,
            Workforce workforce, @Value("${strongroom.public-url:https://localhost:8443}") String publicUrl, MessageSource messages) {
        this.messages = messages;
        this.outbox = outbox;
        this.templates = templates;
        this.users = users;
        this.tenants = tenants;
        this.workforce = workforce;
        this.publicUrl = publicUrl;
    }

    /**
     * A request waits for a decision: to the nearest manager in the chain with an account, and to
     * whoever stands in for that manager today.
     */
    void pending(Request request, LeaveType type, Workforce.Member person, java.util.List<UUID> standIns) {
        workforce.managerChain(person.id()).stream().filter(m -> m.userId() != null).findFirst()
                .ifPresent(manager -> send(manager.userId(), "request-pending", request, type, person, false));
        for (UUID standIn : standIns) {
            workforce.find(standIn).map(Workforce.Member::userId)
                    .ifPresent(user -> send(user, "request-pending", request, type, person, false));
        }
    }

    /** A request was approved or declined: to the requester. */
    void decided(Request request, LeaveType type, Workforce.Member person) {
        if (person.userId() != null) {
            send(person.userId(), request.status().equals("approved") ? "request-approved" : "request-declined", request,
                    type, person, true);
        }
    }

    /** A request was cancelled by {@code by}: to the person when someone else cancelled, else to who approved it. */
    void cancelled(Request request, LeaveType type, Workforce.Member person, UUID by, UUID approvedBy) {
        if (person.userId() != null && !person.userId().equals(by)) {
            send(person.userId(), "request-cancelled", request, type, person, true);
        } else if (approvedBy != null && !approvedBy.equals(by)) {
            send(approvedBy, "request-cancelled", request, type, person, false);
        }
    }

    /** Someone else recorded time off for the person: to the person. */
    void recorded(Request request, LeaveType type, Workforce.Member person) {
        if (person.userId() != null && !person.userId().equals(request.requestedBy())) {
            send(person.userId(), "request-recorded", request, type, person, true);
        }
    }

    private void send(UUID recipient, String template, Request request, LeaveType type, Workforce.Member person,
            boolean toThePerson) {
        String to = users.emailOf(recipient).orElse(null);
        if (to == null) {
            return;
        }
        Regional reader = users.regionalOf(to);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("workspace", tenants.current().map(t -> t.workspace()).orElse(""));
        variables.put("person", person.name());
        variables.put("type", type.sensitive() && !toThePerson
                ? messages.getMessage("timeoff.hidden-type", null, reader.language().locale()) : type.name());
        variables.put("start", date(request.start(), reader));
        variables.put("end", date(request.end(), reader));
        variables.put("days", request.days().stripTrailingZeros().toPlainString());
        variables.put("note", request.decisionNote() == null ? "" : request.decisionNote());
        variables.put("link", publicUrl + "/app/time-off");
        outbox.enqueue(templates.render(to, reader.language(), "timeoff", template, variables));
    }

    private static String date(LocalDate day, Regional reader) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(reader.language().locale()).format(day);
    }
}
