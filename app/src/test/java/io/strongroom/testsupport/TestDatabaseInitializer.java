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
        // a test of database outages reaches the database through a proxy it can cut
        boolean viaProxy = Boolean.parseBoolean(context.getEnvironment().getProperty("strongroom.test.database-proxy"));
        properties.put("strongroom.database.url", viaProxy ? DatabaseProxy.get().jdbcUrl() : db.jdbcUrl());
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
        // tests run the re-encryption job themselves (Reencryption.runOnce), so its effects are not left to timing
        properties.put("strongroom.crypto.reencryption-interval", "1h");
        // and the backup jobs (BackupJobs.runOnce, prune), so no test backs up every workspace of the shared database
        properties.put("strongroom.backup.jobs", "false");
        // nor the retention sweep: tests move the clock by months, and the suite's workspaces are all in
        // one database; lifecycle tests sweep their own workspaces (Lifecycle.sweep)
        properties.put("strongroom.lifecycle.jobs", "false");
        properties.put("strongroom.privacy.jobs", "false");
        // the "us" region keeps its backups in a store of its own (RegionalBackupStoreTest); "eu" uses the default
        properties.put("strongroom.backup.regions.us.directory", db.home().resolve("backups-us").toString());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("strongroom-test", properties));
    }
}
