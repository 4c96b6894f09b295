package io.strongroom.identity.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.platform.TenantContext;

/**
 * Passkeys (rows of {@code mfa_factor} of kind {@code passkey}) and WebAuthn ceremonies of the tenant
 * bound to the current transaction. Nothing here is secret: a passkey's private key never leaves its
 * authenticator, and a ceremony's challenge is sent to the browser.
 */
@Repository
class PasskeyRepository {

    private final JdbcClient jdbc;

    PasskeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A registered passkey. {@code publicKey} is the attested credential data as registered (AAGUID,
     * credential id, COSE public key).
     */
    record Passkey(UUID id, UUID userId, String name, byte[] credentialId, byte[] publicKey, byte[] userHandle,
            long signCount, Boolean backupEligible, Boolean backupState, Set<String> transports) {

        @Override
        public String toString() {
            return "Passkey[" + id + "]";
        }
    }

    void insert(Passkey passkey, Instant now) {
        jdbc.sql("""
                insert into mfa_factor (tenant_id, id, user_id, kind, name, credential_id, public_key, user_handle,
                                        sign_count, backup_eligible, backup_state, transports, created_at, confirmed_at)
                values (:tenant, :id, :user, 'passkey', :name, :credential, :key, :handle, :count, :eligible, :state,
                        :transports, :now, :now)""")
                .param("tenant", TenantContext.require()).param("id", passkey.id()).param("user", passkey.userId())
                .param("name", passkey.name()).param("credential", passkey.credentialId())
                .param("key", passkey.publicKey()).param("handle", passkey.userHandle())
                .param("count", passkey.signCount()).param("eligible", passkey.backupEligible())
                .param("state", passkey.backupState())
                .param("transports", passkey.transports().toArray(String[]::new))
                .param("now", Timestamp.from(now)).update();
    }

    boolean credentialExists(byte[] credentialId) {
        return jdbc.sql("select exists (select 1 from mfa_factor where tenant_id = :tenant and credential_id = :id)")
                .param("tenant", TenantContext.require()).param("id", credentialId).query(Boolean.class).single();
    }

    /** The passkey with this credential id, locked: one assertion cannot be counted twice. */
    Optional<Passkey> lockByCredentialId(byte[] credentialId) {
        return jdbc.sql("""
                select * from mfa_factor where tenant_id = :tenant and kind = 'passkey' and credential_id = :id
                   for update""")
                .param("tenant", TenantContext.require()).param("id", credentialId).query(this::passkey).optional();
    }

    List<Passkey> passkeys(UUID userId) {
        return jdbc.sql("""
                select * from mfa_factor where tenant_id = :tenant and user_id = :user and kind = 'passkey'
                 order by created_at""")
                .param("tenant", TenantContext.require()).param("user", userId).query(this::passkey).list();
    }

    /** After an accepted assertion: the authenticator's new counter and backup state. */
    void used(UUID id, long signCount, Boolean backupState, Instant now) {
        jdbc.sql("""
                update mfa_factor set sign_count = :count, backup_state = :state, last_used_at = :now
                 where tenant_id = :tenant and id = :id""")
                .param("tenant", TenantContext.require()).param("id", id).param("count", signCount)
                .param("state", backupState).param("now", Timestamp.from(now)).update();
    }

    /** A ceremony: the challenge an authenticator signs for one purpose, for one client, once. */
    record Ceremony(UUID id, String purpose, UUID userId, byte[] userHandle, byte[] challenge, String clientIp, String userAgent,
            Instant expiresAt, Instant usedAt) {

        @Override
        public String toString() {
            return "Ceremony[" + id + ", " + purpose + "]";
        }
    }

    void insertCeremony(Ceremony ceremony, Instant now) {
        jdbc.sql("""
                insert into passkey_ceremony (tenant_id, id, purpose, user_id, user_handle, challenge, client_ip,
                                              user_agent, created_at, expires_at)
                values (:tenant, :id, :purpose, :user, :handle, :challenge, :ip, :agent, :now, :expires)""")
                .param("tenant", TenantContext.require()).param("id", ceremony.id())
                .param("purpose", ceremony.purpose()).param("user", ceremony.userId()).param("handle", ceremony.userHandle())
                .param("challenge", ceremony.challenge()).param("ip", ceremony.clientIp())
                .param("agent", ceremony.userAgent()).param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(ceremony.expiresAt())).update();
    }

    Optional<Ceremony> lockCeremony(byte[] challenge) {
        return jdbc.sql("select * from passkey_ceremony where tenant_id = :tenant and challenge = :challenge for update")
                .param("tenant", TenantContext.require()).param("challenge", challenge).query(this::ceremony).optional();
    }

    /** The live ceremony of a purpose for a user (the second step of a sign-in offers its challenge again). */
    Optional<Ceremony> liveCeremony(String purpose, UUID userId, Instant now) {
        return jdbc.sql("""
                select * from passkey_ceremony where tenant_id = :tenant and purpose = :purpose and user_id = :user
                   and used_at is null and expires_at > :now order by created_at desc limit 1""")
                .param("tenant", TenantContext.require()).param("purpose", purpose).param("user", userId)
                .param("now", Timestamp.from(now)).query(this::ceremony).optional();
    }

    void ceremonyUsed(UUID id, Instant now) {
        jdbc.sql("update passkey_ceremony set used_at = :now where tenant_id = :tenant and id = :id")
                .param("tenant", TenantContext.require()).param("id", id).param("now", Timestamp.from(now)).update();
    }

    /** Ceremonies that can no longer be used, kept a day, then removed. */
    int deleteOldCeremonies(Instant before) {
        return jdbc.sql("delete from passkey_ceremony where tenant_id = :tenant and expires_at < :before")
                .param("tenant", TenantContext.require()).param("before", Timestamp.from(before)).update();
    }

    private Passkey passkey(ResultSet rs, int row) throws SQLException {
        Array transports = rs.getArray("transports");
        Set<String> kinds = new TreeSet<>();
        if (transports != null) {
            kinds.addAll(Arrays.asList((String[]) transports.getArray()));
        }
        return new Passkey(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class), rs.getString("name"),
                rs.getBytes("credential_id"), rs.getBytes("public_key"), rs.getBytes("user_handle"),
                rs.getLong("sign_count"), (Boolean) rs.getObject("backup_eligible"),
                (Boolean) rs.getObject("backup_state"), kinds);
    }

    private Ceremony ceremony(ResultSet rs, int row) throws SQLException {
        Timestamp used = rs.getTimestamp("used_at");
        return new Ceremony(rs.getObject("id", UUID.class), rs.getString("purpose"), rs.getObject("user_id", UUID.class),
                rs.getBytes("user_handle"), rs.getBytes("challenge"), rs.getString("client_ip"), rs.getString("user_agent"),
                rs.getTimestamp("expires_at").toInstant(), used == null ? null : used.toInstant());
    }
}
