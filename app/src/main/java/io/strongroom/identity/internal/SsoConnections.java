package io.strongroom.identity.internal;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.crypto.FieldEncryption;
import io.strongroom.identity.Caller;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;

/**
 * A workspace's single sign-on connections (A7): OpenID Connect providers its people sign in with.
 * Google Workspace is restricted to the company's domains (the ID token's {@code hd}), Microsoft
 * Entra ID to the company's directory (its {@code tid}, and the directory's own issuer), any other
 * provider to what its discovery document says (and, if given, to e-mail domains). The provider's
 * discovery document is read when a connection is added, so a wrong issuer is refused at once. The
 * client secret is encrypted under the workspace's key and never shown again (E4). Call with the
 * tenant bound.
 */
final class SsoConnections {

    static final String TABLE = "sso_connection";
    static final Set<String> PROVIDERS = Set.of("google", "entra", "oidc");
    static final String GOOGLE_ISSUER = "https://accounts.google.com";
    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern DIRECTORY = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** A connection as administrators see it: never its secret. */
    record Connection(UUID id, String provider, String name, String issuer, String clientId, List<String> domains,
            String directoryId, boolean trustProviderMfa, java.time.Instant createdAt,
            SsoProvisioning.Settings provisioning) {
    }

    record NewConnection(String provider, String name, String issuer, String clientId, String clientSecret,
            List<String> domains, String directoryId, Boolean trustProviderMfa) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final FieldEncryption fields;
    private final OidcClient oidc;
    private final IdentityEvents events;
    private final Clock clock;
    private final SecuritySettingsRepository settings;
    private final UserRepository users;
    private final io.strongroom.identity.PermissionsProvider permissions;
    private final io.strongroom.identity.ProvidedRoles providedRoles;

    SsoConnections(JdbcClient jdbc, TransactionTemplate transactions, FieldEncryption fields, OidcClient oidc,
            IdentityEvents events, Clock clock, SecuritySettingsRepository settings, UserRepository users,
            io.strongroom.identity.PermissionsProvider permissions, io.strongroom.identity.ProvidedRoles providedRoles) {
        this.providedRoles = providedRoles;
        this.settings = settings;
        this.users = users;
        this.permissions = permissions;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.fields = fields;
        this.oidc = oidc;
        this.events = events;
        this.clock = clock;
    }

    Connection add(NewConnection in) {
        List<FieldProblem> problems = new ArrayList<>();
        String provider = in.provider() == null ? null : in.provider().strip().toLowerCase(Locale.ROOT);
        if (provider == null || !PROVIDERS.contains(provider)) {
            problems.add(new FieldProblem("provider", "must be one of entra, google, oidc"));
        }
        String name = text(problems, "name", in.name(), 100, true);
        String clientId = text(problems, "client_id", in.clientId(), 300, true);
        String secret = in.clientSecret() == null || in.clientSecret().isBlank() ? null : in.clientSecret().strip();
        if (secret == null || secret.length() > 1000) {
            problems.add(new FieldProblem("client_secret", "is required, at most 1000 characters"));
        }
        List<String> domains = domains(problems, in.domains());
        String directory = in.directoryId() == null || in.directoryId().isBlank() ? null : in.directoryId().strip()
                .toLowerCase(Locale.ROOT);
        if ("google".equals(provider) && domains.isEmpty()) {
            problems.add(new FieldProblem("domains", "is required for Google Workspace: the company's domains"));
        }
        if ("entra".equals(provider) && (directory == null || !DIRECTORY.matcher(directory).matches())) {
            problems.add(new FieldProblem("directory_id", "is required for Entra ID: the directory (tenant) id, a UUID"));
        }
        String issuer = in.issuer() == null || in.issuer().isBlank() ? null : in.issuer().strip();
        if (issuer == null && "google".equals(provider)) {
            issuer = GOOGLE_ISSUER;
        } else if (issuer == null && "entra".equals(provider) && directory != null) {
            issuer = "https://login.microsoftonline.com/" + directory + "/v2.0";
        }
        if (issuer == null && "oidc".equals(provider)) {
            problems.add(new FieldProblem("issuer", "is required"));
        } else if (issuer != null && (issuer.length() > 500 || !oidc.acceptable(uri(issuer)))) {
            problems.add(new FieldProblem("issuer", "must be an https URL without query or fragment"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        try {
            oidc.metadata(issuer); // read now: a wrong issuer is refused before anyone relies on it
        } catch (OidcClient.Refused refused) {
            throw ApiProblem.validation("issuer", "did not answer a valid OpenID Connect discovery document");
        }
        UUID id = Ids.newId();
        String finalIssuer = issuer;
        Caller me = Caller.require();
        return transactions.execute(tx -> {
            jdbc.sql("""
                    insert into sso_connection (tenant_id, id, provider, name, issuer, client_id, client_secret, domains,
                        directory_id, trust_provider_mfa, created_at, created_by)
                    values (:tenant, :id, :provider, :name, :issuer, :client, :secret, :domains, :directory, :mfa, :now, :by)
                    """).param("tenant", TenantContext.require()).param("id", id).param("provider", provider)
                    .param("name", name).param("issuer", finalIssuer).param("client", clientId)
                    .param("secret", fields.encrypt(TABLE, "client_secret", id, secret), java.sql.Types.BINARY)
                    .param("domains", domains.toArray(String[]::new)).param("directory", directory)
                    .param("mfa", Boolean.TRUE.equals(in.trustProviderMfa()))
                    .param("now", Timestamp.from(clock.instant())).param("by", me.userId()).update();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("connection_id", id.toString());
            details.put("provider", provider);
            details.put("issuer", finalIssuer);
            details.put("client_id", clientId);
            details.put("domains", String.join(",", domains));
            details.put("trust_provider_mfa", Boolean.TRUE.equals(in.trustProviderMfa()));
            events.success(Type.SSO_CONNECTION_ADDED, TenantContext.require(), null, me.userId(), null, details);
            return find(id).orElseThrow();
        });
    }

    List<Connection> list() {
        return transactions.execute(tx -> jdbc.sql("select * from sso_connection order by name, id")
                .query(this::connection).list());
    }

    Optional<Connection> find(UUID id) {
        return transactions.execute(tx -> jdbc.sql("select * from sso_connection where id = :id").param("id", id)
                .query(this::connection).optional());
    }

    /** The connection's client secret, for the token request only. */
    String secret(UUID id) {
        return transactions.execute(tx -> jdbc.sql("select client_secret from sso_connection where id = :id")
                .param("id", id).query((rs, n) -> fields.decrypt(TABLE, "client_secret", id, rs.getBytes(1)))
                .single());
    }

    void remove(UUID id) {
        Caller me = Caller.require();
        transactions.executeWithoutResult(tx -> {
            Connection gone = find(id).orElseThrow(() -> ApiProblem.notFound("The connection"));
            keepOneWhileSsoOnly(settings, jdbc);
            jdbc.sql("delete from sso_connection where id = :id").param("id", id).update();
            events.success(Type.SSO_CONNECTION_REMOVED, TenantContext.require(), null, me.userId(), null,
                    Map.of("connection_id", id.toString(), "provider", gone.provider(), "issuer", gone.issuer()));
        });
    }

    /**
     * Sets what the connection does beyond signing in: accounts created at first sign-in (only for a
     * connection bound to the company's domains or directory), default roles, groups to roles.
     */
    Connection updateProvisioning(UUID id, SsoProvisioning.Request in) {
        Caller me = Caller.require();
        return transactions.execute(tx -> {
            Connection connection = find(id).orElseThrow(() -> ApiProblem.notFound("The connection"));
            boolean bound = !"oidc".equals(connection.provider()) || !connection.domains().isEmpty();
            SsoProvisioning.Settings after = SsoProvisioning.validate(in, bound, providedRoles, me.userId());
            SsoProvisioning.save(jdbc, TABLE, id, after);
            Map<String, Object> details = SsoProvisioning.changed(id, connection.provider(), connection.provisioning(),
                    after);
            events.success(Type.SSO_CONNECTION_UPDATED, TenantContext.require(), null, me.userId(), null, details);
            return find(id).orElseThrow();
        });
    }

    /** The addresses of the break-glass Owners, for the settings page. */
    List<String> breakGlassEmails() {
        return transactions.execute(tx -> settings.ssoPolicy().breakGlass().stream().map(users::findById)
                .flatMap(Optional::stream).map(UserRepository.UserRecord::email).sorted().toList());
    }

    /** "SSO only" and its break-glass Owners. */
    SecuritySettingsRepository.SsoPolicy policy() {
        return transactions.execute(tx -> settings.ssoPolicy());
    }

    /**
     * Switches "SSO only" on or off and names the break-glass Owners who keep their password. On needs a
     * connection and at least one break-glass Owner, so the workspace cannot shut everyone out; naming
     * them is an Owner's decision ({@code owners:manage}). Removing the last connection is refused while on.
     */
    SecuritySettingsRepository.SsoPolicy updatePolicy(Boolean ssoOnly, List<UUID> breakGlass) {
        Caller me = Caller.require();
        if (!me.permissions().contains("owners:manage")) {
            throw new ApiProblem(io.strongroom.platform.ProblemType.FORBIDDEN,
                    "Naming break-glass Owners needs the owners:manage permission.");
        }
        if (ssoOnly == null) {
            throw ApiProblem.validation("sso_only", "is required");
        }
        List<UUID> named = breakGlass == null ? List.of() : breakGlass.stream().distinct().toList();
        if (named.size() > 10) {
            throw ApiProblem.validation("break_glass_user_ids", "must be at most 10");
        }
        return transactions.execute(tx -> {
            for (UUID user : named) {
                boolean activeOwner = user != null && users.findById(user).map(UserRepository.UserRecord::active)
                        .orElse(false) && permissions.permissionsOf(user).contains("owners:manage");
                if (!activeOwner) {
                    throw ApiProblem.validation("break_glass_user_ids", "must name active Owners of this workspace");
                }
            }
            if (ssoOnly && named.isEmpty()) {
                throw ApiProblem.validation("break_glass_user_ids", "must name at least one Owner while sign-in is SSO only");
            }
            if (ssoOnly && connections(jdbc) == 0) {
                throw ApiProblem.validation("sso_only", "needs a single sign-on connection first");
            }
            SecuritySettingsRepository.SsoPolicy before = settings.ssoPolicy();
            SecuritySettingsRepository.SsoPolicy after = new SecuritySettingsRepository.SsoPolicy(ssoOnly, named);
            settings.saveSsoPolicy(after);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("sso_only", IdentityEvents.change(before.ssoOnly(), after.ssoOnly()));
            details.put("break_glass_user_ids", IdentityEvents.change(before.breakGlass().stream().map(UUID::toString)
                    .toList(), after.breakGlass().stream().map(UUID::toString).toList()));
            events.success(Type.SSO_POLICY_CHANGED, TenantContext.require(), null, me.userId(), null, details);
            return after;
        });
    }

    /** Reads the provider's discovery document and keys now: what "test connection" answers. */
    Map<String, Object> test(UUID id) {
        Connection connection = find(id).orElseThrow(() -> ApiProblem.notFound("The connection"));
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            int keys = oidc.check(connection.issuer());
            var metadata = oidc.metadata(connection.issuer());
            result.put("ok", keys > 0);
            result.put("keys", keys);
            result.put("authorization_endpoint", metadata.getAuthorizationEndpointURI().toString());
            result.put("token_endpoint", metadata.getTokenEndpointURI().toString());
            result.put("jwks_uri", metadata.getJWKSetURI().toString());
        } catch (OidcClient.Refused refused) {
            result.put("ok", false);
            result.put("problem", refused.getMessage());
        }
        return result;
    }

    private Connection connection(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        java.sql.Array domains = rs.getArray("domains");
        return new Connection(rs.getObject("id", UUID.class), rs.getString("provider"), rs.getString("name"),
                rs.getString("issuer"), rs.getString("client_id"), List.of((String[]) domains.getArray()),
                rs.getString("directory_id"), rs.getBoolean("trust_provider_mfa"),
                rs.getTimestamp("created_at").toInstant(), SsoProvisioning.read(rs, true));
    }

    /**
     * The rule for removing any sign-on connection (OpenID Connect, directory, SAML): while sign-in is
     * SSO only, the last one stays, so nobody but the break-glass Owners is shut out.
     */
    static void keepOneWhileSsoOnly(SecuritySettingsRepository settings, JdbcClient jdbc) {
        if (settings.ssoPolicy().ssoOnly() && connections(jdbc) == 1) {
            throw new ApiProblem(io.strongroom.platform.ProblemType.CONFLICT,
                    "This is the workspace's last sign-on connection and sign-in is SSO only; switch that off first.");
        }
    }

    /** How many sign-on connections the workspace has: OpenID Connect, directories and SAML. */
    static long connections(JdbcClient jdbc) {
        return jdbc.sql("select (select count(*) from sso_connection) + (select count(*) from directory_connection)"
                + " + (select count(*) from saml_connection)")
                .query(Long.class).single();
    }

    /** E-mail domains as given (lower case, each once), or a problem with them. */
    static List<String> domains(List<FieldProblem> problems, List<String> given) {
        List<String> domains = new ArrayList<>();
        for (String domain : given == null ? List.<String>of() : given) {
            String d = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(d).matches()) {
                problems.add(new FieldProblem("domains", "must be domain names such as example.com"));
                break;
            }
            if (!domains.contains(d)) {
                domains.add(d);
            }
        }
        if (domains.size() > 50) {
            problems.add(new FieldProblem("domains", "must be at most 50"));
        }
        return domains;
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    static String text(List<FieldProblem> problems, String field, String value, int max, boolean required) {
        String v = value == null || value.isBlank() ? null : value.strip();
        if (v == null ? required : v.length() > max || v.chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem(field, required ? "is required, at most " + max + " characters"
                    : "must be at most " + max + " characters without control characters"));
        }
        return v;
    }
}
