package io.strongroom.web;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;

import io.strongroom.platform.Permission;

/**
 * One link of the main navigation, contributed as a bean by the module whose page it opens. It is
 * shown to a signed-in user holding any of {@code anyOf} (to every signed-in user when empty); the
 * page itself still declares and checks its own permission.
 *
 * @param order position, ascending
 * @param messageKey the label's message key
 * @param path the page, under {@code /app}
 * @param anyOf the permissions of which the caller needs one
 */
public record NavigationEntry(int order, String messageKey, String path, Set<Permission> anyOf) {

    public NavigationEntry {
        Objects.requireNonNull(messageKey, "messageKey");
        if (path == null || !path.startsWith("/app")) {
            throw new IllegalArgumentException("Navigation entries open pages under /app: " + path);
        }
        anyOf = Set.copyOf(anyOf);
    }

    public static NavigationEntry of(int order, String messageKey, String path, Permission... anyOf) {
        return new NavigationEntry(order, messageKey, path, Set.of(anyOf));
    }

    /** Whether a caller with these permission keys sees the entry. */
    public boolean visibleTo(Collection<String> permissionKeys) {
        return anyOf.isEmpty() || anyOf.stream().anyMatch(p -> permissionKeys.contains(p.key()));
    }
}
