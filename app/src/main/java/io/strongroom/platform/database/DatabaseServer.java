package io.strongroom.platform.database;

/** Where the database is and which roles to use: the embedded server or an external one. */
public interface DatabaseServer extends AutoCloseable {

    String jdbcUrl();

    Credentials owner();

    Credentials runtime();

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
