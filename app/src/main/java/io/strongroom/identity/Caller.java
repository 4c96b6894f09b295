package io.strongroom.identity;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import io.strongroom.platform.Permission;

/**
 * Who the current request acts for, built once per request from its verified access token and
 * the request's facts, and immutable from then on. It is the authentication's principal; services
 * ask {@link #current()} or {@link #require()} and {@link #has(Permission)}. The tenant binding
 * itself stays where the transaction manager reads it ({@code TenantContext}), set from
 * {@link #tenantId()} for the request.
 *
 * @param userId the token's {@code sub}
 * @param tenantId its {@code tid}
 * @param sessionId its {@code sid}
 * @param permissions the permission keys the token carries
 * @param clientIp the client address (from {@code X-Forwarded-For} only behind a trusted proxy)
 * @param requestId the request id, as in {@code X-Request-Id}
 * @param userAgent the {@code User-Agent}, shortened; may be null
 * @param kind who acts: a user today; operators (vendor support) later
 */
public record Caller(UUID userId, UUID tenantId, UUID sessionId, Set<String> permissions, String clientIp,
        String requestId, String userAgent, Kind kind) {

    public Caller {
        permissions = Set.copyOf(permissions);
    }

    /** The caller of the current request, if it is authenticated. */
    public static Optional<Caller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Caller caller
                ? Optional.of(caller) : Optional.empty();
    }

    /** The caller; fails when the request is not authenticated (a programming error behind a declared endpoint). */
    public static Caller require() {
        return current().orElseThrow(() -> new IllegalStateException("No signed-in caller"));
    }

    /** Whether the caller's token carries {@code permission}. */
    public boolean has(Permission permission) {
        return permissions.contains(permission.key());
    }

    /** Who acts. */
    public enum Kind {
        /** A member of the workspace, signed in. */
        USER,
        /** The workspace's directory, provisioning users through SCIM with a SCIM token (its id as userId). */
        PROVISIONING
    }
}
