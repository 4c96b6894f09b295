package io.strongroom.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full Strongroom application on a random HTTPS port, against the test JVM's real PostgreSQL.
 * Requests from the loopback address are treated as coming through a trusted proxy, so each
 * {@link ApiClient} can act as its own client IP via {@code X-Forwarded-For}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "strongroom.http.trusted-proxies=127.0.0.1/32,::1/128",
        "strongroom.http.management-token=" + StrongroomTest.MANAGEMENT_TOKEN,
        "logging.level.io.zonky.test=WARN",
        // the OpenID Connect providers of the tests (mock-oauth2-server, Keycloak) serve plain http
        "strongroom.sso.allow-insecure-issuers=true"})
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@Import(TestClockConfiguration.class)
public @interface StrongroomTest {

    /** The management token of test applications (actuator endpoints other than health). */
    String MANAGEMENT_TOKEN = "test-management-token-not-a-secret-0123456789";
}
