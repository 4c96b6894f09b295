package io.strongroom.platform;

import java.util.Optional;

/**
 * Facts about the HTTP request the current thread serves: its request id, the client IP address
 * (taken from {@code X-Forwarded-For} only when the peer is a configured trusted proxy) and the
 * user agent. The audit trail and the security events record these.
 *
 * @param requestId the request id, echoed in the {@code X-Request-Id} response header
 * @param clientIp the resolved client address
 * @param userAgent the {@code User-Agent} header, shortened to 512 characters, or {@code null}
 */
public record ClientRequest(String requestId, String clientIp, String userAgent) {

    private static final ThreadLocal<ClientRequest> CURRENT = new ThreadLocal<>();

    /** The request the current thread serves, if it serves one. */
    public static Optional<ClientRequest> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Binds a request to the current thread; for the request filter only. */
    public static void bind(ClientRequest request) {
        CURRENT.set(request);
    }

    /** Removes the binding; for the request filter only. */
    public static void clear() {
        CURRENT.remove();
    }
}
