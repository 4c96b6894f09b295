package io.strongroom.platform.web;

import java.io.IOException;
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
        String query = request.getQueryString();
        if (query != null && (query.contains("%00") || query.indexOf('\0') >= 0)) {
            ClientRequest.clear();
            problems.write(request, response, new ApiProblem(ProblemType.MALFORMED_REQUEST,
                    "The query string contains a NUL character."));
            return;
        }
        MDC.put("request_id", requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("request_id");
            ClientRequest.clear();
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
