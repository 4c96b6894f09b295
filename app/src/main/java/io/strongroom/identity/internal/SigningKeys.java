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
        ensureSigningKey();
        Instant now = clock.instant();
        Instant newest = keys.stream().map(StoredKey::activatesAt).max(Comparator.naturalOrder()).orElse(Instant.MIN);
        if (newest.plus(settings.keyRotationInterval()).isBefore(now)) {
            rotate("scheduled");
        }
        transactions.executeWithoutResult(tx -> jdbc.sql("select signing_key_prune(:cutoff)")
                .param("cutoff", Timestamp.from(now.minus(Duration.ofDays(1)))).query(Integer.class).single());
    }

    List<KeyInfo> describe() {
        return keys.stream().map(k -> new KeyInfo(k.jwk().getKeyID(), k.activatesAt(), k.expiresAt())).toList();
    }

    /** Creates a key when none that loads is active (first start, or every active row was refused). */
    private void ensureSigningKey() {
        reload();
        if (hasActiveKey()) {
            return;
        }
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext('strongroom.signing_key'))").query().listOfRows();
            reload();
            if (!hasActiveKey()) {
                String kid = insertNewKey(clock.instant());
                log.info("Created a new access-token signing key {}", kid);
            }
        });
    }

    private boolean hasActiveKey() {
        Instant now = clock.instant();
        return keys.stream().anyMatch(k -> !k.activatesAt().isAfter(now) && (k.expiresAt() == null || k.expiresAt().isAfter(now)));
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
        // the keys it replaces stop signing when it starts, and stop verifying once their tokens expired;
        // the runtime role cannot write key rows, only call this narrow function (V9)
        jdbc.sql("select signing_key_add(:kid, :jwk, :sealed, :now, :activates, cast(:retire as interval))")
                .param("kid", kid).param("jwk", key.toPublicJWK().toJSONString()).param("sealed", sealed)
                .param("now", Timestamp.from(clock.instant())).param("activates", Timestamp.from(activatesAt))
                .param("retire", RETIRE_AFTER.toMillis() + " milliseconds")
                .query().listOfRows();
        return kid;
    }

    /**
     * Loads every key row. The published public key is derived from the unsealed private key (the
     * seal is bound to the kid), never taken from the row: a row whose stored public key differs —
     * someone with database access swapped it — is refused and logged, and so is a row whose
     * private key does not open under its kid.
     */
    void reload() {
        List<StoredKey> loaded = new ArrayList<>();
        jdbc.sql("select kid, algorithm, public_jwk, sealed_private, activates_at, expires_at from signing_key")
                .query((rs, n) -> {
                    String kid = rs.getString("kid");
                    try {
                        ECKey full = unseal(kid, rs.getString("algorithm"), rs.getBytes("sealed_private"),
                                rs.getString("public_jwk"));
                        Timestamp expires = rs.getTimestamp("expires_at");
                        loaded.add(new StoredKey(full, rs.getTimestamp("activates_at").toInstant(),
                                expires == null ? null : expires.toInstant()));
                    } catch (RefusedKey e) {
                        log.error("Signing key {} is refused and not published: {}", kid, e.getMessage());
                    }
                    return kid;
                }).list();
        keys = List.copyOf(loaded);
    }

    /** The key pair of a row, its public half derived from the private key; throws when anything does not match. */
    ECKey unseal(String kid, String algorithm, byte[] sealedPrivate, String storedPublicJwk) throws RefusedKey {
        if (!"ES256".equals(algorithm)) {
            throw new RefusedKey("algorithm " + algorithm + " is not ES256");
        }
        ECPrivateKey privateKey;
        try {
            byte[] pkcs8 = sealer.open(sealedPrivate, context(kid));
            privateKey = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (IllegalStateException | java.security.GeneralSecurityException | ClassCastException e) {
            throw new RefusedKey("the sealed private key does not open under its kid");
        }
        ECKey derived;
        try {
            derived = P256.publicKeyOf(privateKey, kid);
        } catch (IllegalArgumentException e) {
            throw new RefusedKey("the private key is not a valid P-256 key");
        }
        ECKey stored;
        try {
            stored = ECKey.parse(storedPublicJwk);
        } catch (ParseException e) {
            throw new RefusedKey("the stored public key is not a JWK");
        }
        if (!derived.getX().equals(stored.getX()) || !derived.getY().equals(stored.getY())
                || !Curve.P_256.equals(stored.getCurve()) || !kid.equals(stored.getKeyID())) {
            throw new RefusedKey("the stored public key does not belong to the sealed private key");
        }
        return new ECKey.Builder(derived).privateKey(privateKey).build();
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

    /** A key row that must not be used. */
    static final class RefusedKey extends Exception {
        RefusedKey(String reason) {
            super(reason);
        }
    }

    record StoredKey(ECKey jwk, Instant activatesAt, Instant expiresAt) {
    }

    record KeyInfo(String kid, Instant activatesAt, Instant expiresAt) {
    }
}
