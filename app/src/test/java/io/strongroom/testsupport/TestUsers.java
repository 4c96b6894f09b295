package io.strongroom.testsupport;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;
import io.strongroom.platform.database.TenantBindingTransactionManager;
import io.strongroom.testsupport.ApiClient.Response;

/** Workspaces and users for tests, made through the API where the API can, directly otherwise. */
public final class TestUsers {

    private static final Argon2PasswordEncoder OWASP = new Argon2PasswordEncoder(16, 32, 1, 19456, 2);

    private TestUsers() {
    }

    /** A signed-up workspace and its owner's credentials. */
    public record Workspace(String workspace, UUID tenantId, String ownerEmail, String ownerPassword, UUID ownerId) {
    }

    /** Signs up a new workspace whose owner has a unique e-mail address. */
    public static Workspace signUp(ApiClient api, String prefix) {
        String workspace = Fixtures.uniqueWorkspace(prefix);
        String email = "owner." + workspace + "@example.org";
        Map<String, Object> body = Fixtures.signup(workspace);
        body.put("admin_email", email);
        Response response = api.post("/api/v1/signup", body);
        if (response.status() != 201) {
            throw new AssertionError("signup failed: " + response);
        }
        UUID tenant = UUID.fromString(response.json().get("tenant_id").asString());
        UUID owner = inTenant(tenant, jdbc -> jdbc.sql("select id from app_user where lower(email) = lower(:e)")
                .param("e", email).query(UUID.class).single());
        return new Workspace(workspace, tenant, email, Fixtures.STRONG_PASSWORD, owner);
    }

    /** Signs in through the API; returns the token response body. */
    public static Response login(ApiClient api, String workspace, String email, String password) {
        return api.post("/api/v1/auth/login", Map.of("workspace", workspace, "email", email, "password", password));
    }

    /** Signs in and returns the access token, failing the test if sign-in fails. */
    public static Tokens tokens(ApiClient api, String workspace, String email, String password) {
        Response response = login(api, workspace, email, password);
        if (response.status() != 200) {
            throw new AssertionError("sign-in failed: " + response);
        }
        return new Tokens(response.json().get("access_token").asString(), response.json().get("refresh_token").asString());
    }

    public record Tokens(String access, String refresh) {
    }

    /**
     * Adds an active user with a password straight into the tenant (the invitation flow comes with
     * user administration) and gives it the built-in roles named by key ({@code employee}, ...).
     */
    public static UUID addUser(UUID tenant, String email, String password, String... builtinRoles) {
        UUID id = Ids.newId();
        String hash = OWASP.encode(password);
        inTenant(tenant, jdbc -> {
            jdbc.sql("""
                    insert into app_user (tenant_id, id, email, display_name, status, password_hash, password_changed_at)
                    values (:t, :id, :email, :name, 'active', '\\x00'::bytea || convert_to(:hash, 'UTF8'), :now)
                    """)
                    .param("t", tenant).param("id", id).param("email", email).param("name", "Test " + email)
                    .param("hash", hash).param("now", Timestamp.from(Instant.now()))
                    .update();
            for (String role : builtinRoles) {
                jdbc.sql("""
                        insert into user_role (tenant_id, user_id, role_id)
                        select :t, :id, r.id from role r where r.tenant_id = :t and r.builtin_key = :key
                        """)
                        .param("t", tenant).param("id", id).param("key", role).update();
            }
            return null;
        });
        return id;
    }

    /** Runs SQL as the application's runtime role, bound to {@code tenant}. */
    public static <T> T inTenant(UUID tenant, java.util.function.Function<JdbcClient, T> work) {
        DataSource runtime = TestDatabase.get().runtimeDataSource();
        TransactionTemplate tx = new TransactionTemplate(new TenantBindingTransactionManager(runtime));
        JdbcClient jdbc = JdbcClient.create(runtime);
        return TenantContext.callAs(tenant, () -> tx.execute(status -> work.apply(jdbc)));
    }
}
