package io.strongroom.platform.diagnostics;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * An external database that does not answer, or refuses the credentials, at start. The JDBC URL
 * is named without its query (which may carry options) and never a password.
 */
class DatabaseUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, SQLException cause) {
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        boolean network = findCause(root, ConnectException.class) != null || findCause(root, UnknownHostException.class) != null
                || state.startsWith("08");
        boolean credentials = state.equals("28P01") || state.equals("28000");
        if (!network && !credentials) {
            return null; // another database problem: the stack trace says more than we could
        }
        String url = System.getenv().getOrDefault("STRONGROOM_DATABASE_URL", "");
        String where = url.isBlank() ? "the database" : "the database at " + url.replaceAll("\\?.*$", "");
        if (credentials) {
            return new FailureAnalysis("Strongroom reached " + where + " but the server refused the user name or password.",
                    "Check STRONGROOM_DATABASE_USERNAME / STRONGROOM_DATABASE_PASSWORD (the runtime role) and"
                            + " STRONGROOM_DATABASE_OWNER_USERNAME / STRONGROOM_DATABASE_OWNER_PASSWORD (the owner role),"
                            + " and that pg_hba.conf allows them from this host (README: Using an external PostgreSQL server).",
                    cause);
        }
        return new FailureAnalysis("Strongroom cannot reach " + where + ": " + firstLine(cause.getMessage()),
                "Check that the PostgreSQL server is running and reachable from this host (host name, port, firewall,"
                        + " TLS settings in STRONGROOM_DATABASE_URL). Without STRONGROOM_DATABASE_URL, Strongroom starts"
                        + " its own embedded database instead.",
                cause);
    }

    private static String firstLine(String message) {
        return message == null ? "no answer" : message.lines().findFirst().orElse(message);
    }
}
