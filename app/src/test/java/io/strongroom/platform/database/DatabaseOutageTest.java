package io.strongroom.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.Await;
import io.strongroom.testsupport.DatabaseProxy;
import io.strongroom.testsupport.Fixtures;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * O2: with the database gone (every connection dropped, new ones refused), requests are answered
 * 503 problem+json with Retry-After instead of hanging and failing with 500, readiness says DOWN,
 * and everything recovers by itself when the database returns. This test asserts behaviour, never
 * durations.
 */
@StrongroomTest
@TestPropertySource(properties = "strongroom.test.database-proxy=true")
@DirtiesContext // its scheduler and listener saw the outage; later tests get applications that did not
class DatabaseOutageTest {

    @LocalServerPort
    int port;

    @AfterEach
    void databaseBack() {
        DatabaseProxy.get().restore();
    }

    @Test
    @Tag("O2")
    @Tag("L4")
    void anOutageIsA503WithRetryAfterAndRecoveryIsAutomatic() throws Exception {
        Workspace ws = TestUsers.signUp(new ApiClient(port), "outage");
        String access = TestUsers.tokens(new ApiClient(port), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        ApiClient owner = new ApiClient(port).header("Authorization", "Bearer " + access);
        assertThat(owner.get("/api/v1/people").status()).isEqualTo(200);
        assertThat(new ApiClient(port).get("/actuator/health/readiness").status()).isEqualTo(200);

        DatabaseProxy.get().cut();
        assertUnavailable(owner.get("/api/v1/people"));
        Await.until(() -> new ApiClient(port).get("/actuator/health/readiness").status() == 503, "readiness DOWN");
        assertUnavailable(owner.post("/api/v1/people", Map.of("given_name", "Out", "family_name", "Age")));
        assertUnavailable(new ApiClient(port).post("/api/v1/signup", Fixtures.signup(Fixtures.uniqueWorkspace("during"))));
        Response signIn = TestUsers.login(new ApiClient(port), ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        assertUnavailable(signIn);

        assertThat(new ApiClient(port).get("/actuator/health/liveness").status()).as("alive all the same").isEqualTo(200);

        DatabaseProxy.get().restore();
        Await.until(() -> owner.get("/api/v1/people").status() == 200, "requests served again");
        Await.until(() -> new ApiClient(port).get("/actuator/health/readiness").status() == 200, "readiness UP");
        assertThat(TestUsers.login(new ApiClient(port), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).status())
                .isEqualTo(200);
        // and the jobs run again: a mail queued after the outage is delivered (a run that lost the
        // database mid-way is taken up again after its missed heartbeats)
        String invitee = "after.outage." + ws.workspace() + "@example.org";
        assertThat(owner.post("/api/v1/users", Map.of("email", invitee, "display_name", "After Outage")).status())
                .isEqualTo(201);
        Await.until(() -> !TestMail.get().messagesTo(invitee).isEmpty(), "mail delivered after the outage");
    }

    private static void assertUnavailable(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:strongroom:problem:service-unavailable");
    }
}
