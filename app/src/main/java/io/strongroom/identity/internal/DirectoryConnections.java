package io.strongroom.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * A workspace's Active Directory / LDAP connections (A7): for an address in a directory's domains,
 * the password is checked by the directory ({@link LdapDirectory}), not by a hash kept here. The
 * service account's password is encrypted under the workspace's key and never shown again (E4).
 * Call with the tenant bound.
 */
final class DirectoryConnections {

    static final String TABLE = "directory_connection";
    /** The provider name directory connections carry in records (beside google, entra, oidc). */
    static final String PROVIDER = "ldap";
    static final String DEFAULT_FILTER = "(&(objectClass=user)(|(userPrincipalName={login})(mail={login})))";
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}");

    /** A directory as administrators see it: never its service password. */
    record Connection(UUID id, String name, String url, String baseDn, String bindDn, String userFilter,
            String emailAttribute, String groupsAttribute, List<String> domains, boolean caCertificate,
            java.time.Instant createdAt, SsoProvisioning.Settings provisioning) {
    }

    record NewConnection(String name, String url, String baseDn, String bindDn, String bindPassword, String userFilter,
            String emailAttribute, String groupsAttribute, List<String> domains, String caCertificate) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final FieldEncryption fields;
    private final LdapDirectory ldap;
    private final IdentityEvents events;
    private final Clock clock;
    private final SecuritySettingsRepository settings;
    private final io.strongroom.identity.ProvidedRoles providedRoles;

    DirectoryConnections(JdbcClient jdbc, TransactionTemplate transactions, FieldEncryption fields, LdapDirectory ldap,
            IdentityEvents events, Clock clock, SecuritySettingsRepository settings,
            io.strongroom.identity.ProvidedRoles providedRoles) {
        this.providedRoles = providedRoles;
        this.settings = settings;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.fields = fields;
        this.ldap = ldap;
        this.events = events;
        this.clock = clock;
    }

    Connection add(NewConnection in) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = text(problems, "name", in.name(), 100, true);
        String url = text(problems, "url", in.url(), 300, true);
        if (url != null && !LdapDirectory.validUrl(url)) {
            problems.add(new FieldProblem("url", "must be ldaps://host:port, or ldap://host:port upgraded with StartTLS"));
        }
        String baseDn = text(problems, "base_dn", in.baseDn(), 500, true);
        String bindDn = text(problems, "bind_dn", in.bindDn(), 500, true);
        String password = in.bindPassword() == null || in.bindPassword().isEmpty() ? null : in.bindPassword();
        if (password == null || password.length() > 1000) {
            problems.add(new FieldProblem("bind_password", "is required, at most 1000 characters"));
        }
        String filter = text(problems, "user_filter", in.userFilter() == null || in.userFilter().isBlank()
                ? DEFAULT_FILTER : in.userFilter(), 500, true);
        if (filter != null && !LdapDirectory.hasPlaceholder(filter)) {
            problems.add(new FieldProblem("user_filter", "must name the sign-in with a placeholder: login or username in braces"));
        } else if (filter != null && !LdapDirectory.validFilter(filter)) {
            problems.add(new FieldProblem("user_filter", "is not a valid LDAP filter (RFC 4515)"));
        }
        String email = attribute(problems, "email_attribute", in.emailAttribute(), "mail");
        String groups = attribute(problems, "groups_attribute", in.groupsAttribute(), "memberOf");
        List<String> domains = SsoConnections.domains(problems, in.domains());
        if (domains.isEmpty()) {
            problems.add(new FieldProblem("domains", "is required: the e-mail domains whose passwords the directory checks"));
        }
        String ca = in.caCertificate() == null || in.caCertificate().isBlank() ? null : in.caCertificate().strip();
        if (ca != null && (ca.length() > 20_000 || !LdapDirectory.validCertificates(ca))) {
            problems.add(new FieldProblem("ca_certificate", "must be a PEM certificate (-----BEGIN CERTIFICATE-----)"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        UUID id = Ids.newId();
        Caller me = Caller.require();
        return transactions.execute(tx -> {
            jdbc.sql("""
                    insert into directory_connection (tenant_id, id, name, url, base_dn, bind_dn, bind_password,
                        user_filter, email_attribute, groups_attribute, domains, ca_certificate, created_at, created_by)
                    values (:tenant, :id, :name, :url, :base, :bind, :password, :filter, :email, :groups, :domains, :ca,
                        :now, :by)
                    """).param("tenant", TenantContext.require()).param("id", id).param("name", name).param("url", url)
                    .param("base", baseDn).param("bind", bindDn)
                    .param("password", fields.encrypt(TABLE, "bind_password", id, password), java.sql.Types.BINARY)
                    .param("filter", filter).param("email", email).param("groups", groups)
                    .param("domains", domains.toArray(String[]::new)).param("ca", ca)
                    .param("now", Timestamp.from(clock.instant())).param("by", me.userId()).update();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("connection_id", id.toString());
            details.put("provider", PROVIDER);
            details.put("url", url);
            details.put("base_dn", baseDn);
            details.put("bind_dn", bindDn);
            details.put("user_filter", filter);
            details.put("domains", String.join(",", domains));
            events.success(Type.SSO_CONNECTION_ADDED, TenantContext.require(), null, me.userId(), null, details);
            return find(id).orElseThrow();
        });
    }

    List<Connection> list() {
        return transactions.execute(tx -> jdbc.sql("select * from directory_connection order by name, id")
                .query(this::connection).list());
    }

    Optional<Connection> find(UUID id) {
        return transactions.execute(tx -> jdbc.sql("select * from directory_connection where id = :id").param("id", id)
                .query(this::connection).optional());
    }

    /** The directory that checks the passwords of this address's domain, if any. */
    Optional<LdapDirectory.Directory> covering(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        String domain = email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        return transactions.execute(tx -> jdbc.sql("""
                select * from directory_connection where :domain = any (domains) order by created_at, id limit 1
                """).param("domain", domain).query(this::directory).optional());
    }

    /** Accounts created at first sign-in, default roles, groups to roles (a directory is bound to its domains). */
    Connection updateProvisioning(UUID id, SsoProvisioning.Request in) {
        Caller me = Caller.require();
        return transactions.execute(tx -> {
            Connection connection = find(id).orElseThrow(() -> ApiProblem.notFound("The connection"));
            SsoProvisioning.Settings after = SsoProvisioning.validate(in, true, providedRoles, me.userId());
            SsoProvisioning.save(jdbc, TABLE, id, after);
            Map<String, Object> details = SsoProvisioning.changed(id, PROVIDER, connection.provisioning(), after);
            events.success(Type.SSO_CONNECTION_UPDATED, TenantContext.require(), null, me.userId(), null, details);
            return find(id).orElseThrow();
        });
    }

    /** A directory's provisioning, for a sign-in through it. */
    SsoProvisioning.Settings provisioning(UUID id) {
        return find(id).map(Connection::provisioning).orElse(SsoProvisioning.Settings.NONE);
    }

    /** The service account's password, for a bind only. */
    String servicePassword(UUID id) {
        return transactions.execute(tx -> jdbc.sql("select bind_password from directory_connection where id = :id")
                .param("id", id).query((rs, n) -> fields.decrypt(TABLE, "bind_password", id, rs.getBytes(1))).single());
    }

    /** Connects, starts TLS, binds as the service account and reads the base entry now. */
    Map<String, Object> test(UUID id) {
        LdapDirectory.Directory directory = transactions.execute(tx -> jdbc.sql(
                "select * from directory_connection where id = :id").param("id", id).query(this::directory).optional())
                .orElseThrow(() -> ApiProblem.notFound("The connection"));
        return ldap.test(directory, servicePassword(id));
    }

    void remove(UUID id) {
        Caller me = Caller.require();
        transactions.executeWithoutResult(tx -> {
            Connection gone = find(id).orElseThrow(() -> ApiProblem.notFound("The connection"));
            SsoConnections.keepOneWhileSsoOnly(settings, jdbc);
            jdbc.sql("delete from directory_connection where id = :id").param("id", id).update();
            events.success(Type.SSO_CONNECTION_REMOVED, TenantContext.require(), null, me.userId(), null,
                    Map.of("connection_id", id.toString(), "provider", PROVIDER, "url", gone.url()));
        });
    }

    private Connection connection(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Connection(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("url"),
                rs.getString("base_dn"), rs.getString("bind_dn"), rs.getString("user_filter"),
                rs.getString("email_attribute"), rs.getString("groups_attribute"),
                List.of((String[]) rs.getArray("domains").getArray()), rs.getString("ca_certificate") != null,
                rs.getTimestamp("created_at").toInstant(), SsoProvisioning.read(rs, false));
    }

    private LdapDirectory.Directory directory(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new LdapDirectory.Directory(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("url"),
                rs.getString("base_dn"), rs.getString("bind_dn"), rs.getString("user_filter"),
                rs.getString("email_attribute"), rs.getString("groups_attribute"),
                List.of((String[]) rs.getArray("domains").getArray()), rs.getString("ca_certificate"));
    }

    private static String attribute(List<FieldProblem> problems, String field, String value, String fallback) {
        String v = value == null || value.isBlank() ? fallback : value.strip();
        if (!ATTRIBUTE.matcher(v).matches()) {
            problems.add(new FieldProblem(field, "must be an attribute name such as " + fallback));
        }
        return v;
    }

    private static String text(List<FieldProblem> problems, String field, String value, int max, boolean required) {
        return SsoConnections.text(problems, field, value, max, required);
    }
}
