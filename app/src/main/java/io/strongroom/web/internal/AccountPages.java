package io.strongroom.web.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.strongroom.audit.AuditTrail;
import io.strongroom.identity.AccountService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** My account (profile, password, sessions) and the audit trail pages. */
@Controller
class AccountPages {

    private final AccountService account;
    private final AuditTrail audit;

    AccountPages(AccountService account, AuditTrail audit) {
        this.account = account;
        this.audit = audit;
    }

    @PreAuthorize("isAuthenticated()")
    @GetMapping("/app/account")
    String account(Model model) {
        model.addAttribute("sessions", account.sessions());
        return "account";
    }

    @PreAuthorize("isAuthenticated()")
    @PostMapping("/app/account/password")
    String changePassword(@RequestParam(defaultValue = "") String currentPassword,
            @RequestParam(defaultValue = "") String newPassword, Model model, RedirectAttributes redirect) {
        List<String> warnings = Forms.attempt(model, () -> account.changePassword(currentPassword, newPassword));
        if (warnings == null) {
            return account(model);
        }
        redirect.addFlashAttribute("notice", "account.password-changed");
        redirect.addFlashAttribute("warnings", warnings);
        return "redirect:/app/account";
    }

    @PreAuthorize("isAuthenticated()")
    @PostMapping("/app/account/sessions/{id}/end")
    String endSession(@PathVariable UUID id, RedirectAttributes redirect) {
        account.endSession(id);
        redirect.addFlashAttribute("notice", "account.session-ended");
        return "redirect:/app/account";
    }

    @PreAuthorize("isAuthenticated()")
    @PostMapping("/app/account/sessions/end-all")
    String endAll(HttpServletRequest request, HttpServletResponse response) {
        account.endAllSessions();
        account.signOut(request, response);
        return "redirect:/login?signed-out-everywhere";
    }

    // --- audit trail -------------------------------------------------------------------------------

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
