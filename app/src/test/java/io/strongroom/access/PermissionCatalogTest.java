package io.strongroom.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.audit.AuditPermission;
import io.strongroom.identity.IdentityPermission;
import io.strongroom.people.PeoplePermission;
import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.Permission;
import io.strongroom.platform.PermissionSet;

/** R1: the catalog is the union of what modules contribute, and built-in roles are read from it. */
class PermissionCatalogTest {

    static final List<PermissionSet> MODULES = List.of(PermissionSet.of("identity", IdentityPermission.values()),
            PermissionSet.of("access", AccessPermission.values()), PermissionSet.of("audit", AuditPermission.values()),
            PermissionSet.of("people", PeoplePermission.values()));

    @Test
    @Tag("R1")
    void builtInRolesHoldWhatTheirDescriptionsPromise() {
        PermissionCatalog catalog = new PermissionCatalog(MODULES);
        Map<BuiltInRole, Set<String>> roles = new TreeMap<>();
        for (BuiltInRole role : BuiltInRole.values()) {
            roles.put(role, catalog.keysOf(role));
        }
        assertThat(roles.get(BuiltInRole.OWNER)).containsExactlyInAnyOrder("people:read", "people:write",
                "people.personal:read", "people.personal:write", "users:manage", "roles:manage", "audit:read",
                "settings:manage", "owners:manage");
        assertThat(roles.get(BuiltInRole.ADMINISTRATOR)).containsExactlyInAnyOrder("people:read", "people:write",
                "people.personal:read", "people.personal:write", "users:manage", "roles:manage", "audit:read",
                "settings:manage");
        assertThat(roles.get(BuiltInRole.HR_MANAGER)).containsExactlyInAnyOrder("people:read", "people:write",
                "people.personal:read", "people.personal:write");
        assertThat(roles.get(BuiltInRole.MANAGER)).containsExactly("people:read");
        assertThat(roles.get(BuiltInRole.EMPLOYEE)).containsExactly("people:read");
        assertThat(roles.get(BuiltInRole.AUDITOR)).containsExactly("audit:read");
    }

    @Test
    @Tag("R1")
    void aNewModulesPermissionReachesTheBuiltInRolesItNames() {
        PermissionCatalog catalog = new PermissionCatalog(concat(MODULES,
                new PermissionSet("timeoff", List.of(permission("timeoff:approve", BuiltInRole.MANAGER)))));
        assertThat(catalog.keysOf(BuiltInRole.MANAGER)).containsExactlyInAnyOrder("people:read", "timeoff:approve");
        assertThat(catalog.keysOf(BuiltInRole.OWNER)).contains("timeoff:approve");
        assertThat(catalog.keysOf(BuiltInRole.EMPLOYEE)).doesNotContain("timeoff:approve");
        assertThat(catalog.keysOf(BuiltInRole.ADMINISTRATOR)).doesNotContain("timeoff:approve");
    }

    @Test
    void twoModulesCannotDeclareTheSameKey() {
        assertThatThrownBy(() -> new PermissionCatalog(concat(MODULES,
                new PermissionSet("copycat", List.of(permission("people:read"))))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("people:read")
                .hasMessageContaining("people").hasMessageContaining("copycat");
    }

    @Test
    void malformedKeysAreRefused() {
        for (String key : List.of("People:read", "people", "people:", ":read", "people:read ", "people:re-ad", "")) {
            assertThatThrownBy(() -> new PermissionCatalog(List.of(new PermissionSet("bad", List.of(permission(key))))))
                    .as(key).isInstanceOf(IllegalStateException.class).hasMessageContaining("malformed");
        }
    }

    @Test
    void lookupByKey() {
        PermissionCatalog catalog = new PermissionCatalog(MODULES);
        assertThat(catalog.find("people.personal:read")).contains(PeoplePermission.PERSONAL_READ);
        assertThat(catalog.find("people.personal:READ")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
        assertThat(catalog.all()).hasSize(9).extracting(Permission::key).isSorted();
    }

    private static Permission permission(String key, BuiltInRole... roles) {
        Permission.Definition definition = new Permission.Definition(key, "A test permission " + key, Set.of(roles));
        return () -> definition;
    }

    private static List<PermissionSet> concat(List<PermissionSet> sets, PermissionSet extra) {
        List<PermissionSet> all = new java.util.ArrayList<>(sets);
        all.add(extra);
        return all;
    }
}
