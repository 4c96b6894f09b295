package io.strongroom.identity.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.strongroom.identity.Caller;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.TenantContext;

/**
 * Authenticates {@code /scim/v2} requests, and only them, by a SCIM token (A7): the caller is the
 * token ({@link Caller.Kind#PROVISIONING}, one authority: {@value #AUTHORITY}), the tenant the one it
 * names and was issued in. Anything else there (no token, a user's access token, a revoked or
 * unknown one) is a SCIM 401; the workspace's networks apply as to its users.
 */
final class ScimTokenFilter extends OncePerRequestFilter {

    static final String AUTHORITY = "scim:provision";
    static final String TOKEN_ATTRIBUTE = ScimTokenFilter.class.getName() + ".token";
    static final String PATH = "/scim/";

    private final ScimTokens tokens;
    private final NetworkPolicy networks;

    ScimTokenFilter(ScimTokens tokens, NetworkPolicy networks) {
        this.tokens = tokens;
        this.networks = networks;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String secret = header != null && header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip() : null;
        Optional<ScimTokens.Presented> token = secret == null ? Optional.empty() : tokens.authenticate(secret);
        if (token.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"SCIM\", error=\"invalid_token\"");
            error(response, 401, "A valid SCIM token is required.");
            return;
        }
        Optional<ClientRequest> facts = ClientRequest.current();
        String ip = facts.map(ClientRequest::clientIp).orElse(null);
        if (!networks.allows(token.get().tenantId(), ip)) {
            error(response, 403, "The workspace does not allow requests from this network.");
            return;
        }
        Caller caller = new Caller(token.get().tokenId(), token.get().tenantId(), null, Set.of(AUTHORITY), ip,
                facts.map(ClientRequest::requestId).orElse(null), facts.map(ClientRequest::userAgent).orElse(null),
                Caller.Kind.PROVISIONING);
        request.setAttribute(TOKEN_ATTRIBUTE, token.get());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new TokenSecurity.CallerAuthentication(caller,
                List.of(new SimpleGrantedAuthority(AUTHORITY))));
        SecurityContextHolder.setContext(context);
        MDC.put("tenant_id", caller.tenantId().toString());
        try (TenantContext.Binding ignored = TenantContext.bind(caller.tenantId())) {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("tenant_id");
            SecurityContextHolder.clearContext();
        }
    }

    private static void error(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/scim+json");
        response.getOutputStream().write(("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\""
                + status + "\",\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
