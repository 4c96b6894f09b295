package io.strongroom.access.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.access.AccessAdministration;
import io.strongroom.access.AccessAdministration.RoleView;
import io.strongroom.access.AccessAdministration.UserView;
import io.strongroom.identity.AccountAdministration;

/**
 * {@code /api/v1/users}, served by this one module: list, read, invite, delete and roles (with
 * the no-escalation and Owner rules of {@link Roles}), and what an administrator may do to another
 * account through identity (send a password-reset link, never see or set the password, A4;
 * unlock; disable; enable). Another tenant's user id answers 404.
 */
@RestController
class UsersController {

    private final AccessAdministration access;
    private final AccountAdministration accounts;
    private final io.strongroom.audit.AuditLog audit;

    UsersController(AccessAdministration access, AccountAdministration accounts, io.strongroom.audit.AuditLog audit) {
        this.access = access;
        this.accounts = accounts;
        this.audit = audit;
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @GetMapping("/api/v1/users")
    Map<String, Object> listUsers(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
            @RequestParam(required = false) UUID after, @RequestParam(defaultValue = "50") int limit) {
        AccessAdministration.UserPage page = access.users(q, status, after, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items());
        body.put("next_after", page.nextAfter());
        return body;
    }

    /** The most users one download holds (a workspace has fewer; a search narrows it). */
    static final int MAX_EXPORT = 10_000;

    /**
     * The user list as filtered, every page, as CSV: e-mail, name, status, roles, last sign-in.
     * Recorded as {@code user.exported} (how many, the filters), since it lists people's addresses.
     */
    @PreAuthorize("hasAuthority('users:manage')")
    @GetMapping("/api/v1/users.csv")
    ResponseEntity<String> exportUsers(@RequestParam(required = false) String q,
            @RequestParam(required = false) String status) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        UUID after = null;
        do {
            AccessAdministration.UserPage page = access.users(q, status, after, 200);
            for (UserView user : page.items()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", user.id());
                row.put("email", user.email());
                row.put("display_name", user.displayName());
                row.put("status", user.status());
                row.put("locked", user.locked());
                row.put("roles", user.roles().stream().map(AccessAdministration.RoleRef::name).toList());
                row.put("last_sign_in_at", user.lastSignInAt());
                row.put("created_at", user.createdAt());
                rows.add(row);
            }
            after = page.nextAfter();
        } while (after != null && rows.size() < MAX_EXPORT);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("rows", rows.size());
        if (q != null && !q.isBlank()) {
            facts.put("query", q.strip());
        }
        if (status != null && !status.isBlank()) {
            facts.put("status", status);
        }
        audit.record(io.strongroom.audit.AuditEntry.of("user.exported", "user", null).details(facts));
        return io.strongroom.platform.CsvDownload.of("users.csv", List.of("id", "email", "display_name", "status", "locked",
                "roles", "last_sign_in_at", "created_at"), rows);
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @GetMapping("/api/v1/users/{id}")
    UserView user(@PathVariable UUID id) {
        return access.user(id);
    }

    /** Invite: creates the user and mails a link to choose a password; the roles are checked like any grant. */
    @PreAuthorize("hasAuthority('users:manage')")
    @PostMapping(path = "/api/v1/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> invite(@RequestBody InviteRequest body) {
        UserView created = access.invite(body.email(), body.displayName(), body.roles());
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.id())).body(created);
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @DeleteMapping("/api/v1/users/{id}")
    ResponseEntity<Void> deleteUser(@PathVariable UUID id) {
        access.deleteUser(id);
        return ResponseEntity.noContent().build();
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @io.strongroom.platform.StepUp("changes who holds which permissions")
    @PutMapping(path = "/api/v1/users/{id}/roles", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<RoleView>> assignRoles(@PathVariable UUID id, @RequestBody AssignRequest body) {
        return Map.of("roles", access.assignRoles(id, body.roles()));
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @PostMapping("/api/v1/users/{id}/password-reset")
    ResponseEntity<Void> sendResetLink(@PathVariable UUID id) {
        accounts.sendResetLink(id);
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    /** A new invitation link for a user who has not accepted yet; earlier links stop working. */
    @PreAuthorize("hasAuthority('users:manage')")
    @PostMapping("/api/v1/users/{id}/invitation")
    ResponseEntity<Void> resendInvitation(@PathVariable UUID id) {
        accounts.resendInvitation(id);
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @PostMapping("/api/v1/users/{id}/unlock")
    ResponseEntity<Void> unlock(@PathVariable UUID id) {
        accounts.unlock(id);
        return ResponseEntity.noContent().build();
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @PostMapping("/api/v1/users/{id}/disable")
    ResponseEntity<Void> disable(@PathVariable UUID id) {
        accounts.setEnabled(id, false);
        return ResponseEntity.noContent().build();
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @PostMapping("/api/v1/users/{id}/enable")
    ResponseEntity<Void> enable(@PathVariable UUID id) {
        accounts.setEnabled(id, true);
        return ResponseEntity.noContent().build();
    }

    record InviteRequest(String email, String displayName, List<UUID> roles) {
    }

    record AssignRequest(List<UUID> roles) {
    }
}
