package io.strongroom.access.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.strongroom.access.PermissionCatalog;
import io.strongroom.platform.ChangeReplayer;
import io.strongroom.platform.Permission;

/**
 * Re-applies the role changes the audit trail records (after a restore from a backup, B6): custom
 * roles created (under their recorded id), changed and deleted, and the roles given to a user
 * (recorded by name; role names are unique in a workspace). Each is applied only onto the state it
 * was made from, and never so that the workspace is left without an active Owner.
 */
@Component
class RolesReplayer implements ChangeReplayer {

    private static final Set<String> ACTIONS = Set.of("role.created", "role.updated", "role.deleted", "role.assigned");

    private final RoleRepository roles;
    private final PermissionCatalog catalog;

    RolesReplayer(RoleRepository roles, PermissionCatalog catalog) {
        this.roles = roles;
        this.catalog = catalog;
    }

    @Override
    public boolean handles(String action) {
        return ACTIONS.contains(action);
    }

    @Override
    public Result replay(Change change) {
        UUID id;
        try {
            id = UUID.fromString(change.targetId());
        } catch (IllegalArgumentException | NullPointerException e) {
            return Result.conflict("the record names no " + change.targetType());
        }
        return switch (change.action()) {
            case "role.assigned" -> assign(change, id);
            case "role.deleted" -> roles.find(id).map(role -> role.builtin() ? Result.conflict("a built-in role")
                    : roles.delete(id) ? Result.applied() : Result.conflict("the role could not be deleted"))
                    .orElseGet(Result::alreadyApplied);
            case "role.created" -> create(change, id);
            default -> update(change, id);
        };
    }

    private Result create(Change change, UUID id) {
        Optional<RoleRepository.Role> existing = roles.find(id);
        if (existing.isPresent()) {
            return change.firstDiffering(state(existing.get()), "to") == null ? Result.alreadyApplied()
                    : Result.conflict("a role with this id exists with other values");
        }
        String name = change.text("name", "to");
        if (roles.all().stream().anyMatch(role -> role.name().equals(name))) {
            return Result.conflict("another role is called " + name + " now");
        }
        Optional<Set<Permission>> permissions = permissions(change.texts("permissions", "to"));
        if (permissions.isEmpty()) {
            return Result.conflict("it names a permission that does not exist now");
        }
        String description = change.text("description", "to");
        roles.insert(id, name, description == null ? "" : description, null, permissions.get());
        return Result.applied();
    }

    private Result update(Change change, UUID id) {
        Optional<RoleRepository.Role> found = roles.find(id);
        if (found.isEmpty()) {
            return Result.conflict("the role does not exist");
        }
        RoleRepository.Role role = found.get();
        if (role.builtin()) {
            return Result.conflict("a built-in role");
        }
        Map<String, Object> current = state(role);
        if (change.firstDiffering(current, "to") == null) {
            return Result.alreadyApplied();
        }
        String differs = change.firstDiffering(current, "from");
        if (differs != null) {
            return Result.conflict("the role was changed otherwise since (" + differs + ")");
        }
        Map<String, Map<String, Object>> fields = change.allFields();
        String name = fields.containsKey("name") ? change.text("name", "to") : role.name();
        if (!name.equals(role.name()) && roles.all().stream().anyMatch(other -> other.name().equals(name))) {
            return Result.conflict("another role is called " + name + " now");
        }
        String description = fields.containsKey("description") ? change.text("description", "to") : role.description();
        Optional<Set<Permission>> permissions = permissions(fields.containsKey("permissions")
                ? change.texts("permissions", "to") : List.copyOf(role.permissions()));
        if (permissions.isEmpty()) {
            return Result.conflict("it names a permission that does not exist now");
        }
        roles.update(id, name, description == null ? "" : description, permissions.get());
        return Result.applied();
    }

    private Result assign(Change change, UUID user) {
        roles.lockOwnerRole();
        List<RoleRepository.Role> held = roles.rolesOf(user);
        Map<String, Object> current = Map.of("roles", held.stream().map(RoleRepository.Role::name).toList());
        if (change.firstDiffering(current, "to") == null) {
            return Result.alreadyApplied();
        }
        if (change.firstDiffering(current, "from") != null) {
            return Result.conflict("the user's roles were changed otherwise since");
        }
        Map<String, UUID> byName = new HashMap<>();
        roles.all().forEach(role -> byName.put(role.name(), role.id()));
        List<UUID> ids = new ArrayList<>();
        for (String name : change.texts("roles", "to")) {
            UUID id = byName.get(name);
            if (id == null) {
                return Result.conflict("there is no role called " + name + " now");
            }
            ids.add(id);
        }
        boolean losesOwner = held.stream().anyMatch(RoleRepository.Role::owner)
                && roles.all().stream().filter(RoleRepository.Role::owner).noneMatch(owner -> ids.contains(owner.id()));
        if (losesOwner && roles.activeOwners() <= 1) {
            return Result.conflict("the workspace would be left without an active Owner");
        }
        roles.replaceRoles(user, ids);
        return Result.applied();
    }

    private static Map<String, Object> state(RoleRepository.Role role) {
        Map<String, Object> state = new HashMap<>();
        state.put("name", role.name());
        state.put("description", role.description());
        state.put("permissions", role.permissions());
        return state;
    }

    private Optional<Set<Permission>> permissions(List<String> keys) {
        Set<Permission> permissions = new HashSet<>();
        for (String key : keys) {
            Optional<Permission> permission = catalog.find(key);
            if (permission.isEmpty()) {
                return Optional.empty();
            }
            permissions.add(permission.get());
        }
        return Optional.of(permissions);
    }
}
