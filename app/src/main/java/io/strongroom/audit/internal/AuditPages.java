package io.strongroom.audit.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.strongroom.audit.AuditTrail;
import io.strongroom.web.Forms;
import io.strongroom.web.PageController;

/** The audit trail pages: filtered list, one record, chain verification. */
@PageController
class AuditPages {

    private final AuditTrail audit;

    AuditPages(AuditTrail audit) {
        this.audit = audit;
    }

    @PreAuthorize("hasAuthority('audit:read')")
    @GetMapping("/app/audit")
    String audit(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Long after, Model model) {
        AuditTrail.Filter filter = new AuditTrail.Filter(actor, action, null, null, outcome, from, to);
        model.addAttribute("filter", filter);
        AuditTrail.Page page = Forms.attempt(model, () -> audit.search(filter, after, 50));
        model.addAttribute("page", page == null ? new AuditTrail.Page(List.of(), null) : page);
        return "audit/list";
    }

    @PreAuthorize("hasAuthority('audit:read')")
    @GetMapping("/app/audit/{id}")
    String auditRecord(@PathVariable UUID id, Model model) {
        model.addAttribute("record", audit.get(id));
        return "audit/detail";
    }

    /** Runs the chain verification and answers the result fragment (htmx). */
    @PreAuthorize("hasAuthority('audit:read')")
    @PostMapping("/app/audit/verify")
    String verify(Model model) {
        model.addAttribute("verification", audit.verify());
        return "audit/list :: verification";
    }
}
