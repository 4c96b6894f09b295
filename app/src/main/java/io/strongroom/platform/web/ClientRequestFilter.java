package io.strongroom.platform.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.ProblemResponses;
import io.strongroom.platform.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * First filter of every request: assigns the request id (accepting one only from a trusted
 * proxy), resolves the client IP, and makes both available to logs ({@code request_id} in the
 * MDC), to the response ({@code X-Request-Id}) and to the application ({@link ClientRequest}).
 * A query string with an (encoded) NUL character is refused with 400.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ClientRequestFilter extends OncePerRequestFilter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClientRequestFilter.class);

    static final String REQUEST_ID_HEADER = "X-Request-Id";
    static final String REQUEST_ID_ATTRIBUTE = ClientRequestFilter.class.getName() + ".requestId";
    private static final Pattern ACCEPTABLE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int MAX_USER_AGENT = 512;

    private final ClientIpResolver clientIps;
    private final ProblemResponses problems;

    ClientRequestFilter(ClientIpResolver clientIps, ProblemResponses problems) {
        this.clientIps = clientIps;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = requestId(request);
        String userAgent = request.getHeader("User-Agent");
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
        ClientRequest.bind(new ClientRequest(requestId, clientIps.resolve(request), userAgent));
        request.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
        response.setHeader(REQUEST_ID_HEADER, requestId);
        String malformed = malformedParameters(request);
        if (malformed != null) {
            ClientRequest.clear();
            log.info("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), malformed);
            refuse(request, response, requestId, new ApiProblem(ProblemType.MALFORMED_REQUEST, malformed));
            return;
        }
        MDC.put("request_id", requestId);
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException e) {
            // failures outside Spring MVC (authentication, filters): an unreachable database is a 503
            boolean restoring = ApiProblem.isRestoring(e);
            if (!(restoring || ApiProblem.isUnavailability(e)) || response.isCommitted()) {
                throw e;
            }
            log.warn("{} {} answered 503: {}", request.getMethod(), request.getRequestURI(),
                    restoring ? "the workspace is being restored" : "database unavailable");
            response.resetBuffer();
            refuse(request, response, requestId, restoring ? ApiProblem.restoring() : ApiProblem.unavailable());
        } finally {
            MDC.remove("request_id");
            ClientRequest.clear();
        }
    }

    /**
     * Why the query string (or, for requests without a form body, the parameters) cannot be read,
     * or null. Checked here, once, so no later component meets a half-decoded parameter and no
     * client error becomes a 500.
     */
    static String malformedParameters(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query != null) {
            if (query.indexOf('\0') >= 0) {
                return "The query string contains a NUL character.";
            }
            byte[] decoded = new byte[query.length()];
            int length = 0;
            for (int i = 0; i < query.length(); i++) {
                char c = query.charAt(i);
                if (c == '%') {
                    if (i + 2 >= query.length() || Character.digit(query.charAt(i + 1), 16) < 0
                            || Character.digit(query.charAt(i + 2), 16) < 0) {
                        return "The query string has a malformed percent-encoding.";
                    }
                    int value = Character.digit(query.charAt(i + 1), 16) * 16 + Character.digit(query.charAt(i + 2), 16);
                    if (value == 0) {
                        return "The query string contains a NUL character.";
                    }
                    decoded[length++] = (byte) value;
                    i += 2;
                } else {
                    decoded[length++] = (byte) c;
                }
            }
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(decoded, 0, length));
            } catch (CharacterCodingException e) {
                return "The query string is not valid UTF-8.";
            }
        }
        if (!"POST".equals(request.getMethod())) {
            try {
                request.getParameterMap();
            } catch (IllegalStateException | IllegalArgumentException e) {
                return "The request parameters cannot be read.";
            }
        }
        return null;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String requestId, ApiProblem problem)
            throws IOException {
        problem.headers().forEach(response::setHeader);
        // this answer leaves before Spring Security's header writer runs: the same headers, here
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY);
        response.setHeader("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
        if (ErrorPages.prefersHtml(request)) {
            response.setStatus(problem.status().value());
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write(ErrorPages.html(problem.status().value(), problem.title(), problem.detail(), requestId));
        } else {
            problems.write(request, response, problem);
        }
    }

    private String requestId(HttpServletRequest request) {
        String offered = request.getHeader(REQUEST_ID_HEADER);
        if (offered != null && ACCEPTABLE_REQUEST_ID.matcher(offered).matches() && clientIps.isTrustedProxy(request)) {
            return offered;
        }
        return UUID.randomUUID().toString();
    }
}
