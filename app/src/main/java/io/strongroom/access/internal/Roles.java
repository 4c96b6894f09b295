package io.strongroom.access.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.strongroom.access.AccessPermission;
import io.strongroom.access.PermissionCatalog;
import io.strongroom.audit.AuditEntry;
import io.strongroom.platform.FieldChange;
import io.strongroom.audit.AuditLog;
import io.strongroom.identity.AccountGuard;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.Permission;
import io.strongroom.platform.ProblemType;

/**
 * Role administration (R1) with the two rules that keep it safe: nobody grants — or takes away — a
 * permission they do not hold themselves (checked against the caller's current roles in the
 * database, not the up-to-60-second-old token), and a workspace always keeps an active Owner.
 * Every change is audited; refusals are audited as refused requests (see {@code RequestRefused}).
 * Call inside a transaction bound to the tenant.
 */
@Service
class Roles implements AccountGuard {

    static final ApiProblem LAST_OWNER = new ApiProblem(HttpStatus.CONFLICT, ProblemType.uri("last-owner"),
            "Last owner", "A workspace must keep at least one active Owner; make someone else an Owner first.",
            List.of(), Map.of());

    private final RoleRepository roles;
    private final PermissionCatalog catalog;
    private final AuditLog audit;

    Roles(RoleRepository roles, PermissionCatalog catalog, AuditLog audit) {
        this.roles = roles;
        this.catalog = catalog;
        this.audit = audit;
    }

    RoleRepository.Role create(UUID caller, String name, String description, List<String> permissionKeys) {
        Set<Permission> permissions = validate(name, description, permissionKeys);
        requireHeld(caller, permissions, "role.created", "role", null);
        try {
            UUID id = roles.insert(name.strip(), description == null ? "" : description.strip(), null, permissions);
            RoleRepository.Role role = roles.find(id).orElseThrow();
            audit.record(AuditEntry.of("role.created", "role", id).diff(Map.of(
                    "name", new FieldChange(null, role.name()),
                    "description", new FieldChange(null, role.description()),
                    "permissions", new FieldChange(null, role.permissions()))));
            return role;
        } catch (DuplicateKeyException e) {
            throw nameTaken();
        }
    }

    RoleRepository.Role update(UUID caller, UUID id, String name, String description, List<String> permissionKeys) {
        RoleRepository.Role before = roles.find(id).orElseThrow(() -> ApiProblem.notFound("The role"));
        if (before.builtin()) {
            throw new ApiProblem(HttpStatus.CONFLICT, ProblemType.uri("built-in-role"), "Built-in role",
                    "Built-in roles cannot be changed; create a custom role instead.", List.of(), Map.of());
        }
        Set<Permission> permissions = validate(name, description, permissionKeys);
        Set<Permission> touched = new HashSet<>();
        touched.addAll(permissions);
        touched.addAll(parse(before.permissions()));
        requireHeld(caller, touched, "role.updated", "role", id);
        try {
            roles.update(id, name.strip(), description == null ? "" : description.strip(), permissions);
        } catch (DuplicateKeyException e) {
            throw nameTaken();
        }
        RoleRepository.Role after = roles.find(id).orElseThrow();
        audit.record(AuditEntry.of("role.updated", "role", id).diff(diff(before, after)));
        return after;
    }

    void delete(UUID caller, UUID id) {
        RoleRepository.Role role = roles.find(id).orElseThrow(() -> ApiProblem.notFound("The role"));
        if (role.builtin()) {
            throw new ApiProblem(HttpStatus.CONFLICT, ProblemType.uri("built-in-role"), "Built-in role",
                    "Built-in roles cannot be deleted.", List.of(), Map.of());
        }
        requireHeld(caller, parse(role.permissions()), "role.deleted", "role", id);
        long holders = roles.holders(id);
        roles.delete(id);
        audit.record(AuditEntry.of("role.deleted", "role", id)
                .diff(Map.of("name", new FieldChange(role.name(), null), "permissions", new FieldChange(role.permissions(), null)))
                .details(Map.of("holders", holders)));
    }

    /** The roles with these ids; a 400 naming the unknown ones (another tenant's role ids are unknown). */
    List<RoleRepository.Role> resolve(List<UUID> roleIds) {
        List<RoleRepository.Role> found = new ArrayList<>();
        List<FieldProblem> unknown = new ArrayList<>();
        for (UUID roleId : new LinkedHashSet<>(roleIds)) {
            roles.find(roleId).ifPresentOrElse(found::add,
                    () -> unknown.add(new FieldProblem("roles", "contains an unknown role " + roleId)));
        }
        if (!unknown.isEmpty()) {
            throw ApiProblem.validation(unknown);
        }
        return found;
    }

    /**
     * Replaces a user's roles. {@code audited} is false only when the change is part of another
     * audited change (an invitation records its roles itself).
     */
    List<RoleRepository.Role> assign(UUID caller, UUID userId, List<UUID> roleIds, boolean audited) {
        roles.lockOwnerRole();
        checkMayAdminister(caller, userId);
        List<RoleRepository.Role> before = roles.rolesOf(userId);
        List<RoleRepository.Role> after = resolve(roleIds);
        Set<UUID> beforeIds = before.stream().map(RoleRepository.Role::id).collect(Collectors.toSet());
        Set<UUID> afterIds = after.stream().map(RoleRepository.Role::id).collect(Collectors.toSet());
        Set<Permission> touched = new HashSet<>();
        for (RoleRepository.Role role : before) {
            if (!afterIds.contains(role.id())) {
                touched.addAll(parse(role.permissions()));
            }
        }
        for (RoleRepository.Role role : after) {
            if (!beforeIds.contains(role.id())) {
                touched.addAll(parse(role.permissions()));
            }
        }
        requireHeld(caller, touched, "role.assigned", "user", userId);
        roles.replaceRoles(userId, afterIds);
        if (before.stream().anyMatch(RoleRepository.Role::owner) && roles.activeOwners() == 0) {
            throw LAST_OWNER;
        }
        if (audited) {
            audit.record(AuditEntry.of("role.assigned", "user", userId).diff(Map.of("roles",
                    new FieldChange(names(before), names(after)))));
        }
        return roles.rolesOf(userId);
    }

    /** Deleting a user takes their roles away: the caller must hold every permission of them. */
    void requireMayRemove(UUID caller, UUID userId) {
        Set<Permission> held = new HashSet<>();
        roles.rolesOf(userId).forEach(role -> held.addAll(parse(role.permissions())));
        requireHeld(caller, held, "user.deleted", "user", userId);
    }

    static final ApiProblem OWNERS_ONLY = new ApiProblem(HttpStatus.FORBIDDEN, ProblemType.FORBIDDEN.uri(),
            ProblemType.FORBIDDEN.title(), "Only Owners (owners:manage) may change an Owner's account.", List.of(), Map.of());

    /** Any action on an Owner's account needs owners:manage, by the actor's current roles. */
    @Override
    public void checkMayAdminister(UUID actor, UUID target) {
        boolean ownerTarget = roles.rolesOf(target).stream().anyMatch(RoleRepository.Role::owner);
        if (ownerTarget && !roles.permissionsOf(actor).contains(AccessPermission.OWNERS_MANAGE.key())) {
            throw OWNERS_ONLY;
        }
    }

    /** Refuses to disable or delete the last active Owner. */
    @Override
    public void checkCanRemove(UUID userId) {
        roles.lockOwnerRole();
        boolean owner = roles.rolesOf(userId).stream().anyMatch(RoleRepository.Role::owner);
        if (owner && roles.activeOwners() <= 1) {
            throw LAST_OWNER;
        }
    }

    private void requireHeld(UUID caller, Set<Permission> permissions, String action, String targetType, UUID target) {
        Set<String> held = roles.permissionsOf(caller);
        Set<String> missing = new TreeSet<>();
        for (Permission permission : permissions) {
            if (!held.contains(permission.key())) {
                missing.add(permission.key());
            }
        }
        if (!missing.isEmpty()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, ProblemType.FORBIDDEN.uri(), ProblemType.FORBIDDEN.title(),
                    "You cannot grant or take away permissions you do not hold yourself: " + String.join(", ", missing) + ".",
                    List.of(), Map.of());
        }
    }

    private Set<Permission> validate(String name, String description, List<String> permissionKeys) {
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null || name.isBlank() || name.strip().length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem("name", "is required, at most 100 characters"));
        }
        if (description != null && (description.length() > 500)) {
            problems.add(new FieldProblem("description", "must be at most 500 characters"));
        }
        Set<Permission> permissions = new HashSet<>();
        if (permissionKeys == null) {
            problems.add(new FieldProblem("permissions", "is required (it may be empty)"));
        } else {
            for (String key : permissionKeys) {
                catalog.find(key).ifPresentOrElse(permissions::add,
                        () -> problems.add(new FieldProblem("permissions", "contains an unknown permission: " + key)));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        return permissions;
    }

    private Set<Permission> parse(Set<String> keys) {
        Set<Permission> permissions = new HashSet<>();
        keys.forEach(key -> catalog.find(key).ifPresent(permissions::add));
        return permissions;
    }

    private static Map<String, FieldChange> diff(RoleRepository.Role before, RoleRepository.Role after) {
        Map<String, FieldChange> diff = new java.util.LinkedHashMap<>();
        if (!before.name().equals(after.name())) {
            diff.put("name", new FieldChange(before.name(), after.name()));
        }
        if (!before.description().equals(after.description())) {
            diff.put("description", new FieldChange(before.description(), after.description()));
        }
        if (!before.permissions().equals(after.permissions())) {
            diff.put("permissions", new FieldChange(before.permissions(), after.permissions()));
        }
        return diff;
    }

    private static List<String> names(List<RoleRepository.Role> list) {
        return list.stream().map(RoleRepository.Role::name).sorted().toList();
    }

    private static ApiProblem nameTaken() {
        return new ApiProblem(HttpStatus.CONFLICT, ProblemType.uri("role-name-taken"), "Role name taken",
                "A role with this name already exists.", List.of(new FieldProblem("name", "is already taken")), Map.of());
    }

}
