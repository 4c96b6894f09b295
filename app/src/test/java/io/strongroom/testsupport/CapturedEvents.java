package io.strongroom.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.springframework.context.event.EventListener;

/**
 * Every application event of the test context, whichever thread published it (Spring's
 * {@code @RecordApplicationEvents} sees only the test's own thread, not the server's).
 */
public class CapturedEvents {

    private final List<Object> events = new CopyOnWriteArrayList<>();

    @EventListener
    void on(Object event) {
        if (event.getClass().getName().startsWith("io.strongroom.")) {
            events.add(event);
        }
    }

    public <T> Stream<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast);
    }
}
