package io.strongroom.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Test-only beans of every {@code @StrongroomTest} context: the movable clock and the event recorder. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    @Primary
    TestClock testClock() {
        return new TestClock();
    }

    @Bean
    CapturedEvents capturedEvents() {
        return new CapturedEvents();
    }

    /** Lets {@link TestMail} read mail still waiting in the (encrypted) outbox of contexts that run no jobs. */
    @Bean
    Object testMailOutboxReader(org.springframework.beans.factory.ObjectProvider<io.strongroom.crypto.FieldEncryption> encryption) {
        encryption.ifAvailable(TestMail::readOutboxWith);
        return new Object();
    }
}
