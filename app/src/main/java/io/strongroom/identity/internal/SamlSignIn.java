package io.strongroom.identity.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.ResolvedWorkspace;
import io.strongroom.tenancy.TenantDirectory;

/**
 * A sign-in through a workspace's SAML 2.0 identity provider (A7), service-provider initiated only:
 * {@code GET /w/{ws}/saml/{id}} sends an AuthnRequest (HTTP-Redirect binding) with a RelayState that
 * names the tenant and a browser cookie; the provider posts the Response to {@code /saml/acs}
 * (HTTP-POST binding), where the RelayState is used up once, the browser must be the one that started,
 * and {@link SamlResponses} checks the Response against the request we sent. Then the same gates as
 * every other sign-in ({@link SignIn#signInFederated}).
 */
final class SamlSignIn {

    static final String RELAY_PREFIX = "ssr1";
    static final String ACS = "/saml/acs";
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    record Started(URI provider, String browserToken) {
    }

    private record Pending(UUID connectionId, String requestId, byte[] browserHash) {
    }

    private final TenantDirectory tenants;
    private final SamlConnections connections;
    private final SignIn signIn;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final IdentityEvents events;
    private final Clock clock;
    private final String publicUrl;

    SamlSignIn(TenantDirectory tenants, SamlConnections connections, SignIn signIn, JdbcClient jdbc,
            TransactionTemplate transactions, IdentityEvents events, Clock clock, String publicUrl) {
        this.tenants = tenants;
        this.connections = connections;
        this.signIn = signIn;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
    }

    /** The bound workspace's name in addresses. */
    String workspaceSlug() {
        return tenants.current().map(io.strongroom.tenancy.Tenant::workspace).orElse("");
    }

    /** Where providers post their responses. */
    String acsUrl() {
        return publicUrl + ACS;
    }

    /** The service provider's entity id for a connection (its metadata's address). */
    String entityId(String workspace, UUID connection) {
        return publicUrl + "/w/" + workspace + "/saml/" + connection + "/metadata";
    }

    /** The service provider's metadata for a connection: entity id and where responses go. */
    String metadata(String workspace, UUID connectionId) {
        ResolvedWorkspace resolved = active(workspace).orElseThrow(() -> ApiProblem.notFound("The workspace"));
        return TenantContext.callAs(resolved.tenantId(), () -> {
            connections.find(connectionId).orElseThrow(() -> ApiProblem.notFound("The connection"));
            return """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="%s">
                      <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true"
                          protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                        <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
                        <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
                            Location="%s" index="0" isDefault="true"/>
                      </md:SPSSODescriptor>
                    </md:EntityDescriptor>
                    """.formatted(xml(entityId(slug(workspace), connectionId)), xml(acsUrl()));
        });
    }

    /** The SAML connections people of {@code workspace} may sign in with (for the sign-in page). */
    List<Map<String, String>> offered(String workspace) {
        Optional<ResolvedWorkspace> resolved = active(workspace);
        if (resolved.isEmpty()) {
            return List.of();
        }
        return TenantContext.callAs(resolved.get().tenantId(), () -> connections.list().stream()
                .map(c -> Map.of("id", c.id().toString(), "name", c.name())).toList());
    }

    /** The SAML connection whose domains hold the address's domain (e-mail first). */
    Optional<UUID> route(String workspace, String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        Optional<ResolvedWorkspace> resolved = active(workspace);
        if (at < 1 || email.length() > 254 || resolved.isEmpty()) {
            return Optional.empty();
        }
        String domain = email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        return TenantContext.callAs(resolved.get().tenantId(), () -> connections.list().stream()
                .filter(c -> c.domains().contains(domain)).map(SamlConnections.Connection::id).findFirst());
    }

    /** Whether a SAML connection of the workspace names domains, so that e-mail first can route to it. */
    boolean routable(String workspace) {
        Optional<ResolvedWorkspace> resolved = active(workspace);
        return resolved.isPresent() && TenantContext.callAs(resolved.get().tenantId(),
                () -> connections.list().stream().anyMatch(c -> !c.domains().isEmpty()));
    }

    /** Sends the browser to the provider with an AuthnRequest; 404 for a workspace or connection not there. */
    Started start(String workspace, UUID connectionId) {
        signIn.countAttempt();
        ResolvedWorkspace resolved = active(workspace).orElseThrow(() -> ApiProblem.notFound("The workspace"));
        return TenantContext.callAs(resolved.tenantId(), () -> {
            SamlConnections.Connection connection = connections.find(connectionId)
                    .orElseThrow(() -> ApiProblem.notFound("The connection"));
            String requestId = "_" + HexFormat.of().formatHex(bytes(20));
            String relay = OpaqueTokens.generate(RELAY_PREFIX, resolved.tenantId());
            String browser = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
            Instant now = clock.instant();
            transactions.executeWithoutResult(tx -> {
                jdbc.sql("delete from saml_request where expires_at < :old").param("old",
                        Timestamp.from(now.minus(Duration.ofDays(1)))).update();
                jdbc.sql("""
                        insert into saml_request (tenant_id, id, connection_id, request_id, relay_hash, browser_hash,
                            created_at, expires_at)
                        values (:tenant, :id, :connection, :request, :relay, :browser, :now, :expires)
                        """).param("tenant", resolved.tenantId()).param("id", Ids.newId()).param("connection", connectionId)
                        .param("request", requestId).param("relay", OpaqueTokens.hash(relay))
                        .param("browser", OpaqueTokens.hash(browser)).param("now", Timestamp.from(now))
                        .param("expires", Timestamp.from(now.plus(LIFETIME))).update();
            });
            String request = """
                    <samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" \
                    xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="%s" Version="2.0" IssueInstant="%s" \
                    Destination="%s" AssertionConsumerServiceURL="%s" \
                    ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">\
                    <saml:Issuer>%s</saml:Issuer>\
                    <samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" AllowCreate="true"/>\
                    </samlp:AuthnRequest>""".formatted(requestId, now.truncatedTo(ChronoUnit.SECONDS),
                    xml(connection.ssoUrl()), xml(acsUrl()), xml(entityId(slug(workspace), connectionId)));
            URI provider = URI.create(connection.ssoUrl() + "?SAMLRequest=" + URLEncoder.encode(deflate(request),
                    StandardCharsets.UTF_8) + "&RelayState=" + URLEncoder.encode(relay, StandardCharsets.UTF_8));
            return new Started(provider, browser);
        });
    }

    /** The provider posted its Response: a signed-in outcome, or a second-factor challenge. */
    SignIn.Outcome complete(String samlResponse, String relayState, String browserToken) {
        signIn.countAttempt();
        UUID tenant = OpaqueTokens.tenantOf(RELAY_PREFIX, relayState).orElseThrow(() -> SsoSignIn.FAILED);
        return TenantContext.callAs(tenant, () -> {
            Instant now = clock.instant();
            Pending pending = transactions.execute(tx -> jdbc.sql("""
                    update saml_request set used_at = :now
                     where relay_hash = :relay and used_at is null and expires_at > :now
                    returning connection_id, request_id, browser_hash
                    """).param("now", Timestamp.from(now)).param("relay", OpaqueTokens.hash(relayState))
                    .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3)))
                    .optional().orElse(null));
            if (pending == null) {
                throw refused(tenant, null, "saml_state", Map.of());
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("method", "sso");
            details.put("provider", SamlConnections.PROVIDER);
            details.put("connection_id", pending.connectionId().toString());
            if (browserToken == null || !java.security.MessageDigest.isEqual(OpaqueTokens.hash(browserToken),
                    pending.browserHash())) {
                throw refused(tenant, null, "saml_other_browser", details);
            }
            SamlConnections.Connection connection = connections.find(pending.connectionId()).orElse(null);
            String workspace = tenants.current().map(t -> t.workspace()).orElse(null);
            if (connection == null || workspace == null) {
                throw refused(tenant, null, "saml_connection_removed", details);
            }
            SamlResponses.Verified verified;
            try {
                verified = SamlResponses.verify(samlResponse, new SamlResponses.Expected(acsUrl(),
                        entityId(workspace, connection.id()), connection.idpEntityId(), pending.requestId(),
                        connections.certificates(connection.id()), now));
            } catch (SamlResponses.Refused refused) {
                throw refused(tenant, null, "saml_" + refused.getMessage(), details);
            }
            String email = email(verified, connection);
            if (email == null) {
                throw refused(tenant, null, "saml_no_email", details);
            }
            if (!connection.domains().isEmpty() && !connection.domains().contains(email.substring(email.indexOf('@') + 1))) {
                throw refused(tenant, email, "saml_email_domain", details);
            }
            List<String> names = verified.attributes().getOrDefault("displayName",
                    verified.attributes().getOrDefault("name", List.of()));
            return signIn.signInFederated(tenant, email, false, details, new SignIn.Arrival(connection.id().toString(),
                    connection.provisioning(), names.isEmpty() ? null : names.getFirst(),
                    verified.attributes().getOrDefault(connection.groupsAttribute(), List.of())));
        });
    }

    /** The address the assertion names: the configured attribute, else an e-mail NameID, else email/mail. */
    private static String email(SamlResponses.Verified verified, SamlConnections.Connection connection) {
        String candidate = null;
        if (connection.emailAttribute() != null) {
            candidate = verified.attributes().getOrDefault(connection.emailAttribute(), List.of()).stream().findFirst()
                    .orElse(null);
        } else if (verified.nameId().contains("@")) {
            candidate = verified.nameId();
        } else {
            for (String name : List.of("email", "mail", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress")) {
                List<String> values = verified.attributes().getOrDefault(name, List.of());
                if (!values.isEmpty()) {
                    candidate = values.getFirst();
                    break;
                }
            }
        }
        if (candidate == null) {
            return null;
        }
        String email = EmailAddresses.normalize(candidate);
        return EmailAddresses.problem(email).isPresent() ? null : email;
    }

    private ApiProblem refused(UUID tenant, String email, String reason, Map<String, Object> details) {
        events.failure(Type.SIGN_IN_FAILED, tenant, null, email, reason, details);
        return SsoSignIn.FAILED;
    }

    private Optional<ResolvedWorkspace> active(String workspace) {
        String slug = slug(workspace);
        return SignIn.WORKSPACE_SYNTAX.matcher(slug).matches() ? tenants.resolve(slug).filter(ResolvedWorkspace::isActive)
                : Optional.empty();
    }

    private static String slug(String workspace) {
        return workspace == null ? "" : workspace.strip().toLowerCase(Locale.ROOT);
    }

    private static String deflate(String xml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.DEFLATED, true))) {
            deflater.write(xml.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
