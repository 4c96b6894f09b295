package io.strongroom.platform.database;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.slf4j.LoggerFactory;

/**
 * {@code strongroom standby create|run|promote|status}: the operator's commands for a standby of the
 * embedded database (see {@link Standby} and the README's "Standby" section). Runs without the
 * application: no web server, no migrations.
 */
public final class StandbyCommand {

    static final String USAGE = """
            Usage:
              strongroom standby create --primary-home DIR --home DIR [--primary-host HOST]
                  Copies the running primary's database into a new STRONGROOM_HOME as a streaming standby.
              strongroom standby run --home DIR --port PORT
                  Runs the standby's PostgreSQL server (in the foreground, until stopped).
              strongroom standby status --home DIR
                  Shows whether the server is a standby and how far it has replayed.
              strongroom standby promote --home DIR
                  Makes the running standby the primary; then stop it and start Strongroom on DIR.
            """;

    private StandbyCommand() {
    }

    public static void main(String[] args) {
        quietLogging();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; answers the exit status (0 done, 1 refused, 2 wrong usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !Set.of("create", "run", "promote", "status").contains(args[0])) {
            err.print(USAGE);
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.print(USAGE);
                return 2;
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        try {
            return switch (args[0]) {
                case "create" -> create(options, out);
                case "run" -> runStandby(options, out);
                case "promote" -> promote(options, out);
                default -> status(options, out);
            };
        } catch (Standby.StandbyException | IllegalArgumentException e) {
            err.println("strongroom standby " + args[0] + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) { // the database server or the disk: the cause, without a stack trace
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            err.println("strongroom standby " + args[0] + " failed: " + e.getMessage()
                    + (cause == e ? "" : " (" + cause.getMessage() + ")"));
            return 1;
        }
    }

    private static int create(Map<String, String> options, PrintStream out) {
        require(options, "primary-home", "home");
        Standby.Created created = Standby.create(Path.of(options.get("primary-home")), Path.of(options.get("home")),
                options.getOrDefault("primary-host", "localhost"));
        out.printf("Standby created in %s: %d files, %d MiB, WAL %s to %s, streaming from %s:%d (slot %s).%n",
                created.dataDirectory(), created.files(), created.bytes() >> 20, created.startLsn(), created.stopLsn(),
                created.primaryHost(), created.primaryPort(), Standby.SLOT);
        out.printf("Start it with: strongroom standby run --home %s --port PORT%n", options.get("home"));
        return 0;
    }

    private static int runStandby(Map<String, String> options, PrintStream out) {
        require(options, "home", "port");
        String given = options.get("port");
        if (!given.matches("[0-9]{1,5}") || Integer.parseInt(given) < 1 || Integer.parseInt(given) > 65535) {
            throw new IllegalArgumentException("--port must be a TCP port (1-65535), not " + given);
        }
        int port = Integer.parseInt(given);
        Path home = Path.of(options.get("home"));
        if (!java.nio.file.Files.exists(home.resolve("postgres").resolve("PG_VERSION"))) {
            throw new IllegalArgumentException("there is no database in " + home
                    + "; make the standby first: strongroom standby create");
        }
        EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(home, port, true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "standby-shutdown"));
        out.printf("%s running on 127.0.0.1:%d; stop it with SIGTERM (Ctrl-C).%n",
                server.standby() ? "Standby" : "Database (not a standby)", server.port());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int promote(Map<String, String> options, PrintStream out) {
        require(options, "home");
        boolean promoted = Standby.promote(Path.of(options.get("home")));
        out.println(promoted ? "Promoted: the server takes writes now. Point Strongroom at it: stop `strongroom standby run`"
                + " and start Strongroom with STRONGROOM_HOME=" + options.get("home") + "."
                : "That server is a primary already; nothing changed.");
        return 0;
    }

    private static int status(Map<String, String> options, PrintStream out) {
        require(options, "home");
        Standby.Status status = Standby.status(Path.of(options.get("home")));
        if (!status.standby()) {
            out.println("primary (not in recovery)");
            return 0;
        }
        out.printf("standby; receiver %s; received %s; replayed %s; last replayed commit %s%n",
                status.receiver() == null ? "not connected" : status.receiver(), status.receivedLsn(),
                status.replayedLsn(), status.secondsSinceLastReplayedCommit() == null ? "none yet"
                        : String.format("%.1f s ago", status.secondsSinceLastReplayedCommit()));
        return 0;
    }

    private static void require(Map<String, String> options, String... names) {
        for (String name : names) {
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException("--" + name + " is missing\n" + USAGE);
            }
        }
        for (String given : options.keySet()) {
            if (!List.of(names).contains(given) && !given.equals("primary-host")) {
                throw new IllegalArgumentException("unknown option --" + given + "\n" + USAGE);
            }
        }
    }

    /** The application's logging configuration is Spring's; without it, logback would print everything at DEBUG. */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }
}
