package io.strongroom.platform;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * How the security chain answers a browser page it refuses: the module that serves the pages (the
 * web shell) knows which requests are pages and where to send the visitor. Without an
 * implementation, and for every request it does not claim, a refusal is problem+json.
 */
public interface PageRefusals {

    /** Where to send an unauthenticated visitor of this page, or empty when it is not a page. */
    Optional<String> signInRedirect(HttpServletRequest request);

    /** Where to send a caller refused this page (a GET), or empty when it is not a page. */
    Optional<String> deniedRedirect(HttpServletRequest request);
}
