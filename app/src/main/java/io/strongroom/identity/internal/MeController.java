package io.strongroom.identity.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.identity.internal.MyAccount.Me;
import io.strongroom.identity.internal.MyAccount.SessionInfo;
import io.strongroom.platform.SelfService;

/** The signed-in user's own account: {@code /api/v1/me}, password, sessions (A4, A10). */
@RestController
@SelfService("the caller's own account, password and sessions")
class MeController {

    private final MyAccount account;

    MeController(MyAccount account) {
        this.account = account;
    }

    @GetMapping("/api/v1/me")
    Me me() {
        return account.me();
    }

    @GetMapping("/api/v1/me/preferences")
    MyAccount.Preferences preferences() {
        return account.preferences();
    }

    /** The caller's language and time zone; null or absent parts follow the workspace's defaults. */
    @PutMapping(path = "/api/v1/me/preferences", consumes = MediaType.APPLICATION_JSON_VALUE)
    MyAccount.Preferences updatePreferences(@RequestBody MyAccount.Preferences body) {
        return account.updatePreferences(body.language(), body.timeZone());
    }

    @PostMapping(path = "/api/v1/me/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    AuthController.PasswordResponse changePassword(@RequestBody ChangePasswordRequest body) {
        return new AuthController.PasswordResponse(account.changePassword(body.currentPassword(), body.newPassword()));
    }

    @GetMapping("/api/v1/me/sessions")
    Map<String, List<SessionInfo>> sessions() {
        return Map.of("sessions", account.sessions());
    }

    @DeleteMapping("/api/v1/me/sessions/{id}")
    ResponseEntity<Void> endSession(@PathVariable UUID id) {
        account.endSession(id);
        return ResponseEntity.noContent().build();
    }

    /** Sign out everywhere, this session included. */
    @PostMapping("/api/v1/me/sessions/revoke-all")
    ResponseEntity<Void> endAllSessions() {
        account.endAllSessions();
        return ResponseEntity.noContent().build();
    }

    record ChangePasswordRequest(String currentPassword, String newPassword) {

        @Override
        public String toString() {
            return "ChangePasswordRequest[<hidden>]";
        }
    }
}
