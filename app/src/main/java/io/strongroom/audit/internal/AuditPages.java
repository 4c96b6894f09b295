package io.strongroom.audit.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.strongroom.audit.AuditTargetNames;
import io.strongroom.audit.AuditTrail;
import io.strongroom.platform.ApiProblem;
import io.strongroom.web.Forms;
import io.strongroom.web.PageController;

/** The audit trail pages: filtered list, one record, chain verification. */
@PageController
class AuditPages {

    private final AuditTrail audit;
    private final List<AuditTargetNames> names;

    AuditPages(AuditTrail audit, List<AuditTargetNames> names) {
        this.audit = audit;
        this.names = names;
    }

    @PreAuthorize("hasAuthority('audit:read')")
    @GetMapping("/app/audit")
    String audit(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Long after, Model model) {
        model.addAttribute("filter", new AuditTrail.Filter(actor, action, null, null, outcome, from, to));
        AuditTrail.Page page = Forms.attempt(model, () -> audit.search(new AuditTrail.Filter(actor, action, null, null,
                outcome, day("from", from, false), day("to", to, true)), after, 50));
        model.addAttribute("page", page == null ? new AuditTrail.Page(List.of(), null) : page);
        model.addAttribute("targetNames", page == null ? Map.of() : targetNames(page.items()));
        return "audit/list";
    }

    @PreAuthorize("hasAuthority('audit:read')")
    @GetMapping("/app/audit/{id}")
    String auditRecord(@PathVariable UUID id, Model model) {
        Map<String, Object> record = audit.get(id);
        model.addAttribute("record", record);
        model.addAttribute("targetNames", targetNames(List.of(record)));
        return "audit/detail";
    }

    /**
     * A filter's day (the date picker's yyyy-mm-dd, a UTC day) as the API's instant: its start for
     * {@code from}, the next day's start for {@code to} (exclusive), so "to 31 January" includes the
     * 31st. A full RFC 3339 time passes through; anything else is a field error.
     */
    static String day(String field, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > 10) {
            return text; // a time: the trail checks it and names the field if it is not one
        }
        try {
            LocalDate date = LocalDate.parse(text);
            return (end ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        } catch (DateTimeParseException e) {
            throw ApiProblem.validation(field, "must be a date like 2026-01-31");
        }
    }

    /** Names of the records' targets by target id, from the modules that own them. */
    private Map<String, String> targetNames(List<Map<String, Object>> records) {
        Map<String, Set<UUID>> ids = new HashMap<>();
        for (Map<String, Object> record : records) {
            if (record.get("target_type") instanceof String type && record.get("target_id") != null) {
                try {
                    ids.computeIfAbsent(type, t -> new HashSet<>()).add(UUID.fromString(record.get("target_id").toString()));
                } catch (IllegalArgumentException notAnId) {
                    // targets named otherwise (an endpoint) keep their text
                }
            }
        }
        Map<String, String> result = new HashMap<>();
        for (AuditTargetNames source : names) {
            Set<UUID> wanted = ids.get(source.targetType());
            if (wanted != null) {
                source.names(wanted).forEach((id, name) -> result.put(id.toString(), name));
            }
        }
        return result;
    }

    /** Runs the chain verification and answers the result fragment (htmx). */
    @PreAuthorize("hasAuthority('audit:read')")
    @PostMapping("/app/audit/verify")
    String verify(Model model) {
        model.addAttribute("verification", audit.verify());
        return "audit/list :: verification";
    }
}
