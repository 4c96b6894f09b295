package io.strongroom.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The small helpers every module shares: LIKE patterns, back-off, keyset pages, SHA-256. */
class HelpersTest {

    @Test
    void likePatternsMatchTheInputLiterally() {
        assertThat(SqlLike.escape("50%_off\\")).isEqualTo("50\\%\\_off\\\\");
        assertThat(SqlLike.containsLowerCase("Ann%")).isEqualTo("%ann\\%%");
        assertThat(SqlLike.startsWith("auth.")).isEqualTo("auth.%");
        assertThat(SqlLike.startsWith("a_b")).isEqualTo("a\\_b%");
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1));
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.after(7)).isEqualTo(Duration.ofSeconds(30 * 64));
        assertThat(backoff.after(8)).as("30 s x 128 is over the hour").isEqualTo(Duration.ofHours(1));
        assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
        assertThat(backoff.after(0)).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeysetPageKnowsWhetherMoreFollow() {
        KeysetPage<Integer, Integer> more = KeysetPage.of(List.of(1, 2, 3), 2, i -> i * 10);
        assertThat(more.items()).containsExactly(1, 2);
        assertThat(more.nextAfter()).isEqualTo(20);
        KeysetPage<Integer, Integer> last = KeysetPage.of(List.of(1, 2), 2, i -> i * 10);
        assertThat(last.items()).containsExactly(1, 2);
        assertThat(last.nextAfter()).isNull();
        assertThat(KeysetPage.of(List.<Integer>of(), 5, i -> i).nextAfter()).isNull();
    }

    @Test
    void sha256IsTheStandardDigest() {
        assertThat(java.util.HexFormat.of().formatHex(Digests.sha256("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
