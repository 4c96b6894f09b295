package io.strongroom.identity.internal;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.identity.CurrentUser;

/**
 * What an administrator may do to another account: send a password-reset link (never see or set
 * the password, A4), unlock, disable and enable. Another tenant's user id answers 404.
 */
@RestController
@PreAuthorize("hasAuthority('users:manage')")
class UserAccountController {

    private final Accounts accounts;

    UserAccountController(Accounts accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/api/v1/users/{id}/password-reset")
    ResponseEntity<Void> sendResetLink(@PathVariable UUID id) {
        accounts.sendResetLink(id, CurrentUser.require().userId());
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    @PostMapping("/api/v1/users/{id}/unlock")
    ResponseEntity<Void> unlock(@PathVariable UUID id) {
        accounts.unlock(id, CurrentUser.require().userId());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/users/{id}/disable")
    ResponseEntity<Void> disable(@PathVariable UUID id) {
        accounts.setEnabled(id, false, CurrentUser.require().userId());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/users/{id}/enable")
    ResponseEntity<Void> enable(@PathVariable UUID id) {
        accounts.setEnabled(id, true, CurrentUser.require().userId());
        return ResponseEntity.noContent().build();
    }
}
