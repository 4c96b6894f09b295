package io.strongroom.lifecycle.internal;

import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.HandlerInterceptor;

import io.strongroom.identity.Caller;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A suspended workspace (a trial that ended, a payment long overdue, a cancelled or unsubscribed
 * account) is read-only: its people sign in, read and export, and every request that would change
 * something is refused with 403 {@code workspace-read-only} (the API's problem, the pages' error
 * page) before it reaches a handler. Signing in and out, confirming one's identity, full exports and
 * data-subject requests stay open.
 */
final class ReadOnlyWorkspaces implements HandlerInterceptor {

    static final String DETAIL = "This workspace is read-only: its data can be read and exported, but nothing can be "
            + "changed. An Owner can find out why in the e-mail Strongroom sent.";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /**
     * Sign-in, sign-out, token refresh and step-up change no workspace data; a full export takes it
     * out; data-subject requests must be answered (and erasures made) whatever the account's state.
     */
    private static final List<String> OPEN = List.of("/api/v1/auth/", "/logout", "/app/step-up", "/api/v1/exports",
            "/api/v1/privacy/");

    private final JdbcClient jdbc;
    private final TransactionTemplate read;

    ReadOnlyWorkspaces(JdbcClient jdbc, TransactionTemplate read) {
        this.jdbc = jdbc;
        this.read = read;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (SAFE.contains(request.getMethod()) || request.getDispatcherType() == jakarta.servlet.DispatcherType.ASYNC) {
            return true; // (a streamed response's second dispatch was checked when the request came in)
        }
        Caller caller = Caller.current().orElse(null);
        if (caller == null || caller.tenantId() == null) {
            return true;
        }
        String path = request.getRequestURI();
        if (OPEN.stream().anyMatch(path::startsWith)) {
            return true;
        }
        String status = TenantContext.callAs(caller.tenantId(), () -> read.execute(tx -> jdbc
                .sql("select status from tenant where id = :id").param("id", caller.tenantId())
                .query(String.class).optional().orElse("")));
        if (!"active".equals(status)) {
            throw new ApiProblem(ProblemType.WORKSPACE_READ_ONLY, DETAIL);
        }
        return true;
    }
}
