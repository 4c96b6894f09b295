package io.strongroom.identity.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.strongroom.platform.SelfService;
import io.strongroom.web.Forms;
import io.strongroom.web.PageController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** My account: profile, password, sessions. */
@PageController
class AccountPages {

    private final MyAccount account;

    AccountPages(MyAccount account) {
        this.account = account;
    }

    @SelfService("the caller's own account page")
    @GetMapping("/app/account")
    String account(Model model) {
        model.addAttribute("sessions", account.sessions());
        model.addAttribute("account", account.me());
        return "identity/account";
    }

    @SelfService("the caller's own password")
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

    @SelfService("the caller's own sessions")
    @PostMapping("/app/account/sessions/{id}/end")
    String endSession(@PathVariable UUID id, RedirectAttributes redirect) {
        account.endSession(id);
        redirect.addFlashAttribute("notice", "account.session-ended");
        return "redirect:/app/account";
    }

    @SelfService("the caller's own sessions")
    @PostMapping("/app/account/sessions/end-all")
    String endAll(HttpServletRequest request, HttpServletResponse response) {
        account.endAllSessions();
        account.signOut(request, response);
        return "redirect:/login?signed-out-everywhere";
    }
}
