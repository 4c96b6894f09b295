package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.cert.ManageCertificates;

import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * A7, Active Directory / LDAP sign-in against a real directory server in the test's process
 * (UnboundID's in-memory server with Active Directory's attributes: {@code sAMAccountName},
 * {@code userPrincipalName}, {@code memberOf}, {@code userAccountControl}) over LDAPS and StartTLS:
 * the directory's password signs in, the local one does not; every refusal is recorded; a user name
 * cannot change the search filter; no password goes to a server without TLS, with a certificate not
 * trusted, or with one for another host.
 */
class DirectorySignInTest extends ApiTest {

    static final String BASE = "dc=acme,dc=example";
    static final String SERVICE_DN = "cn=svc-strongroom,ou=Service," + BASE;
    static final String SERVICE_PASSWORD = "service-account-password-never-shown-1";
    static final String ADA_PASSWORD = "ada-directory-password-1";

    /** The company's directory: LDAPS and StartTLS listeners with a certificate for localhost. */
    static InMemoryDirectoryServer directory;
    /** A server that speaks plain LDAP only (no StartTLS). */
    static InMemoryDirectoryServer plainOnly;
    /** A server with another key for localhost than the one trusted. */
    static InMemoryDirectoryServer impostor;
    /** A server whose trusted certificate names another host. */
    static InMemoryDirectoryServer misnamed;
    static String trustedPem;
    static String misnamedPem;
    static final AtomicInteger bindsWithoutTls = new AtomicInteger();
    static final AtomicInteger bindsToImpostors = new AtomicInteger();
    static final List<String> filtersSeen = new java.util.concurrent.CopyOnWriteArrayList<>();

    final JdbcClient all = JdbcClient.create(TestDatabase.get().superuserDataSource());
    Workspace ws;
    String owner;

    @BeforeAll
    static void startDirectories() throws Exception {
        File dir = Files.createTempDirectory("ldap-test").toFile();
        File trusted = certificate(dir, "trusted", "localhost", "127.0.0.1");
        File other = certificate(dir, "impostor", "localhost", "127.0.0.1");
        File elsewhere = certificate(dir, "elsewhere", "elsewhere.example", "192.0.2.1");
        trustedPem = pem(trusted);
        misnamedPem = pem(elsewhere);

        directory = server(trusted, true, new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                filtersSeen.add(request.getRequest().getFilter().toString());
            }
        });
        directory.add("dn: ou=People," + BASE, "objectClass: organizationalUnit", "ou: People");
        person("Ada Lovelace", "ada", "ada@acme.example", "ada@acme.example", ADA_PASSWORD, 512,
                "cn=HR,ou=Groups," + BASE);
        person("Bob Leaver", "bob", "bob@acme.example", "bob@acme.example", "bob-directory-password-1", 514);
        person("Mallory", "mallory", "mallory@acme.example", "someone@elsewhere.example", "mallory-password-123", 512);
        person("Twin One", "twin1", "twin1@acme.example", "twin@acme.example", "twin-password-1234", 512);
        person("Twin Two", "twin2", "twin2@acme.example", "twin@acme.example", "twin-password-1234", 512);
        person("Ivy Invited", "ivy", "ivy@acme.example", "ivy@acme.example", "ivy-directory-password-1", 512);

        InMemoryOperationInterceptor countBinds = new InMemoryOperationInterceptor() {
            @Override
            public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
                bindsWithoutTls.incrementAndGet();
            }
        };
        InMemoryDirectoryServerConfig plainConfig = new InMemoryDirectoryServerConfig(BASE);
        plainConfig.setSchema(null);
        plainConfig.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("plain", null, 0, null));
        plainConfig.addInMemoryOperationInterceptor(countBinds);
        plainOnly = new InMemoryDirectoryServer(plainConfig);
        plainOnly.startListening();

        InMemoryOperationInterceptor countImpostorBinds = new InMemoryOperationInterceptor() {
            @Override
            public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
                bindsToImpostors.incrementAndGet();
            }
        };
        impostor = server(other, false, countImpostorBinds);
        misnamed = server(elsewhere, true, countImpostorBinds);
    }

    @AfterAll
    static void stopDirectories() {
        for (InMemoryDirectoryServer server : new InMemoryDirectoryServer[] {directory, plainOnly, impostor, misnamed}) {
            if (server != null) {
                server.shutDown(true);
            }
        }
    }

    private static InMemoryDirectoryServer server(File keyStore, boolean startTls, InMemoryOperationInterceptor interceptor)
            throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(null); // Active Directory's attributes without its schema
        SSLUtil serverTls = new SSLUtil(new KeyStoreKeyManager(keyStore, "changeit".toCharArray(), "PKCS12", "server"),
                new TrustAllTrustManager());
        SSLUtil clientTls = new SSLUtil(new TrustAllTrustManager());
        var ldaps = InMemoryListenerConfig.createLDAPSConfig("ldaps", null, 0, serverTls.createSSLServerSocketFactory(),
                clientTls.createSSLSocketFactory());
        if (startTls) {
            config.setListenerConfigs(ldaps, InMemoryListenerConfig.createLDAPConfig("starttls", null, 0,
                    serverTls.createSSLSocketFactory()));
        } else {
            config.setListenerConfigs(ldaps);
        }
        config.addInMemoryOperationInterceptor(interceptor);
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: acme");
        server.add("dn: ou=Service," + BASE, "objectClass: organizationalUnit", "ou: Service");
        server.add("dn: " + SERVICE_DN, "objectClass: person", "cn: svc-strongroom", "sn: svc",
                "userPassword: " + SERVICE_PASSWORD);
        server.startListening();
        return server;
    }

    private static void person(String name, String account, String upn, String mail, String password, int control,
            String... groups) throws Exception {
        List<String> lines = new java.util.ArrayList<>(List.of("dn: cn=" + name + ",ou=People," + BASE,
                "objectClass: top", "objectClass: person", "objectClass: organizationalPerson", "objectClass: user",
                "cn: " + name, "sn: " + name, "displayName: " + name, "sAMAccountName: " + account,
                "userPrincipalName: " + upn, "mail: " + mail, "userPassword: " + password,
                "userAccountControl: " + control));
        for (String group : groups) {
            lines.add("memberOf: " + group);
        }
        directory.add(lines.toArray(String[]::new));
    }

    private static File certificate(File dir, String name, String host, String ip) {
        File keyStore = new File(dir, name + ".p12");
        var result = ManageCertificates.main(null, new ByteArrayOutputStream(), new ByteArrayOutputStream(),
                "generate-self-signed-certificate", "--keystore", keyStore.getPath(), "--keystore-password", "changeit",
                "--keystore-type", "PKCS12", "--alias", "server", "--subject-dn", "CN=" + host,
                "--subject-alternative-name-dns", host, "--subject-alternative-name-ip-address", ip, "--days-valid", "3650");
        assertThat(result.intValue()).isZero();
        return keyStore;
    }

    private static String pem(File keyStore) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var result = ManageCertificates.main(null, out, new ByteArrayOutputStream(), "export-certificate", "--keystore",
                keyStore.getPath(), "--keystore-password", "changeit", "--alias", "server", "--output-format", "PEM");
        assertThat(result.intValue()).isZero();
        String text = out.toString(StandardCharsets.US_ASCII);
        return text.substring(text.indexOf("-----BEGIN CERTIFICATE-----"), text.lastIndexOf("-----END CERTIFICATE-----")
                + "-----END CERTIFICATE-----".length());
    }

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "ldap");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    private Map<String, Object> body(String url, Object... more) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Acme AD");
        body.put("url", url);
        body.put("base_dn", BASE);
        body.put("bind_dn", SERVICE_DN);
        body.put("bind_password", SERVICE_PASSWORD);
        body.put("domains", List.of("acme.example"));
        body.put("ca_certificate", trustedPem);
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    private String connect(String url, Object... more) {
        Response added = bearer(owner).post("/api/v1/sso/directories", body(url, more));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        return added.json().get("id").asString();
    }

    private static String ldaps() {
        return "ldaps://127.0.0.1:" + directory.getListenPort("ldaps");
    }

    private List<Map<String, Object>> records(String action) {
        return all.sql("select outcome, reason, details::text as details from audit_event where tenant_id = :t"
                + " and action = :a order by seq").param("t", ws.tenantId()).param("a", action).query().listOfRows();
    }

    private String lastFailure() {
        List<Map<String, Object>> failures = records("auth.login.failed");
        return failures.isEmpty() ? null : (String) failures.getLast().get("reason");
    }

    private Response login(String email, String password) {
        return TestUsers.login(client(), ws.workspace(), email, password);
    }

    @Test
    @Tag("A7")
    void theDirectorysPasswordSignsInOverLdapsAndStartTlsAndTheLocalOneDoesNot() {
        TestUsers.addUser(ws.tenantId(), "ada@acme.example", "ada-local-password-old-1", "employee");
        String id = connect(ldaps());

        Response in = login("ada@acme.example", ADA_PASSWORD);
        assertThat(in.status()).as(in.toString()).isEqualTo(200);
        Map<String, Object> record = records("auth.login").getLast();
        assertThat((String) record.get("details")).contains("\"provider\": \"ldap\"").contains(id)
                .contains("\"amr\": \"pwd\"");
        assertThat(login("ada@acme.example", "ada-local-password-old-1").status())
                .as("the directory decides for its domains, not the old local password").isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("ldap_bad_password");

        // StartTLS on the plain port: the same
        assertThat(bearer(owner).delete("/api/v1/sso/directories/" + id).status()).isEqualTo(204);
        connect("ldap://localhost:" + directory.getListenPort("starttls"), "user_filter",
                "(&(objectClass=user)(sAMAccountName={username}))");
        assertThat(login("ada@acme.example", ADA_PASSWORD).status()).isEqualTo(200);

        // the directory's refusals, each recorded
        assertThat(login("nobody@acme.example", "whatever-password-1").status()).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("ldap_unknown_user");
        assertThat(login("bob@acme.example", "bob-directory-password-1").status()).as("disabled in AD").isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("ldap_disabled");
        assertThat(login("mallory@acme.example", "mallory-password-123").status())
                .as("the directory vouches only for its own domains").isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("ldap_foreign_email");
        assertThat(login("twin1@acme.example", "twin-password-1234").status()).isEqualTo(401);
        assertThat(lastFailure()).as("an account the directory knows but not here").isEqualTo("ldap_unknown_email");

        // an invitation is accepted by the first sign-in the directory vouches for
        assertThat(bearer(owner).post("/api/v1/users", Map.of("email", "ivy@acme.example", "display_name", "Ivy"))
                .status()).isEqualTo(201);
        assertThat(login("ivy@acme.example", "ivy-directory-password-1").status()).isEqualTo(200);
        assertThat(records("user.invitation_accepted")).hasSize(1);
    }

    @Test
    @Tag("A7")
    void aUserNameCannotChangeTheSearchFilter() {
        TestUsers.addUser(ws.tenantId(), "ada@acme.example", "ada-local-password-old-1", "employee");
        connect(ldaps(), "user_filter", "(&(objectClass=user)(sAMAccountName={username}))");
        filtersSeen.clear();

        // a wildcard would find Ada's entry (and her password would then sign "ad*" in as her)
        Response wildcard = login("ad*@acme.example", ADA_PASSWORD);
        assertThat(wildcard.status()).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("ldap_unknown_user");
        // a filter of its own, closing ours
        Response injected = login("x)(objectClass=*))(|(sAMAccountName=ada@acme.example", ADA_PASSWORD);
        assertThat(injected.status()).as(injected.toString()).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("ldap_unknown_user");
        assertThat(filtersSeen).as("the values went to the directory escaped").contains(
                "(&(objectClass=user)(sAMAccountName=ad\\2a))",
                "(&(objectClass=user)(sAMAccountName=x\\29\\28objectClass=\\2a\\29\\29\\28|\\28sAMAccountName=ada))");

        // several entries for one sign-in: none of them
        connect(ldaps(), "name", "By mail", "user_filter", "(mail={username}@acme.example)", "domains",
                List.of("mail.example"));
        assertThat(login("twin@mail.example", "twin-password-1234").status()).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("ldap_ambiguous");
    }

    @Test
    @Tag("A7")
    void noPasswordGoesToAServerWithoutTlsOrWithACertificateNotTrustedForItsHost() {
        TestUsers.addUser(ws.tenantId(), "ada@acme.example", "ada-local-password-old-1", "employee");
        int before = bindsWithoutTls.get();
        int impostorsBefore = bindsToImpostors.get();

        // plain LDAP is not offered at all, and a server that refuses StartTLS is not sent a bind
        Response plainUrl = bearer(owner).post("/api/v1/sso/directories", body("http://127.0.0.1:389"));
        assertThat(plainUrl.status()).isEqualTo(400);
        assertThat(plainUrl.body()).contains("url");
        String downgraded = connect("ldap://127.0.0.1:" + plainOnly.getListenPort());
        Response tested = bearer(owner).post("/api/v1/sso/directories/" + downgraded + "/test", Map.of());
        assertThat(tested.json().get("ok").asBoolean()).isFalse();
        assertThat(tested.body()).contains("did not start TLS");
        Response refused = login("ada@acme.example", ADA_PASSWORD);
        assertThat(refused.status()).as("the directory could not be asked: nothing decided").isEqualTo(503);
        assertThat(lastFailure()).isEqualTo("ldap_starttls_refused");
        assertThat(bindsWithoutTls.get()).as("not even the service account's bind went out").isEqualTo(before);
        assertThat(bearer(owner).delete("/api/v1/sso/directories/" + downgraded).status()).isEqualTo(204);

        // another key for the host than the one trusted (a man in the middle), and a trusted key for another host
        String impostorId = connect("ldaps://127.0.0.1:" + impostor.getListenPort("ldaps"));
        assertThat(bearer(owner).post("/api/v1/sso/directories/" + impostorId + "/test", Map.of()).body())
                .contains("not trusted");
        assertThat(login("ada@acme.example", ADA_PASSWORD).status()).isEqualTo(503);
        assertThat(lastFailure()).isEqualTo("ldap_untrusted");
        bearer(owner).delete("/api/v1/sso/directories/" + impostorId);
        for (String url : List.of("ldaps://127.0.0.1:" + misnamed.getListenPort("ldaps"),
                "ldap://127.0.0.1:" + misnamed.getListenPort("starttls"))) {
            String id = connect(url, "ca_certificate", misnamedPem);
            assertThat(login("ada@acme.example", ADA_PASSWORD).status()).as(url + " " + lastFailure()).isEqualTo(503);
            assertThat(lastFailure()).as(url).isEqualTo("ldap_untrusted");
            bearer(owner).delete("/api/v1/sso/directories/" + id);
        }
        assertThat(bindsToImpostors.get()).as("no bind reached them").isEqualTo(impostorsBefore);

        // and the real one, trusted for its host
        String real = connect(ldaps());
        Response ok = bearer(owner).post("/api/v1/sso/directories/" + real + "/test", Map.of());
        assertThat(ok.json().get("ok").asBoolean()).as(ok.toString()).isTrue();
        assertThat(login("ada@acme.example", ADA_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    @Tag("A7")
    void wrongDirectoryPasswordsLockTheAccountAndOnlyBreakGlassOwnersFallBackToTheirOwn() {
        UUID ada = TestUsers.addUser(ws.tenantId(), "ada@acme.example", "ada-local-password-old-1", "employee");
        String domain = ws.ownerEmail().substring(ws.ownerEmail().indexOf('@') + 1);
        String local = "local." + ws.workspace() + "@" + domain;
        TestUsers.addUser(ws.tenantId(), local, "local-users-password-1", "employee");
        String directoryId = connect(ldaps(), "domains", List.of("acme.example", domain));

        for (int i = 0; i < 5; i++) {
            assertThat(login("ada@acme.example", "wrong-password-" + i).status()).isEqualTo(401);
        }
        assertThat(records("auth.lockout")).hasSize(1);
        assertThat(login("ada@acme.example", ADA_PASSWORD).status()).as("locked, the directory is not asked").isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("locked");
        assertThat(all.sql("select locked_until is not null from app_user where id = :id").param("id", ada)
                .query(Boolean.class).single()).isTrue();

        // not in the directory: no local password stands in for it, except a break-glass Owner's
        assertThat(login(local, "local-users-password-1").status()).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("ldap_unknown_user");
        assertThat(login(ws.ownerEmail(), ws.ownerPassword()).status()).isEqualTo(401);
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/sso", Map.of("sso_only", true,
                "break_glass_user_ids", List.of(ws.ownerId().toString()))).status()).isEqualTo(200);
        assertThat(login(ws.ownerEmail(), ws.ownerPassword()).status()).as("the break-glass Owner").isEqualTo(200);
        assertThat(login(local, "local-users-password-1").status()).isEqualTo(401);
        assertThat(bearer(owner).delete("/api/v1/sso/directories/" + directoryId).status())
                .as("the last connection stays while sign-in is SSO only").isEqualTo(409);
    }

    @Test
    @Tag("A7")
    void aDirectoryIsAddedWithCheckedFieldsAndItsPasswordNeverComesBack() {
        Response bad = bearer(owner).post("/api/v1/sso/directories", Map.of("name", "", "url", "ldap://", "base_dn", BASE,
                "user_filter", "(sAMAccountName=ada)", "ca_certificate", "not a certificate", "email_attribute", "m a i l"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("name").contains("url").contains("bind_dn").contains("bind_password")
                .contains("user_filter").contains("domains").contains("ca_certificate").contains("email_attribute");
        assertThat(bearer(owner).post("/api/v1/sso/directories", body(ldaps(), "user_filter", "(&(uid={login})"))
                .body()).contains("RFC 4515");
        assertThat(bearer(owner).get("/api/v1/sso/directories").json().get("items").size()).isZero();

        String id = connect(ldaps());
        assertThat(bearer(owner).get("/api/v1/sso/directories").body()).contains(SERVICE_DN).doesNotContain(SERVICE_PASSWORD);
        assertThat(bearer(owner).get("/api/v1/sso/directories/" + id).body()).doesNotContain(SERVICE_PASSWORD);
        byte[] stored = all.sql("select bind_password from directory_connection where id = cast(:id as uuid)")
                .param("id", id).query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(SERVICE_PASSWORD);
        assertThat(all.sql("select details::text from audit_event where tenant_id = :t and action like 'settings.sso.%'")
                .param("t", ws.tenantId()).query(String.class).list()).isNotEmpty()
                .noneMatch(d -> d.contains(SERVICE_PASSWORD)).anyMatch(d -> d.contains("\"provider\": \"ldap\""));

        String employee = "emp." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), employee, "employee-passphrase-ldap-5", "employee");
        String token = TestUsers.tokens(client(), ws.workspace(), employee, "employee-passphrase-ldap-5").access();
        assertThat(bearer(token).get("/api/v1/sso/directories").status()).isEqualTo(403);

        // another workspace neither sees nor uses it
        Workspace other = TestUsers.signUp(client(), "ldap-other");
        String otherOwner = TestUsers.tokens(client(), other.workspace(), other.ownerEmail(), other.ownerPassword()).access();
        assertThat(bearer(otherOwner).get("/api/v1/sso/directories/" + id).status()).isEqualTo(404);
        TestUsers.addUser(other.tenantId(), "ada@acme.example", "ada-in-the-other-workspace-1", "employee");
        assertThat(TestUsers.login(client(), other.workspace(), "ada@acme.example", ADA_PASSWORD).status()).isEqualTo(401);
        assertThat(TestUsers.login(client(), other.workspace(), "ada@acme.example", "ada-in-the-other-workspace-1")
                .status()).isEqualTo(200);
    }

    @Test
    @Tag("A7")
    void aDirectoryCreatesAccountsWhenToldAndItsGroupsGiveRoles() {
        String id = connect(ldaps());
        Map<String, String> roles = new HashMap<>();
        for (var role : bearer(owner).get("/api/v1/roles").json().get("roles")) {
            roles.put(role.get("name").asString(), role.get("id").asString());
        }
        assertThat(login("ada@acme.example", ADA_PASSWORD).status()).as("no account, none made").isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("ldap_unknown_email");

        Response set = bearer(owner).method("PUT", "/api/v1/sso/directories/" + id + "/provisioning", Map.of(
                "create_accounts", true, "default_role_ids", List.of(roles.get("Employee")),
                "role_mappings", List.of(Map.of("group", "CN=HR,OU=Groups,DC=acme,DC=example", "role_id",
                        roles.get("HR manager")))));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        Response in = login("ada@acme.example", ADA_PASSWORD);
        assertThat(in.status()).as(in.toString()).isEqualTo(200);
        assertThat(records("user.provisioned")).hasSize(1);
        assertThat(all.sql("""
                select string_agg(r.name, ',' order by r.name) from user_role ur
                join role r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
                join app_user u on u.tenant_id = ur.tenant_id and u.id = ur.user_id
                where u.tenant_id = :t and u.email = 'ada@acme.example'
                """).param("t", ws.tenantId()).query(String.class).single())
                .as("her directory group, written in another case, gives HR manager").isEqualTo("Employee,HR manager");
        assertThat(all.sql("select display_name from app_user where tenant_id = :t and email = 'ada@acme.example'")
                .param("t", ws.tenantId()).query(String.class).single()).isEqualTo("Ada Lovelace");
        assertThat(bearer(owner).get("/api/v1/sso/directories/" + id).json().get("provisioning").get("role_mappings")
                .size()).isEqualTo(1);
    }
}
