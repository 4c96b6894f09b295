package io.strongroom.identity.internal;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.nimbusds.jwt.JWTClaimsSet;

import io.strongroom.crypto.FieldEncryption;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.ResolvedWorkspace;
import io.strongroom.tenancy.TenantDirectory;

/**
 * A sign-in through a workspace's identity provider (A7), in two halves. {@link #start}: a state
 * naming the workspace (as sign-in challenges do), a nonce and a PKCE verifier are kept for ten
 * minutes with the hash of a cookie that ties them to the browser that asked; the browser is sent to
 * the provider. {@link #complete}: the provider sends the browser back with the state and a code;
 * the state must be live, unused and from this browser; the code is exchanged and the ID token
 * checked ({@link OidcClient}); then the connection's own rules (Google: the {@code hd} domain;
 * Entra ID: the {@code tid} directory; every provider: a verified e-mail address, in the
 * connection's domains if it names any); then {@link SignIn#signInFederated} applies the workspace's
 * own gates. Every refusal is recorded ({@code auth.login.failed}, reason {@code sso_<why>}).
 */
final class SsoSignIn {

    static final String STATE_PREFIX = "sss1";
    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final String CALLBACK = "/sso/callback";
    static final ApiProblem FAILED = new ApiProblem(org.springframework.http.HttpStatus.UNAUTHORIZED,
            ProblemType.uri("sso-failed"), "Sign-in failed",
            "The sign-in with your identity provider did not succeed. Start it again from the sign-in page.",
            List.of(), Map.of());
    private static final SecureRandom RANDOM = new SecureRandom();

    record Started(URI provider, String browserToken) {
    }

    private final TenantDirectory tenants;
    private final SsoConnections connections;
    private final OidcClient oidc;
    private final SignIn signIn;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final FieldEncryption fields;
    private final IdentityEvents events;
    private final Clock clock;
    private final URI redirect;

    SsoSignIn(TenantDirectory tenants, SsoConnections connections, OidcClient oidc, SignIn signIn, JdbcClient jdbc,
            TransactionTemplate transactions, FieldEncryption fields, IdentityEvents events, Clock clock,
            String publicUrl) {
        this.tenants = tenants;
        this.connections = connections;
        this.oidc = oidc;
        this.signIn = signIn;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.fields = fields;
        this.events = events;
        this.clock = clock;
        this.redirect = URI.create(publicUrl.replaceAll("/+$", "") + CALLBACK);
    }

    /** The redirect URI to register at identity providers. */
    URI redirectUri() {
        return redirect;
    }

    /** The connections people of {@code workspace} may sign in with (for the sign-in page): id and name. */
    List<Map<String, String>> offered(String workspace) {
        Optional<ResolvedWorkspace> resolved = active(workspace);
        if (resolved.isEmpty()) {
            return List.of();
        }
        return TenantContext.callAs(resolved.get().tenantId(), () -> connections.list().stream()
                .map(c -> Map.of("id", c.id().toString(), "name", c.name())).toList());
    }

    /**
     * E-mail first (A7): the workspace's connection whose domains hold the address's domain, if any.
     * Says nothing about accounts, only which provider a domain signs in with.
     */
    Optional<UUID> route(String workspace, String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        Optional<ResolvedWorkspace> resolved = active(workspace);
        if (at < 1 || email.length() > 254 || resolved.isEmpty()) {
            return Optional.empty();
        }
        String domain = email.substring(at + 1).strip().toLowerCase(java.util.Locale.ROOT);
        return TenantContext.callAs(resolved.get().tenantId(), () -> connections.list().stream()
                .filter(c -> c.domains().contains(domain)).map(SsoConnections.Connection::id).findFirst());
    }

    /** Whether a connection of the workspace names domains, so that e-mail first can route to it. */
    boolean routable(String workspace) {
        Optional<ResolvedWorkspace> resolved = active(workspace);
        return resolved.isPresent() && TenantContext.callAs(resolved.get().tenantId(),
                () -> connections.list().stream().anyMatch(c -> !c.domains().isEmpty()));
    }

    /** Begins a sign-in through the connection; 404 for a workspace or connection that is not there. */
    Started start(String workspace, UUID connectionId) {
        signIn.countAttempt(); // each start writes a row: the client's sign-in limit bounds them
        ResolvedWorkspace resolved = active(workspace).orElseThrow(() -> ApiProblem.notFound("The workspace"));
        return TenantContext.callAs(resolved.tenantId(), () -> {
            SsoConnections.Connection connection = connections.find(connectionId)
                    .orElseThrow(() -> ApiProblem.notFound("The connection"));
            String state = OpaqueTokens.generate(STATE_PREFIX, resolved.tenantId());
            String browser = random();
            String nonce = random();
            String verifier = random() + random(); // 86 characters: within PKCE's 43 to 128
            UUID id = Ids.newId();
            URI provider;
            try {
                provider = oidc.authorizationUri(connection.issuer(), connection.clientId(), redirect, state, nonce,
                        verifier, connection.provider().equals("google") ? connection.domains().getFirst() : null);
            } catch (OidcClient.Refused refused) {
                throw new ApiProblem(ProblemType.SERVICE_UNAVAILABLE, "The identity provider cannot be reached right now.");
            }
            Instant now = clock.instant();
            transactions.executeWithoutResult(tx -> {
                jdbc.sql("delete from sso_sign_in where expires_at < :old").param("old", Timestamp.from(now.minus(
                        Duration.ofDays(1)))).update();
                jdbc.sql("""
                        insert into sso_sign_in (tenant_id, id, connection_id, state_hash, browser_hash, nonce,
                            code_verifier, created_at, expires_at)
                        values (:tenant, :id, :connection, :state, :browser, :nonce, :verifier, :now, :expires)
                        """).param("tenant", resolved.tenantId()).param("id", id).param("connection", connectionId)
                        .param("state", OpaqueTokens.hash(state)).param("browser", OpaqueTokens.hash(browser))
                        .param("nonce", nonce)
                        .param("verifier", fields.encrypt("sso_sign_in", "code_verifier", id, verifier),
                                java.sql.Types.BINARY)
                        .param("now", Timestamp.from(now)).param("expires", Timestamp.from(now.plus(LIFETIME))).update();
            });
            return new Started(provider, browser);
        });
    }

    private record Pending(UUID id, UUID connectionId, byte[] browserHash, String nonce, String verifier) {
    }

    /** The provider sent the browser back: a signed-in outcome, or a second-factor challenge. */
    SignIn.Outcome complete(String state, String code, String error, String browserToken) {
        signIn.countAttempt();
        UUID tenant = OpaqueTokens.tenantOf(STATE_PREFIX, state).orElseThrow(() -> FAILED);
        return TenantContext.callAs(tenant, () -> {
            Instant now = clock.instant();
            // the state is used up whatever follows: a second arrival of it is refused
            Pending pending = transactions.execute(tx -> jdbc.sql("""
                    update sso_sign_in set used_at = :now
                     where state_hash = :state and used_at is null and expires_at > :now
                    returning id, connection_id, browser_hash, nonce, code_verifier
                    """).param("now", Timestamp.from(now)).param("state", OpaqueTokens.hash(state))
                    .query((rs, n) -> {
                        UUID id = rs.getObject("id", UUID.class);
                        return new Pending(id, rs.getObject("connection_id", UUID.class), rs.getBytes("browser_hash"),
                                rs.getString("nonce"),
                                fields.decrypt("sso_sign_in", "code_verifier", id, rs.getBytes("code_verifier")));
                    }).optional().orElse(null));
            if (pending == null) {
                throw refused(tenant, null, "sso_state", Map.of());
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("method", "sso");
            details.put("connection_id", pending.connectionId().toString());
            if (browserToken == null || !java.security.MessageDigest.isEqual(OpaqueTokens.hash(browserToken),
                    pending.browserHash())) {
                throw refused(tenant, null, "sso_other_browser", details);
            }
            if (!tenants.current().map(t -> "active".equals(t.status()) || "suspended".equals(t.status())).orElse(false)) {
                throw FAILED;
            }
            SsoConnections.Connection connection = connections.find(pending.connectionId()).orElse(null);
            if (connection == null) {
                throw refused(tenant, null, "sso_connection_removed", details);
            }
            details.put("provider", connection.provider());
            if (error != null || code == null || code.isBlank() || code.length() > 2000) {
                details.put("provider_error", error == null ? "no code" : error.length() > 100 ? error.substring(0, 100) : error);
                throw refused(tenant, null, "sso_provider_error", details);
            }
            JWTClaimsSet claims;
            try {
                claims = oidc.exchange(connection.issuer(), connection.clientId(), connections.secret(connection.id()),
                        redirect, code, pending.verifier(), pending.nonce());
            } catch (OidcClient.Refused refused) {
                details.put("problem", refused.getMessage());
                throw refused(tenant, null, "sso_" + refused.reason(), details);
            }
            String email = verifiedEmail(claims, connection.provider());
            if (email == null) {
                throw refused(tenant, null, "sso_email_unverified", details);
            }
            String domain = email.substring(email.indexOf('@') + 1);
            switch (connection.provider()) {
                case "google" -> {
                    Object hd = claims.getClaim("hd");
                    if (!(hd instanceof String hosted) || !connection.domains().contains(hosted.toLowerCase(Locale.ROOT))
                            || !connection.domains().contains(domain)) {
                        details.put("hd", hd == null ? "none" : hd.toString());
                        throw refused(tenant, email, "sso_hosted_domain", details);
                    }
                }
                case "entra" -> {
                    Object tid = claims.getClaim("tid");
                    if (!(tid instanceof String directory) || !directory.equalsIgnoreCase(connection.directoryId())) {
                        details.put("tid", tid == null ? "none" : tid.toString());
                        throw refused(tenant, email, "sso_directory", details);
                    }
                }
                default -> {
                    if (!connection.domains().isEmpty() && !connection.domains().contains(domain)) {
                        throw refused(tenant, email, "sso_email_domain", details);
                    }
                }
            }
            boolean providerMfa = connection.trustProviderMfa() && providerUsedMfa(claims);
            details.put("provider_mfa", providerUsedMfa(claims));
            String name = claims.getClaim("name") instanceof String given ? given : null;
            return signIn.signInFederated(tenant, email, providerMfa, details, new SignIn.Arrival(
                    connection.id().toString(), connection.provisioning(), name,
                    SsoProvisioning.groupsOf(claims.getClaim(connection.provisioning().groupsClaim()))));
        });
    }

    /**
     * The ID token's e-mail address, when it can be relied on: the provider says it verified it
     * ({@code email_verified}); or, for Entra ID, which sends no such claim, an account of the
     * company's own directory (its {@code tid} was checked), whose addresses that directory's
     * administrators manage: its {@code email}, else its sign-in name ({@code preferred_username}).
     */
    private static String verifiedEmail(JWTClaimsSet claims, String provider) {
        Object email = claims.getClaim("email");
        if ("entra".equals(provider) && !(email instanceof String)) {
            email = claims.getClaim("preferred_username");
        }
        if (!(email instanceof String address) || address.length() > 254 || address.indexOf('@') < 1) {
            return null;
        }
        Object verified = claims.getClaim("email_verified");
        boolean isVerified = "entra".equals(provider) || Boolean.TRUE.equals(verified) || "true".equals(verified);
        return isVerified ? address.strip().toLowerCase(Locale.ROOT) : null;
    }

    /** Whether the provider's {@code amr} (RFC 8176) says more than one factor was used. */
    static boolean providerUsedMfa(JWTClaimsSet claims) {
        Object amr = claims.getClaim("amr");
        return amr instanceof List<?> methods && methods.contains("mfa");
    }

    private ApiProblem refused(UUID tenant, String email, String reason, Map<String, Object> details) {
        events.failure(Type.SIGN_IN_FAILED, tenant, null, email, reason, details);
        return FAILED;
    }

    private Optional<ResolvedWorkspace> active(String workspace) {
        String slug = workspace == null ? "" : workspace.strip().toLowerCase(Locale.ROOT);
        return SignIn.WORKSPACE_SYNTAX.matcher(slug).matches() ? tenants.resolve(slug).filter(ResolvedWorkspace::isActive)
                : Optional.empty();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
