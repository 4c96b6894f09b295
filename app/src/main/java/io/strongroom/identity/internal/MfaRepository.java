package io.strongroom.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.crypto.FieldEncryption;
import io.strongroom.platform.TenantContext;

/**
 * Second factors, recovery codes and sign-in challenges of the tenant bound to the current
 * transaction. Authenticator secrets are sealed under the tenant key (the server needs them again to
 * check codes); recovery codes and challenge tokens are kept as hashes only.
 */
@Repository
class MfaRepository {

    private static final String FACTOR = "mfa_factor";
    private static final String SECRET = "secret";

    private final JdbcClient jdbc;
    private final FieldEncryption encryption;

    MfaRepository(JdbcClient jdbc, FieldEncryption encryption) {
        this.jdbc = jdbc;
        this.encryption = encryption;
    }

    /** A second factor; {@code secret} is in clear here, sealed in the table. */
    /** A second factor; {@code phone} is the number of an SMS factor. */
    record Factor(UUID id, UUID userId, String kind, String name, byte[] secret, Long lastUsedStep, Instant createdAt,
            Instant confirmedAt, Instant lastUsedAt, String phone) {

        boolean confirmed() {
            return confirmedAt != null;
        }

        @Override
        public String toString() {
            return "Factor[" + id + ", " + kind + "]";
        }
    }

    void insertFactor(UUID id, UUID userId, String kind, String name, byte[] secret, Instant now) {
        jdbc.sql("""
                insert into mfa_factor (tenant_id, id, user_id, kind, name, secret, created_at)
                values (:tenant, :id, :user, :kind, :name, :secret, :now)""")
                .param("tenant", TenantContext.require()).param("id", id).param("user", userId).param("kind", kind)
                .param("name", name).param("secret", encryption.encrypt(FACTOR, SECRET, id, Totp.base32(secret)))
                .param("now", Timestamp.from(now)).update();
    }

    void insertSmsFactor(UUID id, UUID userId, String name, String phone, Instant now) {
        jdbc.sql("""
                insert into mfa_factor (tenant_id, id, user_id, kind, name, phone, created_at)
                values (:tenant, :id, :user, 'sms', :name, :phone, :now)""")
                .param("tenant", TenantContext.require()).param("id", id).param("user", userId).param("name", name)
                .param("phone", phone).param("now", Timestamp.from(now)).update();
    }

    void confirmed(UUID id, Instant now) {
        jdbc.sql("""
                update mfa_factor set confirmed_at = :now, last_used_at = :now
                 where tenant_id = :tenant and id = :id""")
                .param("tenant", TenantContext.require()).param("id", id).param("now", Timestamp.from(now)).update();
    }

    List<Factor> factors(UUID userId) {
        return jdbc.sql("select * from mfa_factor where tenant_id = :tenant and user_id = :user order by created_at")
                .param("tenant", TenantContext.require()).param("user", userId).query(this::factor).list();
    }

    Optional<Factor> lockFactor(UUID userId, UUID id) {
        return jdbc.sql("select * from mfa_factor where tenant_id = :tenant and user_id = :user and id = :id for update")
                .param("tenant", TenantContext.require()).param("user", userId).param("id", id)
                .query(this::factor).optional();
    }

    /** Confirmed authenticator apps of the user, locked: two sign-ins with one code cannot both pass. */
    List<Factor> lockConfirmedFactors(UUID userId) {
        return jdbc.sql("""
                select * from mfa_factor where tenant_id = :tenant and user_id = :user and confirmed_at is not null
                   and kind = 'totp'
                 order by created_at for update""")
                .param("tenant", TenantContext.require()).param("user", userId).query(this::factor).list();
    }

    boolean hasConfirmedFactor(UUID userId) {
        return jdbc.sql("""
                select exists (select 1 from mfa_factor where tenant_id = :tenant and user_id = :user
                                and confirmed_at is not null)""")
                .param("tenant", TenantContext.require()).param("user", userId).query(Boolean.class).single();
    }

    /** Records that a code of {@code step} was accepted; confirms the factor on its first code. */
    void used(UUID id, long step, Instant now) {
        jdbc.sql("""
                update mfa_factor set last_used_step = :step, last_used_at = :now,
                       confirmed_at = coalesce(confirmed_at, :now)
                 where tenant_id = :tenant and id = :id""")
                .param("tenant", TenantContext.require()).param("id", id).param("step", step)
                .param("now", Timestamp.from(now)).update();
    }

    boolean deleteFactor(UUID userId, UUID id) {
        return jdbc.sql("delete from mfa_factor where tenant_id = :tenant and user_id = :user and id = :id")
                .param("tenant", TenantContext.require()).param("user", userId).param("id", id).update() == 1;
    }

    int deleteUnconfirmedFactors(UUID userId) {
        return jdbc.sql("delete from mfa_factor where tenant_id = :tenant and user_id = :user and confirmed_at is null")
                .param("tenant", TenantContext.require()).param("user", userId).update();
    }

    /** Removes every factor and recovery code of the user; answers how many factors there were. */
    int deleteAll(UUID userId) {
        jdbc.sql("delete from mfa_recovery_code where tenant_id = :tenant and user_id = :user")
                .param("tenant", TenantContext.require()).param("user", userId).update();
        return jdbc.sql("delete from mfa_factor where tenant_id = :tenant and user_id = :user")
                .param("tenant", TenantContext.require()).param("user", userId).update();
    }

    // --- recovery codes ---

    void replaceRecoveryCodes(UUID userId, List<String[]> lookupsAndHashes, Instant now) {
        jdbc.sql("delete from mfa_recovery_code where tenant_id = :tenant and user_id = :user")
                .param("tenant", TenantContext.require()).param("user", userId).update();
        for (String[] code : lookupsAndHashes) {
            jdbc.sql("""
                    insert into mfa_recovery_code (tenant_id, id, user_id, lookup, code_hash, created_at)
                    values (:tenant, :id, :user, :lookup, :hash, :now)""")
                    .param("tenant", TenantContext.require()).param("id", io.strongroom.platform.Ids.newId())
                    .param("user", userId).param("lookup", code[0]).param("hash", code[1])
                    .param("now", Timestamp.from(now)).update();
        }
    }

    record RecoveryCode(UUID id, String hash, Instant usedAt) {
    }

    Optional<RecoveryCode> lockRecoveryCode(UUID userId, String lookup) {
        return jdbc.sql("""
                select id, code_hash, used_at from mfa_recovery_code
                 where tenant_id = :tenant and user_id = :user and lookup = :lookup for update""")
                .param("tenant", TenantContext.require()).param("user", userId).param("lookup", lookup)
                .query((rs, n) -> new RecoveryCode(rs.getObject(1, UUID.class), rs.getString(2), instant(rs, "used_at")))
                .optional();
    }

    void recoveryCodeUsed(UUID id, Instant now) {
        jdbc.sql("update mfa_recovery_code set used_at = :now where tenant_id = :tenant and id = :id")
                .param("tenant", TenantContext.require()).param("id", id).param("now", Timestamp.from(now)).update();
    }

    int recoveryCodesLeft(UUID userId) {
        return jdbc.sql("""
                select count(*) from mfa_recovery_code where tenant_id = :tenant and user_id = :user and used_at is null""")
                .param("tenant", TenantContext.require()).param("user", userId).query(Integer.class).single();
    }

    // --- sign-in challenges ---

    /** @param firstFactor what the first step was: {@code pwd}, or {@code sso} (a provider's sign-in) */
    record Challenge(UUID id, UUID userId, String clientIp, String userAgent, Instant expiresAt, int failures,
            Instant usedAt, String firstFactor) {
    }

    void insertChallenge(UUID id, UUID userId, byte[] tokenHash, String ip, String userAgent, Instant now,
            Instant expiresAt, String firstFactor) {
        jdbc.sql("""
                insert into mfa_challenge (tenant_id, id, user_id, token_hash, client_ip, user_agent, created_at, expires_at,
                    first_factor)
                values (:tenant, :id, :user, :hash, :ip, :ua, :now, :expires, :first)""")
                .param("tenant", TenantContext.require()).param("id", id).param("user", userId).param("hash", tokenHash)
                .param("ip", ip).param("ua", userAgent).param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expiresAt)).param("first", firstFactor).update();
    }

    Optional<Challenge> lockChallenge(byte[] tokenHash) {
        return jdbc.sql("select * from mfa_challenge where tenant_id = :tenant and token_hash = :hash for update")
                .param("tenant", TenantContext.require()).param("hash", tokenHash)
                .query((rs, n) -> new Challenge(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                        rs.getString("client_ip"), rs.getString("user_agent"), instant(rs, "expires_at"),
                        rs.getInt("failures"), instant(rs, "used_at"), rs.getString("first_factor")))
                .optional();
    }

    void challengeFailed(UUID id, boolean spent, Instant now) {
        jdbc.sql("""
                update mfa_challenge set failures = failures + 1, used_at = case when :spent then :now else used_at end
                 where tenant_id = :tenant and id = :id""")
                .param("tenant", TenantContext.require()).param("id", id).param("spent", spent)
                .param("now", Timestamp.from(now)).update();
    }

    void challengeUsed(UUID id, Instant now) {
        jdbc.sql("update mfa_challenge set used_at = :now where tenant_id = :tenant and id = :id")
                .param("tenant", TenantContext.require()).param("id", id).param("now", Timestamp.from(now)).update();
    }

    /** Challenges that can no longer be used, kept a day for the record, then removed. */
    int deleteOldChallenges(Instant before) {
        return jdbc.sql("delete from mfa_challenge where tenant_id = :tenant and expires_at < :before")
                .param("tenant", TenantContext.require()).param("before", Timestamp.from(before)).update();
    }

    private Factor factor(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        long step = rs.getLong("last_used_step");
        Long lastUsedStep = rs.wasNull() ? null : step;
        byte[] sealed = rs.getBytes(SECRET); // a passkey has none
        return new Factor(id, rs.getObject("user_id", UUID.class), rs.getString("kind"), rs.getString("name"),
                sealed == null ? null : Totp.fromBase32(encryption.decrypt(FACTOR, SECRET, id, sealed)), lastUsedStep,
                instant(rs, "created_at"), instant(rs, "confirmed_at"), instant(rs, "last_used_at"), rs.getString("phone"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
