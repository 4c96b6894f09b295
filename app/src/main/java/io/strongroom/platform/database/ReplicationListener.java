package io.strongroom.platform.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strongroom.platform.tls.LocalCertificateAuthority;

/**
 * The embedded server's listener for a standby on another machine (B8, "another zone"), from
 * {@code strongroom.database.embedded.replication.*}. Off, the server listens on loopback only.
 * On, it also listens on the configured address with:
 * <ul>
 * <li>TLS 1.3 only ({@code ssl=on}), with a server certificate from the installation's own
 * certificate authority ({@link LocalCertificateAuthority}, files {@code secrets/postgres-replication*});
 * the standby trusts that authority and checks the name ({@code sslmode=verify-full}) and binds
 * its SCRAM sign-in to the TLS channel ({@code channel_binding=require});</li>
 * <li>one managed block in {@code pg_hba.conf}, rewritten at every start:
 * {@code hostssl replication strongroom_replication <range> scram-sha-256} per allowed range.
 * Nothing else matches a non-loopback client, so everything else from the network is refused
 * (PostgreSQL refuses a connection no line matches), as is replication without TLS.</li>
 * </ul>
 */
final class ReplicationListener {

    private static final Logger log = LoggerFactory.getLogger(ReplicationListener.class);
    static final String CERTIFICATE = "postgres-replication";
    static final String BEGIN = "# BEGIN Strongroom replication listener";
    static final String END = "# END Strongroom replication listener";
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    /** Always in the certificate: a standby on the same machine connects to these. */
    static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");

    private final String listenAddress;
    private final List<String> allowedClients;
    private final List<String> certificateNames;

    private ReplicationListener(String listenAddress, List<String> allowedClients, List<String> certificateNames) {
        this.listenAddress = listenAddress;
        this.allowedClients = allowedClients;
        this.certificateNames = certificateNames;
    }

    /** Checks the settings; a mistake stops the start with a sentence naming the setting. */
    static ReplicationListener of(DatabaseProperties.Replication settings, int port) {
        if (!settings.enabled()) {
            return new ReplicationListener(null, List.of(), List.of());
        }
        String prefix = "strongroom.database.embedded.replication.";
        String address = settings.listenAddress().strip();
        if (!address.equals("*") && !isIpLiteral(address)) {
            throw new IllegalStateException(prefix + "listen-address must be an IP address of this machine or *, not "
                    + address);
        }
        if (port <= 0) {
            throw new IllegalStateException("A replication listener needs a fixed port: set "
                    + "strongroom.database.embedded.port (STRONGROOM_DATABASE_EMBEDDED_PORT), for example 5433");
        }
        if (settings.allowedClients().isEmpty()) {
            throw new IllegalStateException(prefix + "allowed-clients is empty: name the address ranges (CIDR) the "
                    + "standby connects from, for example 10.1.2.0/24");
        }
        List<String> clients = new ArrayList<>();
        for (String range : settings.allowedClients()) {
            clients.add(cidr(range.strip(), prefix + "allowed-clients"));
        }
        Set<String> names = new LinkedHashSet<>();
        if (!address.equals("*") && !isUnspecified(address)) {
            names.add(LocalCertificateAuthority.normalise(address));
        }
        for (String name : settings.hostNames()) {
            String given = name.strip();
            if (!isIpLiteral(given) && !HOST_NAME.matcher(given).matches()) {
                throw new IllegalStateException(prefix + "host-names: not a host name or IP address: " + given);
            }
            names.add(LocalCertificateAuthority.normalise(given));
        }
        LOOPBACK_NAMES.forEach(n -> names.add(LocalCertificateAuthority.normalise(n)));
        if (clients.stream().anyMatch(c -> c.endsWith("/0"))) {
            log.warn("The replication listener accepts standbys from every address ({}); TLS and the replication "
                    + "role's password are all that protect it", clients);
        }
        return new ReplicationListener(address, List.copyOf(clients), List.copyOf(names));
    }

    boolean enabled() {
        return listenAddress != null;
    }

    /** The server settings this listener needs (ensuring the certificate in {@code secrets}); loopback only when off. */
    Map<String, String> serverSettings(Path secrets) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (!enabled()) {
            settings.put("listen_addresses", "localhost");
            settings.put("ssl", "off");
            return settings;
        }
        LocalCertificateAuthority.Issued issued = LocalCertificateAuthority.ensure(secrets, CERTIFICATE, certificateNames);
        settings.put("listen_addresses", "localhost," + listenAddress);
        settings.put("ssl", "on");
        settings.put("ssl_cert_file", issued.certificate().toAbsolutePath().toString());
        settings.put("ssl_key_file", issued.privateKey().toAbsolutePath().toString());
        settings.put("ssl_min_protocol_version", "TLSv1.3");
        return settings;
    }

    /** The managed block of {@code pg_hba.conf} (empty when off). */
    String hbaBlock() {
        if (!enabled()) {
            return "";
        }
        StringBuilder block = new StringBuilder(BEGIN).append(
                " (rewritten at every start from strongroom.database.embedded.replication.*; edits are lost)\n");
        for (String client : allowedClients) {
            block.append("hostssl replication ").append(Standby.REPLICATION_ROLE).append(' ').append(client)
                    .append(" scram-sha-256\n");
        }
        return block.append(END).append('\n').toString();
    }

    /** Puts this listener's block into {@code pg_hba.conf} in place of any earlier one; answers whether it changed. */
    boolean writeHba(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve("pg_hba.conf");
        if (!Files.exists(file)) {
            return false; // initdb has not run yet: written after the first start
        }
        String current = Files.readString(file, StandardCharsets.UTF_8);
        String wanted = withoutBlock(current) + hbaBlock();
        if (wanted.equals(current)) {
            return false;
        }
        Path temp = Files.createTempFile(dataDirectory, "pg_hba", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, wanted, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return true;
    }

    /**
     * After the start: writes the block (on a first start initdb made the file only now), has the
     * server check the file and reload it. An error in the file stops the start.
     */
    void apply(Path dataDirectory, Connection superuser) throws IOException, SQLException {
        boolean changed = writeHba(dataDirectory);
        try (Statement s = superuser.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "select line_number, error from pg_hba_file_rules where error is not null order by line_number")) {
                if (rs.next()) {
                    throw new IllegalStateException("pg_hba.conf line " + rs.getInt(1) + ": " + rs.getString(2));
                }
            }
            if (changed) {
                s.execute("select pg_reload_conf()");
            }
        }
        if (enabled()) {
            log.info("Replication listener on {} (TLS 1.3) for {} from {}", listenAddress, Standby.REPLICATION_ROLE,
                    allowedClients);
        }
    }

    static String withoutBlock(String hba) {
        int begin = hba.indexOf(BEGIN);
        if (begin < 0) {
            return hba;
        }
        int end = hba.indexOf(END, begin);
        int after = end < 0 ? hba.length() : hba.indexOf('\n', end) < 0 ? hba.length() : hba.indexOf('\n', end) + 1;
        return hba.substring(0, begin) + hba.substring(after);
    }

    private static String cidr(String range, String setting) {
        int slash = range.indexOf('/');
        String address = slash < 0 ? range : range.substring(0, slash);
        if (!isIpLiteral(address)) {
            throw new IllegalStateException(setting + ": not an address range (CIDR): " + range);
        }
        int bits = address.contains(":") ? 128 : 32;
        int prefix = bits;
        if (slash >= 0) {
            String given = range.substring(slash + 1);
            if (!given.matches("[0-9]{1,3}") || Integer.parseInt(given) > bits) {
                throw new IllegalStateException(setting + ": not an address range (CIDR): " + range);
            }
            prefix = Integer.parseInt(given);
        }
        return LocalCertificateAuthority.normalise(address) + "/" + prefix;
    }

    private static boolean isIpLiteral(String value) {
        return LocalCertificateAuthority.isIpLiteral(value);
    }

    private static boolean isUnspecified(String address) {
        try {
            return InetAddress.getByName(address).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
