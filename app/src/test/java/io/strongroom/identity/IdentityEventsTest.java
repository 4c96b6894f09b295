package io.strongroom.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.identity.IdentityEvent.Outcome;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Tokens;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * Every authentication event is published as a typed application event with tenant, actor,
 * client IP, user agent and request id, so the audit trail can record it (L1 groundwork).
 */
@Tag("L1")
class IdentityEventsTest extends ApiTest {

    @Test
    void accountEventsCarryTheirContext() {
        ApiClient api = new ApiClient(port, "203.0.113.44").header("User-Agent", "EventsTest/1.0");
        Workspace ws = TestUsers.signUp(api, "events");
        String email = "user." + ws.workspace() + "@example.org";
        UUID user = TestUsers.addUser(ws.tenantId(), email, "events-user-passphrase-5", "employee");
        Tokens owner = TestUsers.tokens(api, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        ApiClient admin = new ApiClient(port, "203.0.113.44").header("User-Agent", "EventsTest/1.0")
                .header("Authorization", "Bearer " + owner.access());

        for (int i = 0; i < 5; i++) {
            TestUsers.login(api, ws.workspace(), email, "wrong-" + i);
        }
        Response unlock = admin.post("/api/v1/users/" + user + "/unlock", "");
        Response reset = admin.post("/api/v1/users/" + user + "/password-reset", "");
        String token = TestMail.token(TestMail.get().await(email, "Set a new Strongroom password"));
        Response completed = api.post("/api/v1/auth/recovery/complete", Map.of("token", token, "new_password", "quartz-meadow-lantern-8"));
        Tokens userTokens = TestUsers.tokens(api, ws.workspace(), email, "quartz-meadow-lantern-8");
        ApiClient asUser = new ApiClient(port, "203.0.113.44").header("User-Agent", "EventsTest/1.0")
                .header("Authorization", "Bearer " + userTokens.access());
        Response changed = asUser.post("/api/v1/me/password", Map.of("current_password", "quartz-meadow-lantern-8",
                "new_password", "quartz-meadow-lantern-harbor-9"));
        Response logout = asUser.post("/api/v1/auth/logout", "");
        for (Response r : List.of(unlock, reset, completed, changed, logout)) {
            assertThat(r.status()).as(r.toString()).isBetween(200, 299);
        }

        List<IdentityEvent> mine = events.of(IdentityEvent.class).filter(e -> user.equals(e.userId())).toList();
        assertThat(mine).extracting(IdentityEvent::type).contains(Type.SIGN_IN_FAILED, Type.ACCOUNT_LOCKED,
                Type.ACCOUNT_UNLOCKED, Type.PASSWORD_RESET_REQUESTED, Type.PASSWORD_RESET_COMPLETED, Type.SIGN_IN,
                Type.PASSWORD_CHANGED, Type.SIGNED_OUT);
        assertThat(mine).allSatisfy(e -> {
            assertThat(e.tenantId()).isEqualTo(ws.tenantId());
            assertThat(e.clientIp()).isEqualTo("203.0.113.44");
            assertThat(e.userAgent()).isEqualTo("EventsTest/1.0");
            assertThat(e.requestId()).isNotBlank();
            assertThat(e.occurredAt()).isNotNull();
            assertThat(e.type().action()).matches("[a-z_]+(\\.[a-z_]+)+");
        });
        assertThat(mine).filteredOn(e -> e.type() == Type.ACCOUNT_UNLOCKED).singleElement()
                .satisfies(e -> assertThat(e.actorUserId()).isEqualTo(ws.ownerId()));
        assertThat(mine).filteredOn(e -> e.type() == Type.SIGN_IN_FAILED)
                .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.FAILURE))
                .allSatisfy(e -> assertThat(e.reason()).isEqualTo("bad_password"));
        assertThat(mine.toString()).doesNotContain("quartz-meadow-lantern-8").doesNotContain(token)
                .doesNotContain("argon2");
    }

    @Test
    void keyRotationIsAnEventToo() {
        new ApiClient(port).header("Authorization", "Bearer " + io.strongroom.testsupport.StrongroomTest.MANAGEMENT_TOKEN)
                .method("POST", "/actuator/signingkeys", "{}");
        assertThat(events.of(IdentityEvent.class).filter(e -> e.type() == Type.SIGNING_KEY_ROTATED))
                .anySatisfy(e -> assertThat(e.details()).containsKey("kid").containsEntry("reason", "on_demand"));
    }
}
