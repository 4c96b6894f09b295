package io.strongroom.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.strongroom.identity.ProvidedRoles;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;

/**
 * What a connection does beyond signing in (A7): whether it creates the account of an address it
 * vouches for that has none (off by default; only for a connection bound to the company's domains or
 * directory), with which default roles, and which of the provider's groups give which roles at every
 * sign-in. Stored in the connection's row ({@code create_accounts}, {@code default_role_ids},
 * {@code group_names}/{@code group_role_ids}, V39).
 */
final class SsoProvisioning {

    static final int MAX_MAPPINGS = 100;
    private static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_:./-]{1,100}");

    record RoleMapping(String group, UUID roleId) {
    }

    /** A connection's provisioning as administrators set and see it. */
    record Settings(boolean createAccounts, List<UUID> defaultRoleIds, List<RoleMapping> roleMappings,
            String groupsClaim) {

        static final Settings NONE = new Settings(false, List.of(), List.of(), "groups");

        /** Every role the groups give: the roles this connection manages at sign-in. */
        Set<UUID> managedRoles() {
            Set<UUID> managed = new LinkedHashSet<>();
            roleMappings.forEach(m -> managed.add(m.roleId()));
            return managed;
        }

        /** The roles the given groups give (group names compared without regard to case). */
        Set<UUID> grantedRoles(List<String> groups) {
            Set<String> held = new java.util.HashSet<>();
            groups.forEach(g -> held.add(g.strip().toLowerCase(Locale.ROOT)));
            Set<UUID> granted = new LinkedHashSet<>();
            roleMappings.stream().filter(m -> held.contains(m.group().toLowerCase(Locale.ROOT)))
                    .forEach(m -> granted.add(m.roleId()));
            return granted;
        }

        /** For the audit trail: what was set, readable. */
        Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("create_accounts", createAccounts);
            out.put("default_role_ids", defaultRoleIds.stream().map(UUID::toString).toList());
            out.put("role_mappings", roleMappings.stream().map(m -> m.group() + " -> " + m.roleId()).toList());
            out.put("groups_claim", groupsClaim);
            return out;
        }
    }

    /** The body of {@code PUT .../provisioning}. */
    record Request(Boolean createAccounts, List<UUID> defaultRoleIds, List<RoleMapping> roleMappings, String groupsClaim) {
    }

    private SsoProvisioning() {
    }

    /**
     * Checks a request: roles this workspace has and the caller may give (never Owner), at most
     * {@value #MAX_MAPPINGS} mappings, groups named; accounts created only where the connection is bound
     * to the company ({@code boundToCompany}).
     */
    static Settings validate(Request in, boolean boundToCompany, ProvidedRoles roles, UUID caller) {
        List<FieldProblem> problems = new ArrayList<>();
        if (in == null || in.createAccounts() == null) {
            throw ApiProblem.validation("create_accounts", "is required");
        }
        if (in.createAccounts() && !boundToCompany) {
            problems.add(new FieldProblem("create_accounts",
                    "needs a connection bound to the company: its domains, or an Entra ID directory"));
        }
        List<UUID> defaults = in.defaultRoleIds() == null ? List.of() : in.defaultRoleIds().stream().distinct().toList();
        if (defaults.size() > 10) {
            problems.add(new FieldProblem("default_role_ids", "must be at most 10"));
        } else if (!roles.notGivable(caller, defaults).isEmpty()) {
            problems.add(new FieldProblem("default_role_ids",
                    "must be roles of this workspace that you hold all permissions of, not Owner"));
        }
        List<RoleMapping> mappings = new ArrayList<>();
        for (RoleMapping mapping : in.roleMappings() == null ? List.<RoleMapping>of() : in.roleMappings()) {
            String group = mapping == null || mapping.group() == null ? "" : mapping.group().strip();
            if (group.isEmpty() || group.length() > 500 || group.chars().anyMatch(Character::isISOControl)
                    || mapping.roleId() == null) {
                problems.add(new FieldProblem("role_mappings", "must each name a group (at most 500 characters) and a role_id"));
                break;
            }
            mappings.add(new RoleMapping(group, mapping.roleId()));
        }
        if (mappings.size() > MAX_MAPPINGS) {
            problems.add(new FieldProblem("role_mappings", "must be at most 100"));
        } else if (!roles.notGivable(caller, mappings.stream().map(RoleMapping::roleId).toList()).isEmpty()) {
            problems.add(new FieldProblem("role_mappings",
                    "must give roles of this workspace that you hold all permissions of, not Owner"));
        }
        String claim = in.groupsClaim() == null || in.groupsClaim().isBlank() ? "groups" : in.groupsClaim().strip();
        if (!CLAIM.matcher(claim).matches()) {
            problems.add(new FieldProblem("groups_claim", "must be a claim name such as groups"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        return new Settings(in.createAccounts(), defaults, List.copyOf(mappings), claim);
    }

    /** Reads the provisioning columns of a connection's row. */
    static Settings read(ResultSet rs, boolean hasClaim) throws SQLException {
        List<String> groups = List.of((String[]) rs.getArray("group_names").getArray());
        UUID[] roleIds = (UUID[]) rs.getArray("group_role_ids").getArray();
        List<RoleMapping> mappings = new ArrayList<>();
        for (int i = 0; i < groups.size() && i < roleIds.length; i++) {
            mappings.add(new RoleMapping(groups.get(i), roleIds[i]));
        }
        return new Settings(rs.getBoolean("create_accounts"), List.of((UUID[]) rs.getArray("default_role_ids").getArray()),
                List.copyOf(mappings), hasClaim ? rs.getString("groups_claim") : "groups");
    }

    /** Saves a connection's provisioning ({@code table}: one of the two connection tables, a constant). */
    static void save(org.springframework.jdbc.core.simple.JdbcClient jdbc, String table, UUID id, Settings settings) {
        jdbc.sql("update " + table + " set create_accounts = :create, default_role_ids = :defaults,"
                + " group_names = :groups, group_role_ids = :roles" + ("sso_connection".equals(table)
                        ? ", groups_claim = :claim" : "") + " where id = :id")
                .param("create", settings.createAccounts())
                .param("defaults", settings.defaultRoleIds().toArray(UUID[]::new))
                .param("groups", settings.roleMappings().stream().map(RoleMapping::group).toArray(String[]::new))
                .param("roles", settings.roleMappings().stream().map(RoleMapping::roleId).toArray(UUID[]::new))
                .param("claim", settings.groupsClaim()).param("id", id).update();
    }

    /** The record of a connection's provisioning change: the connection, its provider and what changed. */
    static Map<String, Object> changed(UUID connection, String provider, Settings before, Settings after) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("connection_id", connection.toString());
        details.put("provider", provider);
        details.putAll(changes(before, after));
        return details;
    }

    /** What changed, for the record of the change. */
    static Map<String, Object> changes(Settings before, Settings after) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> was = before.describe();
        after.describe().forEach((key, value) -> {
            if (!java.util.Objects.equals(was.get(key), value)) {
                out.put(key, IdentityEvents.change(was.get(key), value));
            }
        });
        return out;
    }

    /** The groups an ID token lists in its claim: strings, or one string. */
    static List<String> groupsOf(Object claim) {
        if (claim instanceof String one) {
            return List.of(one);
        }
        if (claim instanceof java.util.Collection<?> many) {
            return many.stream().filter(String.class::isInstance).map(String.class::cast).limit(1000).toList();
        }
        return List.of();
    }
}
