package io.strongroom.platform.database;

/** Where the database is and which roles to use: the embedded server or an external one. */
public interface DatabaseServer extends AutoCloseable {

    String jdbcUrl();

    Credentials owner();

    Credentials runtime();

    /**
     * A role that may check the database's integrity ({@code amcheck}) and repair damaged pages: the
     * superuser of the embedded server; none for an external server (its operator runs
     * {@code pg_amcheck} and restores). Never used to serve requests.
     */
    default java.util.Optional<Credentials> maintenance() {
        return java.util.Optional.empty();
    }

    @Override
    default void close() {
    }

    /** A role name and its password. {@code toString} never shows the password. */
    record Credentials(String username, String password) {

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=<hidden>]";
        }
    }

    /** A server Strongroom does not manage. */
    record External(String jdbcUrl, Credentials owner, Credentials runtime) implements DatabaseServer {
    }
}
