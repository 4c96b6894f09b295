package io.strongroom.identity.internal;

import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import io.strongroom.crypto.SecretSealer;
import io.strongroom.identity.IdentityEvent;

/**
 * The ES256 keys that sign access tokens. Keys live in the {@code signing_key} table with the
 * private half sealed by the master keyset; every node keeps the published keys in memory and
 * reloads them periodically, so verification never touches the database.
 * <p>
 * Rotation (scheduled, or on demand through the {@code signingkeys} actuator endpoint) inserts a
 * new key that is published at once but signs only after the propagation delay, when every node
 * knows it; the key it replaces stays published until the longest-lived token it signed has
 * expired.
 */
class SigningKeys implements TokenKeys, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    /** Tokens live at most 300 s; a superseded key is published for that long plus clock skew. */
    static final Duration RETIRE_AFTER = Duration.ofSeconds(300 + 5);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SecretSealer sealer;
    private final Clock clock;
    private final IdentityProperties.Tokens settings;
    private final IdentityEvents events;
    private final ScheduledExecutorService refresher;

    private volatile List<StoredKey> keys = List.of();

    SigningKeys(JdbcClient jdbc, TransactionTemplate transactions, SecretSealer sealer, Clock clock,
            IdentityProperties.Tokens settings, IdentityEvents events) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.sealer = sealer;
        this.clock = clock;
        this.settings = settings;
        this.events = events;
        ensureSigningKey();
        reload();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "signing-key-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, settings.keyRefreshInterval().toMillis());
        refresher.scheduleWithFixedDelay(this::reloadQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /** The key to sign with now: the newest one whose activation time has come. */
    @Override
    public ECKey signingKey() {
        Instant now = clock.instant();
        return keys.stream()
                .filter(k -> !k.activatesAt().isAfter(now))
                .max(Comparator.comparing(StoredKey::activatesAt))
                .map(StoredKey::jwk)
                .orElseThrow(() -> new IllegalStateException("No active signing key"));
    }

    /** The public keys that verify tokens now (current, upcoming and not yet retired previous keys). */
    @Override
    public JWKSet publicKeys() {
        Instant now = clock.instant();
        return new JWKSet(keys.stream()
                .filter(k -> k.expiresAt() == null || k.expiresAt().isAfter(now))
                .map(k -> (com.nimbusds.jose.jwk.JWK) k.jwk().toPublicJWK())
                .toList());
    }

    /** Rotates now: a new key signs after the propagation delay; returns its kid. */
    String rotate(String reason) {
        String kid = transactions.execute(tx -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext('strongroom.signing_key'))").query().listOfRows();
            return insertNewKey(clock.instant().plus(settings.keyPropagationDelay()));
        });
        reload();
        events.success(IdentityEvent.Type.SIGNING_KEY_ROTATED, null, null, null, null, Map.of("kid", kid, "reason", reason));
        log.info("Signing key rotated ({}): new key {} signs from {}", reason, kid,
                clock.instant().plus(settings.keyPropagationDelay()));
        return kid;
    }

    /** The scheduled check: rotate when the signing key is older than the rotation interval; drop expired keys. */
    void rotateIfDue() {
        Instant now = clock.instant();
        Instant newest = keys.stream().map(StoredKey::activatesAt).max(Comparator.naturalOrder()).orElse(Instant.MIN);
        if (newest.plus(settings.keyRotationInterval()).isBefore(now)) {
            rotate("scheduled");
        }
        transactions.executeWithoutResult(tx -> jdbc.sql("delete from signing_key where expires_at < :cutoff")
                .param("cutoff", Timestamp.from(now.minus(Duration.ofDays(1)))).update());
    }

    List<KeyInfo> describe() {
        return keys.stream().map(k -> new KeyInfo(k.jwk().getKeyID(), k.activatesAt(), k.expiresAt())).toList();
    }

    private void ensureSigningKey() {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext('strongroom.signing_key'))").query().listOfRows();
            long usable = jdbc.sql("select count(*) from signing_key where activates_at <= :now and superseded_at is null")
                    .param("now", Timestamp.from(clock.instant())).query(Long.class).single();
            if (usable == 0) {
                String kid = insertNewKey(clock.instant());
                log.info("Created the first access-token signing key {}", kid);
            }
        });
    }

    private String insertNewKey(Instant activatesAt) {
        String kid = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(clock.instant())
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a signing key", e);
        }
        byte[] sealed;
        try {
            sealed = sealer.seal(key.toECPrivateKey().getEncoded(), context(kid));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        Instant now = clock.instant();
        // the keys it replaces stop signing when it starts, and stop verifying once their tokens expired
        jdbc.sql("""
                update signing_key set superseded_at = :activates, expires_at = :expires
                 where superseded_at is null or superseded_at > :activates
                """)
                .param("activates", Timestamp.from(activatesAt))
                .param("expires", Timestamp.from(activatesAt.plus(RETIRE_AFTER)))
                .update();
        jdbc.sql("""
                insert into signing_key (kid, algorithm, public_jwk, sealed_private, created_at, activates_at)
                values (:kid, 'ES256', :jwk, :sealed, :now, :activates)
                """)
                .param("kid", kid).param("jwk", key.toPublicJWK().toJSONString()).param("sealed", sealed)
                .param("now", Timestamp.from(now)).param("activates", Timestamp.from(activatesAt))
                .update();
        return kid;
    }

    void reload() {
        List<StoredKey> loaded = new ArrayList<>();
        jdbc.sql("select kid, public_jwk, sealed_private, activates_at, expires_at from signing_key")
                .query((rs, n) -> {
                    String kid = rs.getString("kid");
                    try {
                        ECKey publicKey = ECKey.parse(rs.getString("public_jwk"));
                        byte[] pkcs8 = sealer.open(rs.getBytes("sealed_private"), context(kid));
                        ECPrivateKey privateKey = (ECPrivateKey) KeyFactory.getInstance("EC")
                                .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                        ECKey full = new ECKey.Builder(publicKey).privateKey(privateKey).build();
                        Timestamp expires = rs.getTimestamp("expires_at");
                        loaded.add(new StoredKey(full, rs.getTimestamp("activates_at").toInstant(),
                                expires == null ? null : expires.toInstant()));
                    } catch (ParseException | java.security.GeneralSecurityException | IllegalStateException e) {
                        log.error("Signing key {} cannot be loaded and is ignored: {}", kid, e.getMessage());
                    }
                    return kid;
                }).list();
        keys = List.copyOf(loaded);
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            log.warn("Could not reload signing keys; keeping the {} known ones: {}", keys.size(), e.getMessage());
        }
    }

    private static String context(String kid) {
        return "signing-key:" + kid;
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }

    record StoredKey(ECKey jwk, Instant activatesAt, Instant expiresAt) {
    }

    record KeyInfo(String kid, Instant activatesAt, Instant expiresAt) {
    }
}
