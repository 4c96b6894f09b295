package io.strongroom.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Tokens;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/**
 * A8 and A10: sessions continue through rotating refresh tokens, reuse ends them, timeouts end
 * them, users see and end their sessions, and whatever ends a session (logout, ending one, sign
 * out everywhere, refresh-token reuse, password change, disabling or deleting the user) ends its
 * access tokens at once, not when they expire; re-enabling a user revives nothing.
 */
class SessionLifecycleTest extends ApiTest {

    ApiClient api;
    Workspace ws;
    String email;
    final String password = "session-test-passphrase-9";
    UUID userId;

    @BeforeEach
    void user() {
        api = new ApiClient(port);
        ws = TestUsers.signUp(api, "sessions");
        email = "user." + ws.workspace() + "@example.org";
        userId = TestUsers.addUser(ws.tenantId(), email, password, "employee");
    }

    @Test
    @Tag("A8")
    void refreshRotatesTheRefreshToken() {
        Tokens first = TestUsers.tokens(api, ws.workspace(), email, password);
        Response refreshed = refresh(first.refresh());
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String access = refreshed.json().get("access_token").asString();
        String next = refreshed.json().get("refresh_token").asString();
        assertThat(next).isNotEqualTo(first.refresh());
        assertThat(refreshed.json().get("expires_in").asInt()).isEqualTo(60);
        assertThat(me(access).status()).isEqualTo(200);
        assertThat(refresh(next).status()).isEqualTo(200);
    }

    @Test
    @Tag("A8")
    @Tag("L2")
    void reusingARotatedRefreshTokenEndsTheWholeSession() {
        Tokens first = TestUsers.tokens(api, ws.workspace(), email, password);
        String second = refresh(first.refresh()).json().get("refresh_token").asString();

        Response reuse = refresh(first.refresh());
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.json().get("type").asString()).isEqualTo("urn:strongroom:problem:invalid-refresh-token");
        assertThat(refresh(second).status()).as("the legitimate successor dies with the session").isEqualTo(401);
        assertThat(me(first.access()).status()).as("and its access token with it, at once").isEqualTo(401);

        assertThat(TestMail.body(TestMail.get().await(email, "Security alert"))).contains("already been used");
        assertThat(events.of(IdentityEvent.class).filter(e -> e.type() == Type.REFRESH_TOKEN_REUSED)
                .filter(e -> userId.equals(e.userId()))).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(IdentityEvent.Outcome.DENIED));
        long open = TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql(
                "select count(*) from auth_session where user_id = :u and revoked_at is null")
                .param("u", userId).query(Long.class).single());
        assertThat(open).isZero();
    }

    @Test
    @Tag("A8")
    void refreshTokensAreStoredOnlyAsHashes() {
        Tokens tokens = TestUsers.tokens(api, ws.workspace(), email, password);
        List<byte[]> stored = TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql(
                "select token_hash from refresh_token rt join auth_session s on s.tenant_id = rt.tenant_id "
                        + "and s.id = rt.session_id where s.user_id = :u")
                .param("u", userId).query(byte[].class).list());
        assertThat(stored).hasSize(1);
        assertThat(stored.getFirst()).hasSize(32).isNotEqualTo(tokens.refresh().getBytes());
        String everything = TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql(
                "select string_agg(t::text, ' ') from refresh_token t").query(String.class).single());
        assertThat(everything).doesNotContain(tokens.refresh().substring(tokens.refresh().lastIndexOf('.') + 1));
    }

    @Test
    @Tag("A10")
    void idleSessionsEnd() {
        Tokens tokens = TestUsers.tokens(api, ws.workspace(), email, password);
        clock.advance(Duration.ofMinutes(29));
        Response stillAlive = refresh(tokens.refresh());
        assertThat(stillAlive.status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(31));
        assertThat(refresh(stillAlive.json().get("refresh_token").asString()).status()).isEqualTo(401);
    }

    @Test
    @Tag("A10")
    void sessionsEndAtTheirAbsoluteLifetimeEvenWhenUsed() {
        Tokens owner = TestUsers.tokens(api, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        Response updated = bearer(owner.access()).method("PUT", "/api/v1/settings/sessions",
                Map.of("idle_timeout_minutes", 10, "absolute_lifetime_minutes", 25));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

        String refresh = TestUsers.tokens(api, ws.workspace(), email, password).refresh();
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofMinutes(9));
            Response r = refresh(refresh);
            assertThat(r.status()).as("refresh at " + (i + 1) * 9 + " min").isEqualTo(200);
            refresh = r.json().get("refresh_token").asString();
        }
        clock.advance(Duration.ofMinutes(8)); // 26 minutes after sign-in, used 8 minutes ago
        assertThat(refresh(refresh).status()).isEqualTo(401);
    }

    @Test
    @Tag("A10")
    void usersListAndEndTheirSessions() {
        Tokens laptop = TestUsers.tokens(new ApiClient(port).header("User-Agent", "Laptop/1.0"), ws.workspace(), email, password);
        Tokens phone = TestUsers.tokens(new ApiClient(port).header("User-Agent", "Phone/2.0"), ws.workspace(), email, password);

        Response list = bearer(laptop.access()).get("/api/v1/me/sessions");
        assertThat(list.status()).isEqualTo(200);
        List<JsonNode> sessions = list.json().get("sessions").valueStream().toList();
        assertThat(sessions).hasSize(2);
        assertThat(sessions).filteredOn(s -> s.get("current").asBoolean()).singleElement()
                .satisfies(s -> assertThat(s.get("user_agent").asString()).isEqualTo("Laptop/1.0"));
        JsonNode other = sessions.stream().filter(s -> !s.get("current").asBoolean()).findFirst().orElseThrow();
        assertThat(other.get("user_agent").asString()).isEqualTo("Phone/2.0");
        assertThat(other.get("ip").asString()).isNotBlank();
        assertThat(other.get("created_at").asString()).endsWith("Z");

        assertThat(bearer(laptop.access()).delete("/api/v1/me/sessions/" + other.get("id").asString()).status()).isEqualTo(204);
        assertThat(refresh(phone.refresh()).status()).isEqualTo(401);
        assertThat(me(phone.access()).status()).as("the ended session's access token stops at once").isEqualTo(401);
        assertThat(me(laptop.access()).status()).isEqualTo(200);
        assertThat(bearer(laptop.access()).delete("/api/v1/me/sessions/" + other.get("id").asString()).status()).isEqualTo(404);
        assertThat(bearer(laptop.access()).delete("/api/v1/me/sessions/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(bearer(laptop.access()).delete("/api/v1/me/sessions/not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    @Tag("A10")
    void signOutEverywhereEndsEverySession() {
        Tokens a = TestUsers.tokens(api, ws.workspace(), email, password);
        Tokens b = TestUsers.tokens(new ApiClient(port), ws.workspace(), email, password);
        assertThat(bearer(a.access()).post("/api/v1/me/sessions/revoke-all", "").status()).isEqualTo(204);
        assertThat(refresh(a.refresh()).status()).isEqualTo(401);
        assertThat(refresh(b.refresh()).status()).isEqualTo(401);
        assertThat(me(a.access()).status()).isEqualTo(401);
        assertThat(me(b.access()).status()).isEqualTo(401);
        assertThat(events.of(IdentityEvent.class).filter(e -> e.type() == Type.ALL_SESSIONS_REVOKED)
                .filter(e -> userId.equals(e.userId()))).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("sessions_ended", 2));
    }

    @Test
    @Tag("A10")
    void logoutEndsTheSession() {
        Tokens tokens = TestUsers.tokens(api, ws.workspace(), email, password);
        assertThat(bearer(tokens.access()).post("/api/v1/auth/logout", "").status()).isEqualTo(204);
        assertThat(refresh(tokens.refresh()).status()).isEqualTo(401);
        assertThat(me(tokens.access()).status()).as("logged out means logged out, not in 60 s").isEqualTo(401);
        assertThat(new ApiClient(port).post("/api/v1/auth/logout", "").status()).as("anonymous").isEqualTo(401);
    }

    @Test
    @Tag("A10")
    @Tag("A8")
    void disablingAUserEndsItsAccessAtOnceAndEnablingRevivesNothing() {
        Tokens user = TestUsers.tokens(api, ws.workspace(), email, password);
        Tokens owner = TestUsers.tokens(api, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        assertThat(me(user.access()).status()).isEqualTo(200);
        assertThat(bearer(owner.access()).post("/api/v1/users/" + userId + "/disable", "").status()).isEqualTo(204);

        assertThat(refresh(user.refresh()).status()).as("the session ended at once").isEqualTo(401);
        assertThat(me(user.access()).status()).as("and so did its access token").isEqualTo(401);
        assertThat(bearer(user.access()).post("/api/v1/people", PeopleFixture.minimal()).status())
                .as("a disabled user cannot write").isEqualTo(401);
        assertThat(TestUsers.login(api, ws.workspace(), email, password).status()).isEqualTo(401);

        assertThat(bearer(owner.access()).post("/api/v1/users/" + userId + "/enable", "").status()).isEqualTo(204);
        assertThat(me(user.access()).status()).as("enabling revives no ended session").isEqualTo(401);
        assertThat(refresh(user.refresh()).status()).isEqualTo(401);
        assertThat(TestUsers.login(api, ws.workspace(), email, password).status()).as("a new sign-in works").isEqualTo(200);
    }

    @Test
    @Tag("A10")
    void deletingAUserEndsItsAccessAtOnce() {
        Tokens user = TestUsers.tokens(api, ws.workspace(), email, password);
        Tokens owner = TestUsers.tokens(api, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        assertThat(bearer(owner.access()).delete("/api/v1/users/" + userId).status()).isEqualTo(204);
        assertThat(me(user.access()).status()).isEqualTo(401);
    }

    @Test
    @Tag("A10")
    void anEndedSessionCannotBeRevivedEvenInTheDatabase() {
        Tokens user = TestUsers.tokens(api, ws.workspace(), email, password);
        assertThat(bearer(user.access()).post("/api/v1/auth/logout", "").status()).isEqualTo(204);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql(
                "update auth_session set revoked_at = null where user_id = :u").param("u", userId).update()))
                .hasStackTraceContaining("an ended session cannot be revived");
    }

    @Test
    @Tag("A10")
    void changingThePasswordEndsTheOtherSessionsButNotThisOne() {
        Tokens current = TestUsers.tokens(api, ws.workspace(), email, password);
        Tokens other = TestUsers.tokens(new ApiClient(port), ws.workspace(), email, password);
        Response changed = bearer(current.access()).post("/api/v1/me/password",
                Map.of("current_password", password, "new_password", "a brand-new passphrase 2026"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(refresh(other.refresh()).status()).isEqualTo(401);
        assertThat(me(other.access()).status()).isEqualTo(401);
        assertThat(me(current.access()).status()).isEqualTo(200);
        assertThat(refresh(current.refresh()).status()).isEqualTo(200);
    }

    @Test
    @Tag("A8")
    void badRefreshTokensAreRefused() {
        for (String token : List.of("", "srt1.x.y", "srt1." + "A".repeat(22) + "." + "B".repeat(43), "garbage",
                "sot1." + "A".repeat(22) + "." + "B".repeat(43))) {
            assertThat(refresh(token).status()).as(token).isEqualTo(401);
        }
        assertThat(api.post("/api/v1/auth/refresh", "{}").status()).isEqualTo(401);
        assertThat(api.postRaw("/api/v1/auth/refresh", "application/json", "{\"refresh_token\": ").status()).isEqualTo(400);
    }

    private Response refresh(String token) {
        return new ApiClient(port).post("/api/v1/auth/refresh", Map.of("refresh_token", token));
    }

    /** A person body that any writer could send. */
    static final class PeopleFixture {
        static Map<String, Object> minimal() {
            return Map.of("given_name", "Dis", "family_name", "Abled", "work_email", "d@work.example");
        }
    }

    private Response me(String access) {
        return bearer(access).get("/api/v1/me");
    }

}
