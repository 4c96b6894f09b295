package io.strongroom.access.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.strongroom.access.AccessAdministration;
import io.strongroom.access.AccessAdministration.RoleView;
import io.strongroom.access.AccessAdministration.UserView;
import io.strongroom.access.AccessPermission;
import io.strongroom.access.PermissionCatalog;
import io.strongroom.identity.AccountAdministration;
import io.strongroom.identity.Caller;
import io.strongroom.web.Forms;
import io.strongroom.web.PageController;

/** Administration pages of users (invite, roles, disable/enable, unlock, reset link, delete) and roles. */
@PageController
class AccessPages {

    private final AccessAdministration access;
    private final AccountAdministration accounts;
    private final PermissionCatalog catalog;

    AccessPages(AccessAdministration access, AccountAdministration accounts, PermissionCatalog catalog) {
        this.access = access;
        this.accounts = accounts;
        this.catalog = catalog;
    }

    /** Whether the role pages offer changing roles (user managers see them read-only). */
    @ModelAttribute("canManageRoles")
    boolean canManageRoles() {
        return Caller.current().map(me -> me.has(AccessPermission.ROLES_MANAGE)).orElse(false);
    }

    // --- users -----------------------------------------------------------------------------------

    @PreAuthorize("hasAuthority('users:manage')")
    @GetMapping("/app/users")
    String users(@RequestParam(required = false) String q, @RequestParam(required = false) UUID after, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("page", access.users(q, null, after, 50));
        model.addAttribute("roles", access.roles());
        return "access/users/list";
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @PostMapping("/app/users")
    String invite(@RequestParam(defaultValue = "") String email,
            @RequestParam(name = "display_name", defaultValue = "") String displayName,
            @RequestParam(required = false) List<UUID> roles, Model model, RedirectAttributes redirect) {
        UserView invited = Forms.attempt(model, () -> access.invite(email, displayName, roles == null ? List.of() : roles));
        if (invited == null) {
            model.addAttribute("page", access.users(null, null, null, 50));
            model.addAttribute("roles", access.roles());
            model.addAttribute("inviteEmail", email);
            model.addAttribute("inviteName", displayName);
            return "access/users/list";
        }
        redirect.addFlashAttribute("notice", "user.invited");
        return "redirect:/app/users/" + invited.id();
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @GetMapping("/app/users/{id}")
    String user(@PathVariable UUID id, Model model) {
        model.addAttribute("user", access.user(id));
        model.addAttribute("roles", access.roles());
        return "access/users/detail";
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @io.strongroom.platform.StepUp("changes who holds which permissions")
    @PostMapping("/app/users/{id}/roles")
    String assignRoles(@PathVariable UUID id, @RequestParam(required = false) List<UUID> roles, Model model,
            RedirectAttributes redirect) {
        return act(id, model, redirect, "user.roles-saved", () -> access.assignRoles(id, roles == null ? List.of() : roles));
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @PostMapping("/app/users/{id}/{action:disable|enable|unlock|password-reset|resend-invitation}")
    String accountAction(@PathVariable UUID id, @PathVariable String action, Model model, RedirectAttributes redirect) {
        return act(id, model, redirect, "user." + action, () -> {
            switch (action) {
                case "disable" -> accounts.setEnabled(id, false);
                case "enable" -> accounts.setEnabled(id, true);
                case "unlock" -> accounts.unlock(id);
                case "resend-invitation" -> accounts.resendInvitation(id);
                default -> accounts.sendResetLink(id);
            }
            return Boolean.TRUE;
        });
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @io.strongroom.platform.StepUp("removes the second factors that protect another account")
    @PostMapping("/app/users/{id}/mfa-reset")
    String resetSecondFactors(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        return act(id, model, redirect, "user.mfa-reset", () -> {
            accounts.resetSecondFactors(id);
            return Boolean.TRUE;
        });
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @PostMapping("/app/users/{id}/delete")
    String deleteUser(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        Object done = Forms.attempt(model, () -> {
            access.deleteUser(id);
            return Boolean.TRUE;
        });
        if (done == null) {
            return user(id, model);
        }
        redirect.addFlashAttribute("notice", "user.deleted");
        return "redirect:/app/users";
    }

    private String act(UUID id, Model model, RedirectAttributes redirect, String notice, java.util.function.Supplier<?> action) {
        Object done = Forms.attempt(model, action::get);
        if (done == null) {
            return user(id, model);
        }
        redirect.addFlashAttribute("notice", notice);
        return "redirect:/app/users/" + id;
    }

    // --- roles -----------------------------------------------------------------------------------

    @PreAuthorize("hasAnyAuthority('roles:manage', 'users:manage')")
    @GetMapping("/app/roles")
    String roles(Model model) {
        model.addAttribute("roles", access.roles());
        model.addAttribute("permissions", catalog.all());
        return "access/roles/list";
    }

    @PreAuthorize("hasAuthority('roles:manage')")
    @GetMapping("/app/roles/new")
    String newRole(Model model) {
        model.addAttribute("role", new RoleView(null, "", "", false, List.of(), null));
        model.addAttribute("permissions", catalog.all());
        return "access/roles/form";
    }

    @PreAuthorize("hasAnyAuthority('roles:manage', 'users:manage')")
    @GetMapping("/app/roles/{id}")
    String role(@PathVariable UUID id, Model model) {
        model.addAttribute("role", access.role(id));
        model.addAttribute("permissions", catalog.all());
        return "access/roles/form";
    }

    @PreAuthorize("hasAuthority('roles:manage')")
    @io.strongroom.platform.StepUp("defines what a role may do")
    @PostMapping({"/app/roles", "/app/roles/{id}"})
    String saveRole(@PathVariable(required = false) UUID id, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String description, @RequestParam(required = false) List<String> permissions,
            Model model, RedirectAttributes redirect) {
        List<String> chosen = permissions == null ? List.of() : permissions;
        RoleView saved = Forms.attempt(model, () -> id == null ? access.createRole(name, description, chosen)
                : access.updateRole(id, name, description, chosen));
        if (saved == null) {
            model.addAttribute("role", new RoleView(id, name, description, false, chosen, null));
            model.addAttribute("permissions", catalog.all());
            return "access/roles/form";
        }
        redirect.addFlashAttribute("notice", "role.saved");
        return "redirect:/app/roles";
    }

    @PreAuthorize("hasAuthority('roles:manage')")
    @io.strongroom.platform.StepUp("takes a role from everyone holding it")
    @PostMapping("/app/roles/{id}/delete")
    String deleteRole(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        Object done = Forms.attempt(model, () -> {
            access.deleteRole(id);
            return Boolean.TRUE;
        });
        if (done == null) {
            return role(id, model);
        }
        redirect.addFlashAttribute("notice", "role.deleted");
        return "redirect:/app/roles";
    }
}
