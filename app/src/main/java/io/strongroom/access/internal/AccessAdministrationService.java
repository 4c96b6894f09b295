package io.strongroom.access.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.access.AccessAdministration;
import io.strongroom.access.AccessPermission;
import io.strongroom.identity.Caller;
import io.strongroom.identity.IdentityPermission;
import io.strongroom.identity.UserAdministration;
import io.strongroom.identity.UserAdministration.UserSummary;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.KeysetPage;
import io.strongroom.platform.Permission;
import io.strongroom.platform.ProblemType;

/** {@link AccessAdministration}: permission checks, then {@link Roles} and identity's user administration. */
@Service
class AccessAdministrationService implements AccessAdministration {

    private final Roles roles;
    private final RoleRepository roleRows;
    private final UserAdministration users;
    private final TransactionTemplate transactions;

    AccessAdministrationService(Roles roles, RoleRepository roleRows, UserAdministration users,
            TransactionTemplate transactions) {
        this.roles = roles;
        this.roleRows = roleRows;
        this.users = users;
        this.transactions = transactions;
    }

    @Override
    public List<RoleView> roles() {
        requireAny(AccessPermission.ROLES_MANAGE, IdentityPermission.USERS_MANAGE);
        return transactions.execute(tx -> roleRows.all().stream().map(AccessAdministrationService::view).toList());
    }

    @Override
    public RoleView role(UUID id) {
        requireAny(AccessPermission.ROLES_MANAGE, IdentityPermission.USERS_MANAGE);
        return transactions.execute(tx -> roleRows.find(id)).map(AccessAdministrationService::view)
                .orElseThrow(() -> ApiProblem.notFound("The role"));
    }

    @Override
    public RoleView createRole(String name, String description, List<String> permissions) {
        UUID caller = requireAny(AccessPermission.ROLES_MANAGE).userId();
        return view(transactions.execute(tx -> roles.create(caller, name, description, permissions)));
    }

    @Override
    public RoleView updateRole(UUID id, String name, String description, List<String> permissions) {
        UUID caller = requireAny(AccessPermission.ROLES_MANAGE).userId();
        return view(transactions.execute(tx -> roles.update(caller, id, name, description, permissions)));
    }

    @Override
    public void deleteRole(UUID id) {
        UUID caller = requireAny(AccessPermission.ROLES_MANAGE).userId();
        transactions.executeWithoutResult(tx -> roles.delete(caller, id));
    }

    @Override
    public UserPage users(String query, String status, UUID after, int limit) {
        requireAny(IdentityPermission.USERS_MANAGE);
        if (limit < 1 || limit > 200) {
            throw ApiProblem.validation("limit", "must be between 1 and 200");
        }
        if (status != null && !List.of("invited", "active", "disabled").contains(status)) {
            throw ApiProblem.validation("status", "must be invited, active or disabled");
        }
        if (query != null && query.length() > 200) {
            throw ApiProblem.validation("q", "must be at most 200 characters");
        }
        return transactions.execute(tx -> {
            KeysetPage<UserSummary, UUID> page = KeysetPage.of(users.list(query == null || query.isBlank() ? null
                    : query.strip(), status, after, limit + 1), limit, UserSummary::id);
            return new UserPage(page.items().stream().map(u -> view(u, roleRows.rolesOf(u.id()))).toList(),
                    page.nextAfter());
        });
    }

    @Override
    public UserView user(UUID id) {
        requireAny(IdentityPermission.USERS_MANAGE);
        return transactions.execute(tx -> users.find(id).map(u -> view(u, roleRows.rolesOf(u.id()))))
                .orElseThrow(() -> ApiProblem.notFound("The user"));
    }

    @Override
    public UserView invite(String email, String displayName, List<UUID> roleIds) {
        UUID caller = requireAny(IdentityPermission.USERS_MANAGE).userId();
        return transactions.execute(tx -> {
            List<RoleRepository.Role> wanted = roles.resolve(roleIds == null ? List.of() : roleIds);
            UUID id = users.invite(email, displayName, caller,
                    wanted.stream().map(RoleRepository.Role::name).sorted().toList());
            List<RoleRepository.Role> assigned = wanted.isEmpty() ? List.of()
                    : roles.assign(caller, id, wanted.stream().map(RoleRepository.Role::id).toList(), false);
            return view(users.find(id).orElseThrow(), assigned);
        });
    }

    @Override
    public void deleteUser(UUID id) {
        UUID caller = requireAny(IdentityPermission.USERS_MANAGE).userId();
        if (id.equals(caller)) {
            throw ApiProblem.validation("user", "you cannot delete your own account");
        }
        transactions.executeWithoutResult(tx -> {
            users.find(id).orElseThrow(() -> ApiProblem.notFound("The user"));
            roles.checkMayAdminister(caller, id);
            roles.checkCanRemove(id);
            roles.requireMayRemove(caller, id);
            users.delete(id, caller);
        });
    }

    @Override
    public List<RoleView> assignRoles(UUID userId, List<UUID> roleIds) {
        UUID caller = requireAny(IdentityPermission.USERS_MANAGE).userId();
        if (roleIds == null) {
            throw ApiProblem.validation("roles", "is required (it may be empty)");
        }
        return transactions.execute(tx -> {
            users.find(userId).orElseThrow(() -> ApiProblem.notFound("The user"));
            return roles.assign(caller, userId, roleIds, true).stream().map(AccessAdministrationService::view).toList();
        });
    }

    private static Caller requireAny(Permission... permissions) {
        Caller me = Caller.require();
        for (Permission permission : permissions) {
            if (me.has(permission)) {
                return me;
            }
        }
        throw new ApiProblem(ProblemType.FORBIDDEN, "This needs the " + permissions[0].key() + " permission.");
    }

    static RoleView view(RoleRepository.Role role) {
        return new RoleView(role.id(), role.name(), role.description(), role.builtin(), List.copyOf(role.permissions()),
                role.updatedAt());
    }

    static UserView view(UserSummary user, List<RoleRepository.Role> roles) {
        return new UserView(user.id(), user.email(), user.displayName(), user.status(), user.locked(),
                user.lastSignInAt(), user.createdAt(), roles.stream().map(r -> new RoleRef(r.id(), r.name())).toList());
    }
}
