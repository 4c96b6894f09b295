package io.strongroom.identity.internal;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.identity.AccountAdministration;

/**
 * What an administrator may do to another account: send a password-reset link (never see or set
 * the password, A4), unlock, disable and enable. Another tenant's user id answers 404.
 */
@RestController
@PreAuthorize("hasAuthority('users:manage')")
class UserAccountController {

    private final AccountAdministration administration;

    UserAccountController(AccountAdministration administration) {
        this.administration = administration;
    }

    @PostMapping("/api/v1/users/{id}/password-reset")
    ResponseEntity<Void> sendResetLink(@PathVariable UUID id) {
        administration.sendResetLink(id);
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    @PostMapping("/api/v1/users/{id}/unlock")
    ResponseEntity<Void> unlock(@PathVariable UUID id) {
        administration.unlock(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/users/{id}/disable")
    ResponseEntity<Void> disable(@PathVariable UUID id) {
        administration.setEnabled(id, false);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/users/{id}/enable")
    ResponseEntity<Void> enable(@PathVariable UUID id) {
        administration.setEnabled(id, true);
        return ResponseEntity.noContent().build();
    }
}
