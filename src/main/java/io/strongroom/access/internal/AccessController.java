package io.strongroom.access.internal;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.access.Permission;
import io.strongroom.identity.CurrentUser;
import io.strongroom.identity.UserAdministration;
import io.strongroom.identity.UserAdministration.UserSummary;
import io.strongroom.platform.ApiProblem;

/** Permissions, roles and users with their roles: {@code /api/v1/permissions}, {@code /roles}, {@code /users}. */
@RestController
class AccessController {

    private final Roles roles;
    private final RoleRepository roleRows;
    private final UserAdministration users;
    private final TransactionTemplate transactions;

    AccessController(Roles roles, RoleRepository roleRows, UserAdministration users, TransactionTemplate transactions) {
        this.roles = roles;
        this.roleRows = roleRows;
        this.users = users;
        this.transactions = transactions;
    }

    // --- permissions and roles ------------------------------------------------------------

    @PreAuthorize("isAuthenticated()")
    @GetMapping("/api/v1/permissions")
    Map<String, List<PermissionBody>> permissions() {
        return Map.of("permissions", Arrays.stream(Permission.values())
                .map(p -> new PermissionBody(p.key(), p.description())).toList());
    }

    @PreAuthorize("hasAnyAuthority('roles:manage', 'users:manage')")
    @GetMapping("/api/v1/roles")
    Map<String, List<RoleBody>> listRoles() {
        return Map.of("roles", transactions.execute(tx -> roleRows.all()).stream().map(RoleBody::of).toList());
    }

    @PreAuthorize("hasAnyAuthority('roles:manage', 'users:manage')")
    @GetMapping("/api/v1/roles/{id}")
    RoleBody role(@PathVariable UUID id) {
        return transactions.execute(tx -> roleRows.find(id)).map(RoleBody::of)
                .orElseThrow(() -> ApiProblem.notFound("The role"));
    }

    @PreAuthorize("hasAuthority('roles:manage')")
    @PostMapping(path = "/api/v1/roles", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RoleBody> createRole(@RequestBody RoleRequest body) {
        RoleBody role = RoleBody.of(transactions.execute(tx ->
                roles.create(CurrentUser.require().userId(), body.name(), body.description(), body.permissions())));
        return ResponseEntity.created(URI.create("/api/v1/roles/" + role.id())).body(role);
    }

    @PreAuthorize("hasAuthority('roles:manage')")
    @PutMapping(path = "/api/v1/roles/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    RoleBody updateRole(@PathVariable UUID id, @RequestBody RoleRequest body) {
        return RoleBody.of(transactions.execute(tx ->
                roles.update(CurrentUser.require().userId(), id, body.name(), body.description(), body.permissions())));
    }

    @PreAuthorize("hasAuthority('roles:manage')")
    @DeleteMapping("/api/v1/roles/{id}")
    ResponseEntity<Void> deleteRole(@PathVariable UUID id) {
        transactions.executeWithoutResult(tx -> roles.delete(CurrentUser.require().userId(), id));
        return ResponseEntity.noContent().build();
    }

    // --- users ----------------------------------------------------------------------------

    @PreAuthorize("hasAuthority('users:manage')")
    @GetMapping("/api/v1/users")
    Map<String, Object> listUsers(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
            @RequestParam(required = false) UUID after, @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 200) {
            throw ApiProblem.validation("limit", "must be between 1 and 200");
        }
        if (status != null && !List.of("invited", "active", "disabled").contains(status)) {
            throw ApiProblem.validation("status", "must be invited, active or disabled");
        }
        if (q != null && q.length() > 200) {
            throw ApiProblem.validation("q", "must be at most 200 characters");
        }
        return transactions.execute(tx -> {
            List<UserSummary> page = users.list(q == null || q.isBlank() ? null : q.strip(), status, after, limit + 1);
            boolean more = page.size() > limit;
            List<UserBody> items = page.stream().limit(limit).map(u -> UserBody.of(u, roleRows.rolesOf(u.id()))).toList();
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("items", items);
            body.put("next_after", more ? items.getLast().id() : null);
            return body;
        });
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @GetMapping("/api/v1/users/{id}")
    UserBody user(@PathVariable UUID id) {
        return transactions.execute(tx -> users.find(id).map(u -> UserBody.of(u, roleRows.rolesOf(u.id()))))
                .orElseThrow(() -> ApiProblem.notFound("The user"));
    }

    /** Invite: creates the user and mails a link to choose a password; the roles are checked like any grant. */
    @PreAuthorize("hasAuthority('users:manage')")
    @PostMapping(path = "/api/v1/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserBody> invite(@RequestBody InviteRequest body) {
        UUID caller = CurrentUser.require().userId();
        UserBody created = transactions.execute(tx -> {
            List<RoleRepository.Role> wanted = roles.resolve(body.roles() == null ? List.of() : body.roles());
            UUID id = users.invite(body.email(), body.displayName(), caller,
                    wanted.stream().map(RoleRepository.Role::name).sorted().toList());
            List<RoleRepository.Role> assigned = wanted.isEmpty() ? List.of()
                    : roles.assign(caller, id, wanted.stream().map(RoleRepository.Role::id).toList(), false);
            return UserBody.of(users.find(id).orElseThrow(), assigned);
        });
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.id())).body(created);
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @DeleteMapping("/api/v1/users/{id}")
    ResponseEntity<Void> deleteUser(@PathVariable UUID id) {
        UUID caller = CurrentUser.require().userId();
        if (id.equals(caller)) {
            throw ApiProblem.validation("user", "you cannot delete your own account");
        }
        transactions.executeWithoutResult(tx -> {
            users.find(id).orElseThrow(() -> ApiProblem.notFound("The user"));
            List<RoleRepository.Role> held = roleRows.rolesOf(id);
            java.util.Set<Permission> touched = java.util.EnumSet.noneOf(Permission.class);
            held.forEach(r -> r.permissions().forEach(k -> Permission.fromKey(k).ifPresent(touched::add)));
            roles.checkCanRemove(id);
            roles.requireMayRemove(caller, id, touched);
            users.delete(id, caller);
        });
        return ResponseEntity.noContent().build();
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @PutMapping(path = "/api/v1/users/{id}/roles", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<RoleBody>> assignRoles(@PathVariable UUID id, @RequestBody AssignRequest body) {
        if (body.roles() == null) {
            throw ApiProblem.validation("roles", "is required (it may be empty)");
        }
        UUID caller = CurrentUser.require().userId();
        return transactions.execute(tx -> {
            users.find(id).orElseThrow(() -> ApiProblem.notFound("The user"));
            return Map.of("roles", roles.assign(caller, id, body.roles(), true).stream().map(RoleBody::of).toList());
        });
    }

    record PermissionBody(String key, String description) {
    }

    record RoleRequest(String name, String description, List<String> permissions) {
    }

    record RoleBody(UUID id, String name, String description, boolean builtin, List<String> permissions,
            Instant updatedAt) {

        static RoleBody of(RoleRepository.Role role) {
            return new RoleBody(role.id(), role.name(), role.description(), role.builtin(),
                    List.copyOf(role.permissions()), role.updatedAt());
        }
    }

    record InviteRequest(String email, String displayName, List<UUID> roles) {
    }

    record AssignRequest(List<UUID> roles) {
    }

    record UserBody(UUID id, String email, String displayName, String status, boolean locked, Instant lastSignInAt,
            Instant createdAt, List<RoleRef> roles) {

        static UserBody of(UserSummary user, List<RoleRepository.Role> roles) {
            return new UserBody(user.id(), user.email(), user.displayName(), user.status(), user.locked(),
                    user.lastSignInAt(), user.createdAt(), roles.stream().map(r -> new RoleRef(r.id(), r.name())).toList());
        }
    }

    record RoleRef(UUID id, String name) {
    }
}
