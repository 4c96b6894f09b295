package io.strongroom.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.Caller;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.identity.ProvidedRoles;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;

/**
 * A workspace's SCIM provisioning tokens (A7): made by an administrator, shown once, kept as a SHA-256
 * hash; each names the tenant it serves (so a request needs no lookup outside it), the default roles
 * of the users it creates and the roles its groups give. Revoking one refuses it at once.
 */
final class ScimTokens {

    /** A token as administrators see it: never the token. */
    record Token(UUID id, String name, Instant createdAt, Instant lastUsedAt, SsoProvisioning.Settings provisioning) {
    }

    /** A token just made: the secret, once. */
    record Issued(Token token, String secret) {

        @Override
        public String toString() {
            return "Issued[" + token.id() + "]";
        }
    }

    /** The token a request presented, verified: its tenant and id. */
    record Presented(UUID tenantId, UUID tokenId, SsoProvisioning.Settings provisioning) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final IdentityEvents events;
    private final Clock clock;
    private final ProvidedRoles providedRoles;

    ScimTokens(JdbcClient jdbc, TransactionTemplate transactions, IdentityEvents events, Clock clock,
            ProvidedRoles providedRoles) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.providedRoles = providedRoles;
    }

    Issued create(String name) {
        List<ApiProblem.FieldProblem> problems = new java.util.ArrayList<>();
        String given = SsoConnections.text(problems, "name", name, 100, true);
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        Caller me = Caller.require();
        UUID tenant = TenantContext.require();
        String secret = OpaqueTokens.generate(OpaqueTokens.SCIM, tenant);
        UUID id = Ids.newId();
        return transactions.execute(tx -> {
            jdbc.sql("""
                    insert into scim_token (tenant_id, id, name, token_hash, created_at, created_by)
                    values (:tenant, :id, :name, :hash, :now, :by)
                    """).param("tenant", tenant).param("id", id).param("name", given)
                    .param("hash", OpaqueTokens.hash(secret)).param("now", Timestamp.from(clock.instant()))
                    .param("by", me.userId()).update();
            events.success(Type.SCIM_TOKEN_CREATED, tenant, null, me.userId(), null,
                    Map.of("token_id", id.toString(), "name", given));
            return new Issued(find(id).orElseThrow(), secret);
        });
    }

    List<Token> list() {
        return transactions.execute(tx -> jdbc.sql("select * from scim_token order by created_at, id")
                .query(this::token).list());
    }

    Optional<Token> find(UUID id) {
        return transactions.execute(tx -> jdbc.sql("select * from scim_token where id = :id").param("id", id)
                .query(this::token).optional());
    }

    void revoke(UUID id) {
        Caller me = Caller.require();
        transactions.executeWithoutResult(tx -> {
            Token gone = find(id).orElseThrow(() -> ApiProblem.notFound("The token"));
            jdbc.sql("delete from scim_token where id = :id").param("id", id).update();
            events.success(Type.SCIM_TOKEN_REVOKED, TenantContext.require(), null, me.userId(), null,
                    Map.of("token_id", id.toString(), "name", gone.name()));
        });
    }

    /** Default roles of the users the token creates, and the roles its groups give (by display name). */
    Token updateProvisioning(UUID id, SsoProvisioning.Request in) {
        Caller me = Caller.require();
        return transactions.execute(tx -> {
            Token token = find(id).orElseThrow(() -> ApiProblem.notFound("The token"));
            SsoProvisioning.Request always = new SsoProvisioning.Request(true, in == null ? null : in.defaultRoleIds(),
                    in == null ? null : in.roleMappings(), null);
            SsoProvisioning.Settings after = SsoProvisioning.validate(always, true, providedRoles, me.userId());
            SsoProvisioning.save(jdbc, "scim_token", id, after);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("token_id", id.toString());
            details.putAll(SsoProvisioning.changes(token.provisioning(), after));
            events.success(Type.SCIM_TOKEN_UPDATED, TenantContext.require(), null, me.userId(), null, details);
            return find(id).orElseThrow();
        });
    }

    /**
     * The token's tenant and id when it is one of that tenant's tokens and the workspace is open (a
     * suspended one is read-only, as for its people); records its use.
     */
    Optional<Presented> authenticate(String secret) {
        Optional<UUID> tenant = OpaqueTokens.tenantOf(OpaqueTokens.SCIM, secret);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        return TenantContext.callAs(tenant.get(), () -> transactions.execute(tx -> {
            String status = jdbc.sql("select status from tenant where id = :id").param("id", tenant.get())
                    .query(String.class).optional().orElse("");
            if (!"active".equals(status) && !"suspended".equals(status)) {
                return Optional.<Presented>empty(); // a closed or deleted workspace has no directory any more
            }
            Optional<Token> token = jdbc.sql("""
                    update scim_token set last_used_at = :now where token_hash = :hash returning *
                    """).param("now", Timestamp.from(clock.instant())).param("hash", OpaqueTokens.hash(secret))
                    .query(this::token).optional();
            return token.map(t -> new Presented(tenant.get(), t.id(), t.provisioning()));
        }));
    }

    private Token token(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp used = rs.getTimestamp("last_used_at");
        return new Token(rs.getObject("id", UUID.class), rs.getString("name"), rs.getTimestamp("created_at").toInstant(),
                used == null ? null : used.toInstant(), SsoProvisioning.read(rs, false));
    }
}
