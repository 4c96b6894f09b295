package io.strongroom.platform;

import java.time.Duration;

/**
 * PostgreSQL LISTEN/NOTIFY for the application's nodes: one dedicated connection per node listens
 * on every subscribed channel and reconnects by itself when the database comes back.
 * <p>
 * A subscriber learns of each notification ({@link Subscriber#notified}) and of every (re)connect
 * ({@link Subscriber#listening}), after which it catches up on whatever it may have missed; the
 * channel is LISTENed to before that call, so nothing falls between the two. {@link #confirmedWithin}
 * tells whether the node can vouch that it has heard everything up to a moment ago.
 */
public interface DatabaseNotifications {

    /** Listens on {@code channel} (lower-case letters, digits and underscores) from now on. */
    void subscribe(String channel, Subscriber subscriber);

    /**
     * Whether the listening connection was confirmed alive, with every subscriber caught up, no
     * longer than {@code age} ago. When it is not, a subscriber must not trust its in-memory state.
     */
    boolean confirmedWithin(Duration age);

    interface Subscriber {

        /** A notification's payload; called on the listener thread, keep it short. */
        void notified(String payload);

        /** The channel is listened to (again): catch up on what was missed. Throw to retry the connection. */
        void listening();
    }
}
