package io.strongroom.platform;

/**
 * Published when a request is refused after authentication — 403 for a missing permission, 409 or
 * 412 for a conflict — so the audit trail records refused and failed attempts too (in their own
 * transaction: the attempt itself has been rolled back).
 *
 * @param method HTTP method
 * @param path request path (no query string)
 * @param status the HTTP status answered
 * @param reason the problem type and detail shown to the caller (never a secret)
 */
public record RequestRefused(String method, String path, int status, String reason) {

    public boolean denied() {
        return status == 403;
    }
}
