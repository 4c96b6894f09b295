package io.strongroom.identity.internal;

import java.net.URI;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
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
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;

/**
 * A workspace's SAML 2.0 identity providers (A7): the provider's entity id, its single sign-on URL
 * (HTTP-Redirect binding) and the certificate it signs with (pinned: only its key verifies). Call with
 * the tenant bound.
 */
final class SamlConnections {

    static final String TABLE = "saml_connection";
    static final String PROVIDER = "saml";

    record Connection(UUID id, String name, String idpEntityId, String ssoUrl, List<String> domains,
            String emailAttribute, String groupsAttribute, java.time.Instant createdAt,
            SsoProvisioning.Settings provisioning) {
    }

    record NewConnection(String name, String idpEntityId, String ssoUrl, String idpCertificate, List<String> domains,
            String emailAttribute, String groupsAttribute) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final IdentityEvents events;
    private final Clock clock;
    private final OidcClient oidc;
    private final ProvidedRoles providedRoles;
    private final SecuritySettingsRepository settings;

    SamlConnections(JdbcClient jdbc, TransactionTemplate transactions, IdentityEvents events, Clock clock, OidcClient oidc,
            ProvidedRoles providedRoles, SecuritySettingsRepository settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.oidc = oidc;
        this.providedRoles = providedRoles;
        this.settings = settings;
    }

    Connection add(NewConnection in) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = SsoConnections.text(problems, "name", in.name(), 100, true);
        String entityId = SsoConnections.text(problems, "idp_entity_id", in.idpEntityId(), 500, true);
        String ssoUrl = SsoConnections.text(problems, "sso_url", in.ssoUrl(), 1000, true);
        if (ssoUrl != null && !oidc.acceptable(uri(ssoUrl))) {
            problems.add(new FieldProblem("sso_url", "must be an https URL without query or fragment"));
        }
        String pem = in.idpCertificate() == null ? "" : in.idpCertificate().strip();
        if (pem.length() > 20_000 || parseCertificates(pem).isEmpty()) {
            problems.add(new FieldProblem("idp_certificate", "must be a PEM certificate (-----BEGIN CERTIFICATE-----)"));
        }
        List<String> domains = SsoConnections.domains(problems, in.domains());
        String email = in.emailAttribute() == null || in.emailAttribute().isBlank() ? null
                : SsoConnections.text(problems, "email_attribute", in.emailAttribute(), 200, false);
        String groups = SsoConnections.text(problems, "groups_attribute", in.groupsAttribute() == null
                || in.groupsAttribute().isBlank() ? "groups" : in.groupsAttribute(), 200, true);
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        UUID id = Ids.newId();
        Caller me = Caller.require();
        return transactions.execute(tx -> {
            jdbc.sql("""
                    insert into saml_connection (tenant_id, id, name, idp_entity_id, sso_url, idp_certificate, domains,
                        email_attribute, groups_attribute, created_at, created_by)
                    values (:tenant, :id, :name, :entity, :url, :pem, :domains, :email, :groups, :now, :by)
                    """).param("tenant", TenantContext.require()).param("id", id).param("name", name)
                    .param("entity", entityId).param("url", ssoUrl).param("pem", pem)
                    .param("domains", domains.toArray(String[]::new)).param("email", email).param("groups", groups)
                    .param("now", Timestamp.from(clock.instant())).param("by", me.userId()).update();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("connection_id", id.toString());
            details.put("provider", PROVIDER);
            details.put("issuer", entityId);
            details.put("sso_url", ssoUrl);
            details.put("domains", String.join(",", domains));
            events.success(Type.SSO_CONNECTION_ADDED, TenantContext.require(), null, me.userId(), null, details);
            return find(id).orElseThrow();
        });
    }

    List<Connection> list() {
        return transactions.execute(tx -> jdbc.sql("select * from saml_connection order by name, id")
                .query(this::connection).list());
    }

    Optional<Connection> find(UUID id) {
        return transactions.execute(tx -> jdbc.sql("select * from saml_connection where id = :id").param("id", id)
                .query(this::connection).optional());
    }

    /** The certificates the provider signs with. */
    List<X509Certificate> certificates(UUID id) {
        return parseCertificates(transactions.execute(tx -> jdbc.sql(
                "select idp_certificate from saml_connection where id = :id").param("id", id).query(String.class).single()));
    }

    void remove(UUID id) {
        Caller me = Caller.require();
        transactions.executeWithoutResult(tx -> {
            Connection gone = find(id).orElseThrow(() -> ApiProblem.notFound("The connection"));
            SsoConnections.keepOneWhileSsoOnly(settings, jdbc);
            jdbc.sql("delete from saml_connection where id = :id").param("id", id).update();
            events.success(Type.SSO_CONNECTION_REMOVED, TenantContext.require(), null, me.userId(), null,
                    Map.of("connection_id", id.toString(), "provider", PROVIDER, "issuer", gone.idpEntityId()));
        });
    }

    Connection updateProvisioning(UUID id, SsoProvisioning.Request in) {
        Caller me = Caller.require();
        return transactions.execute(tx -> {
            Connection connection = find(id).orElseThrow(() -> ApiProblem.notFound("The connection"));
            SsoProvisioning.Settings after = SsoProvisioning.validate(in, !connection.domains().isEmpty(), providedRoles,
                    me.userId());
            SsoProvisioning.save(jdbc, TABLE, id, after);
            Map<String, Object> details = SsoProvisioning.changed(id, PROVIDER, connection.provisioning(), after);
            events.success(Type.SSO_CONNECTION_UPDATED, TenantContext.require(), null, me.userId(), null, details);
            return find(id).orElseThrow();
        });
    }

    /**
     * "Test connection": whether the signing certificate is within its validity on the application
     * clock and the provider's sign-in URL answers; changes nothing.
     */
    Map<String, Object> test(UUID id) {
        Connection connection = find(id).orElseThrow(() -> ApiProblem.notFound("The connection"));
        Map<String, Object> result = new LinkedHashMap<>();
        java.time.Instant now = clock.instant();
        X509Certificate certificate = certificates(id).getFirst();
        java.time.Instant notAfter = certificate.getNotAfter().toInstant();
        result.put("certificate_not_after", notAfter.toString());
        boolean valid = !now.isBefore(certificate.getNotBefore().toInstant()) && now.isBefore(notAfter);
        int status;
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(5)).build()) {
            status = http.send(java.net.http.HttpRequest.newBuilder(URI.create(connection.ssoUrl()))
                    .timeout(java.time.Duration.ofSeconds(10)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException | IllegalArgumentException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 0;
        }
        result.put("sso_url_status", status);
        result.put("ok", valid && status > 0 && status < 500);
        if (!valid) {
            result.put("reason", "certificate");
        } else if (status == 0 || status >= 500) {
            result.put("reason", "unreachable");
        }
        return result;
    }

    static List<X509Certificate> parseCertificates(String pem) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            return List.of();
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(
                    new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) certificate);
            }
            return out;
        } catch (java.security.GeneralSecurityException e) {
            return List.of();
        }
    }

    private Connection connection(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Connection(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("idp_entity_id"),
                rs.getString("sso_url"), List.of((String[]) rs.getArray("domains").getArray()),
                rs.getString("email_attribute"), rs.getString("groups_attribute"),
                rs.getTimestamp("created_at").toInstant(), SsoProvisioning.read(rs, false));
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
