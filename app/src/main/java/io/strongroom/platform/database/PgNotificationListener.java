package io.strongroom.platform.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.strongroom.platform.Backoff;
import io.strongroom.platform.DatabaseNotifications;

/**
 * {@link DatabaseNotifications} over one dedicated pgjdbc connection (outside the pool, so a busy
 * pool never delays a notification). The thread waits for notifications a quarter second at a
 * time and checks the connection with a round trip every half second; freshness is measured on
 * the monotonic clock. A lost connection is re-opened with back-off up to two seconds.
 */
public class PgNotificationListener implements DatabaseNotifications, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PgNotificationListener.class);
    private static final Backoff RECONNECT = new Backoff(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(2));
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9_]{1,63}");
    private static final int WAIT_MILLIS = 250;
    private static final long CHECK_NANOS = Duration.ofMillis(500).toNanos();

    private final String jdbcUrl;
    private final DatabaseServer.Credentials credentials;
    private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private volatile long confirmedAt = Long.MIN_VALUE;
    private volatile boolean running;
    private volatile Connection connection;
    private volatile boolean resubscribe;
    private Thread thread;

    public PgNotificationListener(DatabaseServer server) {
        this.jdbcUrl = server.jdbcUrl();
        this.credentials = server.runtime();
    }

    @Override
    public void subscribe(String channel, Subscriber subscriber) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("Not a channel name: " + channel);
        }
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(subscriber);
        resubscribe = true;
    }

    @Override
    public boolean confirmedWithin(Duration age) {
        long confirmed = confirmedAt;
        return confirmed != Long.MIN_VALUE && System.nanoTime() - confirmed <= age.toNanos();
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("db-notifications").start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            closeQuietly();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server, so requests never arrive while it cannot vouch for anything. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    private void run() {
        int failures = 0;
        while (running) {
            try {
                listen();
                failures = 0;
            } catch (SQLException | RuntimeException e) {
                confirmedAt = Long.MIN_VALUE;
                closeQuietly();
                if (!running) {
                    return;
                }
                log.warn("Database notifications interrupted ({}); reconnecting", e.getMessage());
                try {
                    Thread.sleep(RECONNECT.after(++failures).toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void listen() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.username());
        properties.setProperty("password", credentials.password());
        properties.setProperty("ApplicationName", "strongroom-notifications");
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "5");
        Connection opened = DriverManager.getConnection(jdbcUrl, properties);
        connection = opened;
        opened.setAutoCommit(true);
        PGConnection pg = opened.unwrap(PGConnection.class);
        subscribeAll(opened);
        long checked = System.nanoTime();
        confirmedAt = checked;
        while (running) {
            if (resubscribe) {
                subscribeAll(opened);
            }
            PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
            if (received != null) {
                for (PGNotification notification : received) {
                    deliver(notification);
                }
            }
            if (System.nanoTime() - checked >= CHECK_NANOS) {
                try (Statement statement = opened.createStatement()) {
                    statement.execute("select 1");
                }
                checked = System.nanoTime();
            }
            confirmedAt = System.nanoTime();
        }
    }

    /** LISTENs to every channel, then lets each subscriber catch up. */
    private void subscribeAll(Connection opened) throws SQLException {
        resubscribe = false;
        try (Statement statement = opened.createStatement()) {
            for (String channel : subscribers.keySet()) {
                statement.execute("LISTEN " + channel); // validated against CHANNEL
            }
        }
        subscribers.values().forEach(list -> list.forEach(Subscriber::listening));
    }

    private void deliver(PGNotification notification) {
        for (Subscriber subscriber : subscribers.getOrDefault(notification.getName(), List.of())) {
            try {
                subscriber.notified(notification.getParameter());
            } catch (RuntimeException e) {
                log.error("A subscriber of {} failed: {}", notification.getName(), e.toString());
            }
        }
    }

    private void closeQuietly() {
        Connection open = connection;
        connection = null;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException ignored) {
                // already gone
            }
        }
    }
}
