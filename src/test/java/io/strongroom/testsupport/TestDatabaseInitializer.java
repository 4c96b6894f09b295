package io.strongroom.testsupport;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points a test application context at the JVM's {@link TestDatabase} and test home directory. */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabase db = TestDatabase.get();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("strongroom-test-database", Map.of(
                "strongroom.home", db.home().toString(),
                "strongroom.database.url", db.jdbcUrl(),
                "strongroom.database.username", db.runtime().username(),
                "strongroom.database.password", db.runtime().password(),
                "strongroom.database.owner.username", db.owner().username(),
                "strongroom.database.owner.password", db.owner().password())));
    }
}
