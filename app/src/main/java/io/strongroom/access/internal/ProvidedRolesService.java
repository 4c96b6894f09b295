package io.strongroom.access.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.identity.ProvidedRoles;
import io.strongroom.platform.FieldChange;

/**
 * The roles identity providers give (A7), for identity's sign-ins: checked when a connection is
 * configured (never the Owner role, never more than the administrator holds) and applied at sign-in to
 * the roles the connection manages only.
 */
@Component
class ProvidedRolesService implements ProvidedRoles {

    private final RoleRepository roles;
    private final AuditLog audit;

    ProvidedRolesService(RoleRepository roles, AuditLog audit) {
        this.roles = roles;
        this.audit = audit;
    }

    @Override
    public Set<UUID> notGivable(UUID caller, Collection<UUID> roleIds) {
        Set<String> held = roles.permissionsOf(caller);
        Set<UUID> refused = new LinkedHashSet<>();
        for (UUID id : roleIds) {
            Optional<RoleRepository.Role> role = id == null ? Optional.empty() : roles.find(id);
            if (role.isEmpty() || role.get().owner() || !held.containsAll(role.get().permissions())) {
                refused.add(id);
            }
        }
        return refused;
    }

    @Override
    public void apply(UUID userId, Set<UUID> managed, Set<UUID> granted, String connectionId) {
        List<RoleRepository.Role> before = roles.rolesOf(userId);
        Set<UUID> beforeIds = before.stream().map(RoleRepository.Role::id).collect(Collectors.toSet());
        Set<UUID> after = new LinkedHashSet<>();
        for (RoleRepository.Role role : before) {
            if (role.owner() || !managed.contains(role.id())) {
                after.add(role.id());
            }
        }
        for (UUID id : granted) {
            if (managed.contains(id) && roles.find(id).filter(r -> !r.owner()).isPresent()) {
                after.add(id); // a role deleted since the connection named it is skipped
            }
        }
        if (after.equals(beforeIds)) {
            return;
        }
        roles.replaceRoles(userId, after);
        audit.record(AuditEntry.of("role.assigned", "user", userId)
                .diff(Map.of("roles", new FieldChange(names(before), names(roles.rolesOf(userId)))))
                .details(Map.of("source", "identity_provider", "connection_id", connectionId)));
    }

    private static List<String> names(List<RoleRepository.Role> list) {
        return list.stream().map(RoleRepository.Role::name).sorted().toList();
    }
}
