package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A2: the NIST SP 800-63B style policy, as a unit. */
@Tag("A2")
class PasswordPolicyTest {

    static final PasswordPolicy POLICY = new PasswordPolicy();
    static final SecuritySettings ENFORCED = SecuritySettings.DEFAULTS;
    static final List<String> CONTEXT = List.of("acme-corp", "Acme Corporation", "jane.doe@acme.example", "Jane Doe");

    @Test
    void theBlocklistComesFromTheLibraryAndHasAtLeast100000Entries() {
        assertThat(POLICY.blocklistSize()).isGreaterThanOrEqualTo(100_000);
    }

    @Test
    void commonPasswordsAreRefusedWhateverTheirCase() {
        for (String common : List.of("password1234", "PASSWORD1234", "qwertyuiop123", "iloveyou1234", "1q2w3e4r5t6y")) {
            assertThat(POLICY.evaluate(common, ENFORCED, List.of()).problems()).as(common)
                    .anyMatch(p -> p.contains("most commonly used") || p.contains("too easy"));
        }
    }

    @Test
    void contextWordsAreRefused() {
        for (String contextual : List.of("acme-corp-secret-9931", "JaneDoe!forever2026", "my-acme.example-pass-77",
                "corporation-zebra-quartz")) {
            assertThat(POLICY.evaluate(contextual, ENFORCED, CONTEXT).problems()).as(contextual)
                    .anyMatch(p -> p.contains("must not contain your name"));
        }
        assertThat(POLICY.evaluate("violet tractor humming under lanterns", ENFORCED, CONTEXT).acceptable()).isTrue();
    }

    @Test
    void lengthLimitsAndNoCompositionRules() {
        assertThat(POLICY.evaluate("Xk9#mQ2!pL7", ENFORCED, List.of()).problems()).anyMatch(p -> p.contains("at least 12"));
        assertThat(POLICY.evaluate("harbor lantern quietly folds maps", ENFORCED, List.of()).acceptable())
                .as("lower-case words only, no digits or symbols").isTrue();
        String longest = "plum orbit sketch harbor " + "x".repeat(128 - 25);
        assertThat(longest.length()).isEqualTo(128);
        assertThat(POLICY.evaluate(longest, ENFORCED, List.of()).problems()).noneMatch(p -> p.contains("at most"));
        assertThat(POLICY.evaluate(longest + "y", ENFORCED, List.of()).problems()).anyMatch(p -> p.contains("at most 128"));
    }

    @Test
    void aTenantCanRaiseTheMinimumLengthAndScore() {
        SecuritySettings strict = new SecuritySettings("enforced", 20, 4, Duration.ofMinutes(30), Duration.ofHours(12));
        assertThat(POLICY.evaluate("plum-orbit-sketch-9", strict, List.of()).problems()).anyMatch(p -> p.contains("at least 20"));
        SecuritySettings lax = new SecuritySettings("enforced", 12, 0, Duration.ofMinutes(30), Duration.ofHours(12));
        assertThat(POLICY.evaluate("aaaaaaaaaaaaaaaa", lax, List.of()).problems()).noneMatch(p -> p.contains("too easy"));
    }

    @Test
    void theReadmeExamplePasses() {
        assertThat(POLICY.evaluate("a long passphrase nobody guesses", ENFORCED,
                List.of("acme", "Acme GmbH", "ada@acme.example", "Ada Lovelace")).problems()).isEmpty();
    }
}
