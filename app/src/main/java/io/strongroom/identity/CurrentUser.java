package io.strongroom.identity;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import io.strongroom.platform.Permission;

/**
 * The signed-in caller of the current request, as its verified access token says.
 *
 * @param userId {@code sub}
 * @param tenantId {@code tid}
 * @param sessionId {@code sid}
 * @param permissions the permissions the token carries
 */
public record CurrentUser(UUID userId, UUID tenantId, UUID sessionId, Set<String> permissions) {

    public static Optional<CurrentUser> get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            var jwt = token.getToken();
            return Optional.of(new CurrentUser(UUID.fromString(jwt.getSubject()),
                    UUID.fromString(jwt.getClaimAsString("tid")), UUID.fromString(jwt.getClaimAsString("sid")),
                    Set.copyOf(jwt.getClaimAsStringList("perms") == null ? java.util.List.of() : jwt.getClaimAsStringList("perms"))));
        }
        return Optional.empty();
    }

    /** The caller; fails when the request is not authenticated (a programming error behind an authorized endpoint). */
    public static CurrentUser require() {
        return get().orElseThrow(() -> new IllegalStateException("No signed-in user"));
    }

    /** Whether the caller's token carries {@code permission}. */
    public boolean has(Permission permission) {
        return permissions.contains(permission.key());
    }
}
