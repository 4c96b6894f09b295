package io.strongroom.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of API tests: the server's port, the movable clock (reset after every test), the events
 * the application published, and client helpers.
 */
@StrongroomTest
public abstract class ApiTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected TestClock clock;

    @Autowired
    protected CapturedEvents events;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A client with a fresh client IP. */
    protected ApiClient client() {
        return new ApiClient(port);
    }

    /** A client that sends {@code access} as its bearer token. */
    protected ApiClient bearer(String access) {
        return new ApiClient(port).header("Authorization", "Bearer " + access);
    }
}
