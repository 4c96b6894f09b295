package io.strongroom.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * R4 at runtime: a handler that declares no access rule — as a future change might add by
 * mistake — is refused for everyone, anonymous or signed in with every permission, and its code
 * never runs. (EndpointDeclarationTest catches it at build time; this proves the runtime guard.)
 */
@Import(DenyByDefaultRuntimeTest.Undeclared.class)
class DenyByDefaultRuntimeTest extends ApiTest {

    static final AtomicInteger CALLS = new AtomicInteger();

    @TestConfiguration
    @RestController
    static class Undeclared {

        @GetMapping("/api/v1/test/undeclared")
        String undeclared() {
            CALLS.incrementAndGet();
            return "ran";
        }
    }

    @Test
    @Tag("R4")
    void anUndeclaredHandlerIsRefusedForEveryoneAndNeverRuns() {
        Workspace ws = TestUsers.signUp(client(), "undeclared");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(client().get("/api/v1/test/undeclared").status()).isIn(401, 403);
        assertThat(bearer(owner).get("/api/v1/test/undeclared").status()).as("even an Owner").isEqualTo(403);
        assertThat(CALLS.get()).as("the handler never ran").isZero();
    }
}
