package io.strongroom.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Connections as the database's maintenance role, for integrity checks and repairs that the runtime
 * role may not make (B6): the embedded server's superuser; none for an external server. Never used
 * to serve requests; each connection is the caller's to close.
 */
public interface MaintenanceConnections {

    /** A new connection to the application's database as the maintenance role, or empty without one. */
    Optional<Connection> open() throws SQLException;
}
