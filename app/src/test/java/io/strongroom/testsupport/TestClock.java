package io.strongroom.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application clock in tests: real time plus an offset that a test can move forward, so
 * expiry is tested without sleeping. A test whose outcome must not depend on how fast the machine
 * runs (rate limits, anything that refills or expires while the test works) {@link #freeze()}s it
 * first: then only {@link #advance} moves time. Tests that move or freeze it call {@link #reset()}
 * afterwards ({@code ApiTest} does).
 */
public final class TestClock extends Clock {

    /** The offset from real time, and the frozen instant (null while the clock runs). */
    private record State(Duration offset, Instant frozen) {
    }

    private final AtomicReference<State> state;
    private final ZoneId zone;

    public TestClock() {
        this(new AtomicReference<>(new State(Duration.ZERO, null)), ZoneOffset.UTC);
    }

    private TestClock(AtomicReference<State> state, ZoneId zone) {
        this.state = state;
        this.zone = zone;
    }

    public void advance(Duration duration) {
        state.updateAndGet(s -> new State(s.offset().plus(duration), s.frozen() == null ? null : s.frozen().plus(duration)));
    }

    /** Stops time at the current instant; it moves only by {@link #advance} until {@link #reset()}. */
    public void freeze() {
        state.updateAndGet(s -> s.frozen() != null ? s : new State(s.offset(), Instant.now().plus(s.offset())));
    }

    public void reset() {
        state.set(new State(Duration.ZERO, null));
    }

    @Override
    public Instant instant() {
        State s = state.get();
        return s.frozen() != null ? s.frozen() : Instant.now().plus(s.offset());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same moving instant seen in another zone; advancing either clock moves both. */
    @Override
    public Clock withZone(ZoneId newZone) {
        return new TestClock(state, newZone);
    }
}
