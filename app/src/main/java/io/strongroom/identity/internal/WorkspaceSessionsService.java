package io.strongroom.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.strongroom.identity.WorkspaceSessions;
import io.strongroom.platform.TenantContext;

@Component
class WorkspaceSessionsService implements WorkspaceSessions {

    private final JdbcClient jdbc;
    private final SessionRevocations revocations;
    private final Clock clock;

    WorkspaceSessionsService(JdbcClient jdbc, SessionRevocations revocations, Clock clock) {
        this.jdbc = jdbc;
        this.revocations = revocations;
        this.clock = clock;
    }

    @Override
    public int endAll(String reason) {
        List<UUID> ended = jdbc.sql("""
                update auth_session set revoked_at = :now, revoke_reason = :reason
                 where tenant_id = :tenant and revoked_at is null
                returning id
                """)
                .param("tenant", TenantContext.require()).param("reason", reason)
                .param("now", Timestamp.from(clock.instant()))
                .query(UUID.class).list();
        ended.forEach(revocations::revokedInThisTransaction);
        return ended.size();
    }
}
