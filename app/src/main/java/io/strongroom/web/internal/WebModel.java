package io.strongroom.web.internal;

import java.util.Set;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.strongroom.identity.AccountService;
import io.strongroom.identity.CurrentUser;

/**
 * What every page needs: who is signed in (name, workspace) and what they may use, so the
 * navigation shows only that.
 */
@ControllerAdvice(basePackageClasses = WebModel.class)
class WebModel {

    private final AccountService account;

    WebModel(AccountService account) {
        this.account = account;
    }

    @ModelAttribute
    void common(Model model) {
        CurrentUser.get().ifPresent(user -> {
            model.addAttribute("me", account.me());
            Set<String> permissions = user.permissions();
            model.addAttribute("can", new Can(permissions.contains("people:read"), permissions.contains("people:write"),
                    permissions.contains("users:manage"), permissions.contains("roles:manage"),
                    permissions.contains("audit:read"), permissions.contains("settings:manage")));
        });
    }

    /** Navigation flags. */
    record Can(boolean readPeople, boolean writePeople, boolean manageUsers, boolean manageRoles, boolean readAudit,
            boolean manageSettings) {
    }
}
