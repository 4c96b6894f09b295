package io.strongroom.access;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.Permission;
import io.strongroom.platform.PermissionSet;

/**
 * The union of the permissions every module contributes ({@link PermissionSet} beans), ordered by
 * key. Built once at start; a duplicate or malformed key stops the application from starting.
 */
public final class PermissionCatalog {

    private static final Pattern KEY = Pattern.compile("[a-z]+(\\.[a-z]+)*:[a-z]+");

    private final Map<String, Permission> byKey;

    public PermissionCatalog(Collection<PermissionSet> contributions) {
        Map<String, Permission> keys = new java.util.TreeMap<>();
        Map<String, String> owners = new java.util.HashMap<>();
        for (PermissionSet set : contributions) {
            for (Permission permission : set.permissions()) {
                if (!KEY.matcher(permission.key()).matches()) {
                    throw new IllegalStateException("Module " + set.module() + " declares a malformed permission key '"
                            + permission.key() + "' (expected area:verb in lower case)");
                }
                String earlier = owners.putIfAbsent(permission.key(), set.module());
                if (earlier != null) {
                    throw new IllegalStateException("Permission " + permission.key() + " is declared by both "
                            + earlier + " and " + set.module());
                }
                keys.put(permission.key(), permission);
            }
        }
        this.byKey = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** Every permission, ordered by key. */
    public List<Permission> all() {
        return List.copyOf(byKey.values());
    }

    public Optional<Permission> find(String key) {
        return Optional.ofNullable(key == null ? null : byKey.get(key));
    }

    /** The permissions a built-in role holds, as the catalog declares them today. */
    public Set<Permission> of(BuiltInRole role) {
        return byKey.values().stream().filter(role::holds)
                .collect(Collectors.toCollection(() -> new java.util.TreeSet<>(Comparator.comparing(Permission::key))));
    }

    /** The keys of {@link #of(BuiltInRole)}. */
    public Set<String> keysOf(BuiltInRole role) {
        return of(role).stream().map(Permission::key).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
