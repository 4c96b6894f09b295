package io.strongroom.platform.database;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code strongroom.database.*}. Without {@code url}, Strongroom runs its own embedded PostgreSQL
 * under {@code $STRONGROOM_HOME/postgres}. With {@code url}, it uses that server and starts
 * nothing; the owner role runs migrations and the runtime role serves requests.
 *
 * @param url JDBC URL of an external PostgreSQL server, or empty for the embedded one
 * @param username runtime role: owns nothing, not superuser, no BYPASSRLS
 * @param password password of the runtime role
 * @param owner the role that owns the schema and runs migrations
 * @param pool connection pool settings
 * @param embedded settings of the embedded server
 */
@ConfigurationProperties("strongroom.database")
public record DatabaseProperties(
        String url,
        String username,
        String password,
        @DefaultValue Owner owner,
        @DefaultValue Pool pool,
        @DefaultValue Embedded embedded) {

    boolean isExternal() {
        return url != null && !url.isBlank();
    }

    /** The migration (owner) role of an external server. */
    public record Owner(String username, String password) {
    }

    /**
     * @param size largest number of pooled runtime connections
     * @param connectionTimeout longest a request waits for a connection (pool saturated, database
     *        down) before it is answered 503 with Retry-After
     */
    public record Pool(@DefaultValue("10") int size, @DefaultValue("2s") java.time.Duration connectionTimeout) {
    }

    /**
     * @param port TCP port on the loopback interface; 0 picks a free one at each start
     * @param durable fsync and synchronous commit on (keep it on; tests of throwaway data turn it off)
     * @param replication the listener a standby on another machine streams from (off by default)
     */
    public record Embedded(@DefaultValue("0") int port, @DefaultValue("true") boolean durable,
            @DefaultValue Replication replication) {
    }

    /**
     * A second listener of the embedded server, for a standby in another zone: TLS 1.3 only, with a
     * certificate from the installation's own authority, and only the replication role from the
     * allowed client ranges (everything else from the network is refused).
     *
     * @param listenAddress the IP address (of this machine) to listen on besides loopback, or
     *        {@code *} for every address; empty: loopback only (the default)
     * @param allowedClients the address ranges (CIDR, for example {@code 10.1.2.0/24}) standbys connect from
     * @param hostNames further names the standby may use for this machine (they go into the certificate)
     */
    public record Replication(String listenAddress, @DefaultValue List<String> allowedClients,
            @DefaultValue List<String> hostNames) {

        public static final Replication OFF = new Replication(null, List.of(), List.of());

        public Replication {
            allowedClients = allowedClients == null ? List.of() : List.copyOf(allowedClients);
            hostNames = hostNames == null ? List.of() : List.copyOf(hostNames);
        }

        boolean enabled() {
            return listenAddress != null && !listenAddress.isBlank();
        }
    }
}
