package io.strongroom.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * A module test: the module under test and the modules it depends on (none of those above it), on
 * the shared embedded PostgreSQL, without HTTP. For event contracts between modules, with
 * Spring Modulith's {@code Scenario} as a test method parameter. It runs no jobs: the full-application
 * tests' scheduler (on their own test clock) delivers the shared outbox, and a second scheduler on
 * another clock would take deliveries from it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ApplicationModuleTest(mode = BootstrapMode.ALL_DEPENDENCIES, webEnvironment = WebEnvironment.NONE)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@Import(TestClockConfiguration.class)
@TestPropertySource(properties = {"logging.level.io.zonky.test=WARN", "strongroom.jobs.enabled=false",
        "strongroom.http.management-token=" + StrongroomTest.MANAGEMENT_TOKEN})
public @interface ModuleTest {
}
