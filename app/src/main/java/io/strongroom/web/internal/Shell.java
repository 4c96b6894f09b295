package io.strongroom.web.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.strongroom.platform.PageRefusals;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The shell's routes: signed-in pages live under {@code /app}; a visitor who is not signed in is
 * sent to sign in (and back afterwards), a caller refused a page to "not allowed".
 */
@Component
class Shell implements PageRefusals {

    static final String START_PAGE = "/app";
    static final String SIGN_IN_PAGE = "/login";
    static final String DENIED_PAGE = "/app/denied";

    static boolean isPage(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.equals(START_PAGE) || path.startsWith(START_PAGE + "/");
    }

    @Override
    public Optional<String> signInRedirect(HttpServletRequest request) {
        return isPage(request) ? Optional.of(SIGN_IN_PAGE + "?next="
                + URLEncoder.encode(request.getRequestURI(), StandardCharsets.UTF_8)) : Optional.empty();
    }

    @Override
    public Optional<String> deniedRedirect(HttpServletRequest request) {
        return isPage(request) ? Optional.of(DENIED_PAGE) : Optional.empty();
    }
}
