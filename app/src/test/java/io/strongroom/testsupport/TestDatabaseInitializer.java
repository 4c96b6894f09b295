package io.strongroom.testsupport;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points a test application context at the JVM's {@link TestDatabase}, {@link TestMail} and test home directory. */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabase db = TestDatabase.get();
        TestMail mail = TestMail.get();
        Map<String, Object> properties = new HashMap<>();
        properties.put("strongroom.home", db.home().toString());
        properties.put("strongroom.database.url", db.jdbcUrl());
        properties.put("strongroom.database.username", db.runtime().username());
        properties.put("strongroom.database.password", db.runtime().password());
        properties.put("strongroom.database.owner.username", db.owner().username());
        properties.put("strongroom.database.owner.password", db.owner().password());
        properties.put("strongroom.mail.smtp.host", "localhost");
        properties.put("strongroom.mail.smtp.port", mail.port());
        properties.put("strongroom.mail.smtp.tls", "implicit");
        properties.put("strongroom.mail.smtp.trusted-certificates", mail.certificate().toString());
        properties.put("strongroom.mail.delivery-interval", "200ms");
        properties.put("strongroom.jobs.polling-interval", "200ms");
        properties.put("strongroom.tokens.key-propagation-delay", "0s");
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("strongroom-test", properties));
    }
}
