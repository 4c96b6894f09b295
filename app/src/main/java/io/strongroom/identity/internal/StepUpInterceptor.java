package io.strongroom.identity.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import io.strongroom.identity.Caller;
import io.strongroom.platform.ProblemResponses;
import io.strongroom.platform.StepUp;
import io.strongroom.web.Forms;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Enforces {@link StepUp} (A6). A caller who lacks the handler's permissions is left to the access
 * rule (a 403 says more than "confirm it is you"); one who holds them but has not proved who they
 * are recently enough gets RFC 9470's challenge from the API, or is sent to the step-up page.
 */
final class StepUpInterceptor implements HandlerInterceptor {

    static final String TOKEN_ATTRIBUTE = StepUpInterceptor.class.getName() + ".token";
    private static final Pattern KEY = Pattern.compile("'([a-z.]+:[a-z]+)'");

    private final StepUps stepUps;
    private final ProblemResponses problems;

    StepUpInterceptor(StepUps stepUps, ProblemResponses problems) {
        this.stepUps = stepUps;
        this.problems = problems;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if (!(handler instanceof HandlerMethod method) || !method.hasMethodAnnotation(StepUp.class)) {
            return true;
        }
        if (request.getDispatcherType() == jakarta.servlet.DispatcherType.ASYNC) {
            return true; // a streamed response's second dispatch: the request was checked when it came in
        }
        Caller caller = Caller.current().orElse(null);
        if (caller == null || !(request.getAttribute(TOKEN_ATTRIBUTE) instanceof AccessTokens.VerifiedToken token)
                || !holdsAccessRule(method, caller)) {
            return true; // the access rule answers
        }
        List<String> amr;
        Instant authTime;
        try {
            List<String> claimed = token.claims().getStringListClaim("amr");
            amr = claimed == null ? List.of() : claimed;
            Long seconds = token.claims().getLongClaim("auth_time");
            authTime = seconds == null ? null : Instant.ofEpochSecond(seconds);
        } catch (ParseException e) {
            amr = List.of();
            authTime = null;
        }
        if (stepUps.satisfied(caller.userId(), amr, authTime)) {
            return true;
        }
        // a page, or a browser following a link to the API with its cookie session: the step-up page
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        boolean browser = !request.getRequestURI().startsWith("/api/")
                || (request.getHeader(HttpHeaders.AUTHORIZATION) == null && accept != null && accept.contains("text/html"));
        if (!browser) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_user_authentication\", "
                    + "error_description=\"A recent second factor is needed for this action\", max_age="
                    + stepUps.maxAge().toSeconds());
            problems.write(request, response, StepUps.REQUIRED);
        } else {
            response.sendRedirect("/app/step-up?next=" + URLEncoder.encode(returnTo(request), StandardCharsets.UTF_8));
        }
        return false;
    }

    /** Where the page should come back to: the page itself for a GET, the page the form was on for a POST. */
    private static String returnTo(HttpServletRequest request) {
        if ("GET".equals(request.getMethod()) && !request.getRequestURI().startsWith("/api/")) {
            String query = request.getQueryString();
            return Forms.safeNext(request.getRequestURI() + (query == null ? "" : "?" + query));
        }
        String referer = request.getHeader(HttpHeaders.REFERER);
        if (referer != null) {
            try {
                URI uri = URI.create(referer);
                return Forms.safeNext(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            } catch (IllegalArgumentException e) {
                return "/app";
            }
        }
        return "/app";
    }

    /** Whether the caller holds what the handler's {@code @PreAuthorize} names (any of, or the one). */
    private static boolean holdsAccessRule(HandlerMethod method, Caller caller) {
        PreAuthorize rule = method.getMethodAnnotation(PreAuthorize.class);
        if (rule == null) {
            return true;
        }
        List<String> keys = new ArrayList<>();
        Matcher matcher = KEY.matcher(rule.value());
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        if (keys.isEmpty()) {
            return true;
        }
        return rule.value().contains("hasAnyAuthority") ? keys.stream().anyMatch(caller.permissions()::contains)
                : caller.permissions().containsAll(keys);
    }
}
