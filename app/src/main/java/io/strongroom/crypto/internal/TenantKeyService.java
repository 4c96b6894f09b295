package io.strongroom.crypto.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;

import io.strongroom.crypto.FieldEncryption;
import io.strongroom.crypto.FileEncryption;
import io.strongroom.crypto.KeyAdministration;
import io.strongroom.crypto.RetainedFieldKeys;
import io.strongroom.crypto.TenantKeysChanged;
import io.strongroom.crypto.TenantKeysDestroyed;
import io.strongroom.platform.DatabaseNotifications;
import io.strongroom.platform.TenantContext;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;

/**
 * The tenant keys (E1-E3). Per tenant three Tink keysets, each stored only wrapped by the KEK in
 * {@code tenant_keyset}: {@code fields} (AES-256-GCM, the encrypted columns), {@code files}
 * (AES-256-GCM-HKDF streaming, files and backups) and {@code index} (HMAC-SHA-256 PRF, blind
 * indexes). They are created on first need (at signup, or by the re-encryption job for a workspace
 * older than encryption) and held unwrapped in memory for at most {@code key-cache-ttl}; a change on
 * any node (rotation, re-wrap, destruction) empties every node's entry through
 * {@code NOTIFY strongroom_tenant_keys}. No key material is logged, put in an exception or an event.
 */
final class TenantKeyService implements FieldEncryption, FileEncryption, KeyAdministration {

    private static final Logger log = LoggerFactory.getLogger(TenantKeyService.class);
    static final String CHANNEL = "strongroom_tenant_keys";
    static final byte PLAIN = 0x00;
    static final byte TINK = 0x01;

    enum Purpose {
        FIELDS(PredefinedAeadParameters.AES256_GCM),
        FILES(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB),
        INDEX(PredefinedPrfParameters.HMAC_SHA256_PRF);

        final Parameters parameters;

        Purpose(Parameters parameters) {
            this.parameters = parameters;
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A tenant's unwrapped keys, or the mark that they were destroyed. */
    record Keys(Aead fields, int fieldsPrimary, List<Integer> fieldsKeyIds, PrfSet index, StreamingAead files,
            boolean destroyed) {

        static final Keys DESTROYED = new Keys(null, 0, List.of(), null, null, true);

        byte[] currentPrefix() {
            return prefix(fieldsPrimary);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final KeyEncryptionKeys kek;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TenantDataRegistry registry;
    private final boolean benchPlaintext;
    private final Cache<UUID, Keys> cache;
    private final Duration retireAfter;
    private final Supplier<List<RetainedFieldKeys>> retainers;

    TenantKeyService(JdbcClient jdbc, TransactionTemplate ownTransaction, KeyEncryptionKeys kek, Clock clock,
            ApplicationEventPublisher events, TenantDataRegistry registry, DatabaseNotifications notifications,
            Duration cacheTtl, boolean benchPlaintext, Duration retireAfter, Supplier<List<RetainedFieldKeys>> retainers) {
        this.jdbc = jdbc;
        this.ownTransaction = ownTransaction;
        this.kek = kek;
        this.clock = clock;
        this.events = events;
        this.registry = registry;
        this.benchPlaintext = benchPlaintext;
        this.retireAfter = retireAfter;
        this.retainers = retainers;
        this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(cacheTtl).build();
        registerConscrypt();
        try {
            AeadConfig.register();
            StreamingAeadConfig.register();
            PrfConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot register Tink's primitives", e);
        }
        if (benchPlaintext) {
            log.warn("strongroom.crypto.bench-plaintext-fields is on: personal fields are written IN CLEAR. "
                    + "This setting exists only to measure the cost of encryption in bench/; never use it elsewhere.");
        }
        notifications.subscribe(CHANNEL, new DatabaseNotifications.Subscriber() {
            @Override
            public void notified(String payload) {
                try {
                    cache.invalidate(UUID.fromString(payload));
                } catch (IllegalArgumentException e) {
                    cache.invalidateAll();
                }
            }

            @Override
            public void listening() {
                cache.invalidateAll(); // whatever changed while not listening
            }
        });
    }

    /**
     * Registers Conscrypt as the last security provider, where Tink finds it by name: Tink keeps its
     * random source per thread, and on every new (virtual) thread it otherwise searches the class
     * path for Conscrypt by reflection — a failing lookup through the nested jars on each request.
     * Last, so nothing that asks the JDK for an algorithm by default (TLS included) changes.
     */
    static void registerConscrypt() {
        if (java.security.Security.getProvider("Conscrypt") != null) {
            return;
        }
        try {
            if (org.conscrypt.Conscrypt.isAvailable()) {
                java.security.Security.addProvider(org.conscrypt.Conscrypt.newProvider());
            }
        } catch (Throwable e) { // a missing native library must not stop the application; Tink works without
            log.info("Conscrypt is not available here ({}); Tink uses the JDK's providers", e.toString());
        }
    }

    // --- FieldEncryption ------------------------------------------------------------------------------------

    @Override
    public byte[] encrypt(String table, String column, UUID rowId, String value) {
        if (value == null) {
            return null;
        }
        byte[] clear = value.getBytes(StandardCharsets.UTF_8);
        if (benchPlaintext) {
            return plainForm(clear);
        }
        UUID tenant = TenantContext.require();
        return encrypt(tenant, keys(tenant), table, column, rowId, clear);
    }

    private static byte[] encrypt(UUID tenant, Keys keys, String table, String column, UUID rowId, byte[] clear) {
        try {
            return keys.fields().encrypt(clear, associatedData(tenant, table, column, rowId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encrypting " + table + "." + column + " failed");
        }
    }

    @Override
    public String decrypt(String table, String column, UUID rowId, byte[] stored) {
        if (stored == null) {
            return null;
        }
        if (stored.length > 0 && stored[0] == PLAIN) {
            return new String(stored, 1, stored.length - 1, StandardCharsets.UTF_8);
        }
        UUID tenant = TenantContext.require();
        byte[] ad = associatedData(tenant, table, column, rowId);
        Keys keys = keys(tenant);
        try {
            return new String(keys.fields().decrypt(stored, ad), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException first) {
            if (stored.length >= 5 && !keys.fieldsKeyIds().contains(keyId(stored))) {
                cache.invalidate(tenant); // rotated on another node a moment ago: read the keyset again
                try {
                    return new String(keys(tenant).fields().decrypt(stored, ad), StandardCharsets.UTF_8);
                } catch (GeneralSecurityException again) {
                    // fall through
                }
            }
            throw new IllegalStateException("An encrypted value of " + table + "." + column
                    + " does not decrypt: it was altered or moved from another row, column or workspace");
        }
    }

    @Override
    public byte[] blindIndex(String table, String column, String value) {
        if (value == null) {
            return null;
        }
        return blindIndex(keys(TenantContext.require()), table, column, value);
    }

    private static byte[] blindIndex(Keys keys, String table, String column, String value) {
        String normalised = Normalizer.normalize(value, Normalizer.Form.NFKC).replaceAll("[\\s\\-./]", "")
                .toUpperCase(Locale.ROOT);
        try {
            return keys.index().computePrimary((table + "." + column + "\u0000" + normalised)
                    .getBytes(StandardCharsets.UTF_8), 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Computing a blind index of " + table + "." + column + " failed");
        }
    }

    @Override
    public Rekeying rekeyingFrom(UUID from) {
        UUID to = TenantContext.require();
        Keys source = keys(from);
        Keys target = keys(to);
        return new Rekeying() {

            @Override
            public byte[] reencrypt(String table, String column, UUID rowId, byte[] stored) {
                String clear = clear(table, column, rowId, stored);
                if (clear == null) {
                    return null;
                }
                byte[] bytes = clear.getBytes(StandardCharsets.UTF_8);
                return benchPlaintext ? plainForm(bytes) : encrypt(to, target, table, column, rowId, bytes);
            }

            @Override
            public byte[] blindIndex(String table, String column, UUID rowId, byte[] stored) {
                String clear = clear(table, column, rowId, stored);
                return clear == null ? null : TenantKeyService.blindIndex(target, table, column, clear);
            }

            private String clear(String table, String column, UUID rowId, byte[] stored) {
                if (stored == null) {
                    return null;
                }
                if (stored.length > 0 && stored[0] == PLAIN) {
                    return new String(stored, 1, stored.length - 1, StandardCharsets.UTF_8);
                }
                try {
                    return new String(source.fields().decrypt(stored, associatedData(from, table, column, rowId)),
                            StandardCharsets.UTF_8);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("An encrypted value of " + table + "." + column
                            + " does not decrypt under its workspace's key: it was altered or moved");
                }
            }
        };
    }

    static byte[] associatedData(UUID tenant, String table, String column, UUID rowId) {
        return ("strongroom field v1\u0000" + tenant + "\u0000" + table + "\u0000" + column + "\u0000" + rowId)
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] plainForm(byte[] clear) {
        byte[] stored = new byte[clear.length + 1];
        stored[0] = PLAIN;
        System.arraycopy(clear, 0, stored, 1, clear.length);
        return stored;
    }

    static byte[] prefix(int keyId) {
        return new byte[] {TINK, (byte) (keyId >>> 24), (byte) (keyId >>> 16), (byte) (keyId >>> 8), (byte) keyId};
    }

    static int keyId(byte[] stored) {
        return ((stored[1] & 0xff) << 24) | ((stored[2] & 0xff) << 16) | ((stored[3] & 0xff) << 8) | (stored[4] & 0xff);
    }

    // --- FileEncryption -------------------------------------------------------------------------------------

    @Override
    public OutputStream encrypting(OutputStream target, String name) throws IOException {
        UUID tenant = TenantContext.require();
        try {
            return keys(tenant).files().newEncryptingStream(target, fileAssociatedData(tenant, name));
        } catch (GeneralSecurityException e) {
            throw new IOException("Encrypting " + name + " failed");
        }
    }

    @Override
    public InputStream decrypting(InputStream source, String name) throws IOException {
        UUID tenant = TenantContext.require();
        try {
            return keys(tenant).files().newDecryptingStream(source, fileAssociatedData(tenant, name));
        } catch (GeneralSecurityException e) {
            throw new IOException("Decrypting " + name + " failed");
        }
    }

    @Override
    public List<Long> fieldKeyIds() {
        return keys(TenantContext.require()).fieldsKeyIds().stream().map(Integer::toUnsignedLong).toList();
    }

    static byte[] fileAssociatedData(UUID tenant, String name) {
        return ("strongroom file v1\u0000" + tenant + "\u0000" + name).getBytes(StandardCharsets.UTF_8);
    }

    // --- the keys of a tenant ---------------------------------------------------------------------------------

    /** The tenant's keys, from memory or unwrapped (and created when it has none yet). */
    Keys keys(UUID tenant) {
        Keys keys = cache.get(tenant, this::load);
        if (keys.destroyed()) {
            throw new TenantKeysDestroyed();
        }
        return keys;
    }

    void forget(UUID tenant) {
        cache.invalidate(tenant);
    }

    /** Reads (creating if needed) and unwraps the tenant's keysets, in a transaction of its own. */
    private Keys load(UUID tenant) {
        return TenantContext.callAs(tenant, () -> ownTransaction.execute(tx -> {
            Map<Purpose, StoredKeyset> stored = read(tenant, false);
            if (stored.isEmpty()) {
                create(tenant);
                stored = read(tenant, false);
            }
            if (stored.values().stream().anyMatch(k -> k.destroyedAt() != null)) {
                return Keys.DESTROYED;
            }
            try {
                KeysetHandle fields = unwrap(tenant, stored.get(Purpose.FIELDS));
                KeysetHandle index = unwrap(tenant, stored.get(Purpose.INDEX));
                KeysetHandle files = unwrap(tenant, stored.get(Purpose.FILES));
                List<Integer> ids = new ArrayList<>();
                for (int i = 0; i < fields.size(); i++) {
                    ids.add(fields.getAt(i).getId());
                }
                return new Keys(fields.getPrimitive(RegistryConfiguration.get(), Aead.class),
                        fields.getPrimary().getId(), List.copyOf(ids),
                        index.getPrimitive(RegistryConfiguration.get(), PrfSet.class),
                        files.getPrimitive(RegistryConfiguration.get(), StreamingAead.class), false);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The keys of workspace " + tenant
                        + " cannot be unwrapped with the key-encryption key (" + kek.description() + ")");
            }
        }));
    }

    /** Generates the three keysets; a concurrent creator wins quietly (its keysets are the ones kept). */
    private void create(UUID tenant) {
        String kekId = kek.currentId();
        for (Purpose purpose : Purpose.values()) {
            try {
                KeysetHandle keyset = KeysetHandle.generateNew(purpose.parameters);
                jdbc.sql("""
                        insert into tenant_keyset (tenant_id, purpose, kek_id, wrapped, primary_key_id, key_ids, created_at)
                        values (:tenant, :purpose, :kek, :wrapped, :primary, :ids, :now)
                        on conflict (tenant_id, purpose) do nothing
                        """)
                        .param("tenant", tenant).param("purpose", purpose.key()).param("kek", kekId)
                        .param("wrapped", wrap(tenant, purpose, keyset, kekId))
                        .param("primary", Integer.toUnsignedLong(keyset.getPrimary().getId()))
                        .param("ids", ids(keyset)).param("now", Timestamp.from(clock.instant()))
                        .update();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot create the keys of workspace " + tenant);
            }
        }
    }

    record StoredKeyset(Purpose purpose, String kekId, byte[] wrapped, long primaryKeyId, List<Long> keyIds,
            Long sealedKeyId, Instant createdAt, Instant rotatedAt, Instant destroyedAt) {

        Keyset describe() {
            return new Keyset(purpose.key(), primaryKeyId, keyIds, kekId, createdAt, rotatedAt, destroyedAt);
        }
    }

    Map<Purpose, StoredKeyset> read(UUID tenant, boolean forUpdate) {
        Map<Purpose, StoredKeyset> result = new LinkedHashMap<>();
        jdbc.sql("select * from tenant_keyset where tenant_id = :tenant order by purpose" + (forUpdate ? " for update" : ""))
                .param("tenant", tenant)
                .query(TenantKeyService::mapKeyset).list()
                .forEach(k -> result.put(k.purpose(), k));
        return result;
    }

    private static StoredKeyset mapKeyset(ResultSet rs, int row) throws SQLException {
        Array ids = rs.getArray("key_ids");
        Long[] keyIds = (Long[]) ids.getArray();
        Timestamp rotated = rs.getTimestamp("rotated_at");
        Timestamp destroyed = rs.getTimestamp("destroyed_at");
        return new StoredKeyset(Purpose.valueOf(rs.getString("purpose").toUpperCase(Locale.ROOT)),
                rs.getString("kek_id"), rs.getBytes("wrapped"), rs.getLong("primary_key_id"), List.of(keyIds),
                rs.getObject("sealed_key_id", Long.class), rs.getTimestamp("created_at").toInstant(),
                rotated == null ? null : rotated.toInstant(), destroyed == null ? null : destroyed.toInstant());
    }

    KeysetHandle unwrap(UUID tenant, StoredKeyset stored) throws GeneralSecurityException {
        return TinkProtoKeysetFormat.parseEncryptedKeyset(stored.wrapped(), kek.version(stored.kekId()),
                keysetAssociatedData(tenant, stored.purpose()));
    }

    byte[] wrap(UUID tenant, Purpose purpose, KeysetHandle keyset, String kekId) throws GeneralSecurityException {
        return TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, kek.version(kekId),
                keysetAssociatedData(tenant, purpose));
    }

    private static byte[] keysetAssociatedData(UUID tenant, Purpose purpose) {
        return ("strongroom tenant keyset v1\u0000" + tenant + "\u0000" + purpose.key()).getBytes(StandardCharsets.UTF_8);
    }

    static Long[] ids(KeysetHandle keyset) {
        Long[] ids = new Long[keyset.size()];
        for (int i = 0; i < keyset.size(); i++) {
            ids[i] = Integer.toUnsignedLong(keyset.getAt(i).getId());
        }
        return ids;
    }

    /** Stores a changed keyset (rotation, retirement, re-wrap) and tells every node. */
    void store(UUID tenant, Purpose purpose, KeysetHandle keyset, String kekId, boolean rotated) throws GeneralSecurityException {
        jdbc.sql("""
                update tenant_keyset set kek_id = :kek, wrapped = :wrapped, primary_key_id = :primary, key_ids = :ids
                     , rotated_at = case when :rotated then :now else rotated_at end
                 where tenant_id = :tenant and purpose = :purpose and destroyed_at is null
                """)
                .param("tenant", tenant).param("purpose", purpose.key()).param("kek", kekId)
                .param("wrapped", wrap(tenant, purpose, keyset, kekId))
                .param("primary", Integer.toUnsignedLong(keyset.getPrimary().getId())).param("ids", ids(keyset))
                .param("rotated", rotated).param("now", Timestamp.from(clock.instant()))
                .update();
        announce(tenant);
    }

    void announce(UUID tenant) {
        jdbc.sql("select pg_notify(:channel, :tenant)").param("channel", CHANNEL).param("tenant", tenant.toString())
                .query().singleRow();
        cache.invalidate(tenant);
    }

    /** The bench-only setting is on: values are written in clear, so there is nothing for the job to do. */
    boolean writesInClear() {
        return benchPlaintext;
    }

    String currentKekId() {
        return kek.currentId();
    }

    /** Whether the tenant catalog holds this workspace (operators name it by id). */
    boolean exists(UUID tenant) {
        return Boolean.TRUE.equals(TenantContext.callAs(tenant, () -> ownTransaction.execute(tx ->
                jdbc.sql("select exists (select 1 from tenant where id = :tenant)").param("tenant", tenant)
                        .query(Boolean.class).single())));
    }

    // --- KeyAdministration ------------------------------------------------------------------------------------

    @Override
    public TenantKeyState state(UUID tenantId) {
        return TenantContext.callAs(tenantId, () -> ownTransaction.execute(tx -> {
            Map<Purpose, StoredKeyset> stored = read(tenantId, false);
            StoredKeyset fields = stored.get(Purpose.FIELDS);
            long[] counts = fields == null || fields.destroyedAt() != null ? new long[2]
                    : countValues(tenantId, prefix((int) fields.primaryKeyId()));
            return new TenantKeyState(tenantId, stored.values().stream().map(StoredKeyset::describe).toList(),
                    counts[0], counts[1]);
        }));
    }

    /** {pending, total}: encrypted values of the bound tenant not under the key with {@code prefix}, and all. */
    long[] countValues(UUID tenant, byte[] prefix) {
        long pending = 0;
        long total = 0;
        for (TenantTable table : registry.tables()) {
            for (String column : table.encryptedColumns()) {
                Map<String, Object> row = jdbc.sql("select count(" + column + ") as total, count(*) filter (where substring("
                                + column + " from 1 for 5) <> :prefix) as pending from " + table.name()
                                + " where tenant_id = :tenant")
                        .param("tenant", tenant).param("prefix", prefix).query().singleRow();
                pending += ((Number) row.get("pending")).longValue();
                total += ((Number) row.get("total")).longValue();
            }
        }
        return new long[] {pending, total};
    }

    @Override
    public List<Long> retireReplacedKeys(UUID tenantId) {
        List<Long> retired = TenantContext.callAs(tenantId, () -> ownTransaction.execute(tx -> {
            StoredKeyset fields = read(tenantId, true).get(Purpose.FIELDS);
            if (fields == null || fields.destroyedAt() != null || !Long.valueOf(fields.primaryKeyId()).equals(fields.sealedKeyId())
                    || countValues(tenantId, prefix((int) fields.primaryKeyId()))[0] > 0) {
                return List.<Long>of(); // the re-encryption job has work left: it retires when it is done
            }
            List<Long> ids = retire(tenantId, fields);
            if (!ids.isEmpty()) {
                events.publishEvent(new TenantKeysChanged(tenantId, "keys.retired", Map.of("retired", ids)));
            }
            return ids;
        }));
        return retired;
    }

    /**
     * Removes the replaced field keys of the bound tenant's locked {@code fields} keyset that no
     * {@link RetainedFieldKeys} names, once {@code retire-after} has passed since the rotation (every
     * node has dropped the old primary from memory by then). The caller checked that no stored value
     * needs them. Answers the retired ids.
     */
    List<Long> retire(UUID tenant, StoredKeyset fields) {
        if (fields.keyIds().size() < 2
                || (fields.rotatedAt() != null && clock.instant().isBefore(fields.rotatedAt().plus(retireAfter)))) {
            return List.of();
        }
        Set<Long> retained = new HashSet<>();
        retainers.get().forEach(r -> retained.addAll(r.retained(tenant)));
        try {
            KeysetHandle keyset = unwrap(tenant, fields);
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
            List<Long> retired = new ArrayList<>();
            for (int i = keyset.size() - 1; i >= 0; i--) {
                long id = Integer.toUnsignedLong(keyset.getAt(i).getId());
                if (!keyset.getAt(i).isPrimary() && !retained.contains(id)) {
                    builder.deleteAt(i);
                    retired.add(id);
                }
            }
            if (!retired.isEmpty()) {
                store(tenant, Purpose.FIELDS, builder.build(), fields.kekId(), false);
            }
            return retired.reversed();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot retire the replaced field keys of workspace " + tenant);
        }
    }

    @Override
    public void storedValuesReplaced(UUID tenantId) {
        jdbc.sql("update tenant_keyset set sealed_key_id = null where tenant_id = :tenant and purpose = 'fields'")
                .param("tenant", tenantId).update();
    }

    /** Whether a rotation of the tenant's field keys is younger than {@code retire-after}. */
    boolean tooEarlyToRetire(StoredKeyset fields) {
        return fields.keyIds().size() > 1 && fields.rotatedAt() != null
                && clock.instant().isBefore(fields.rotatedAt().plus(retireAfter));
    }

    @Override
    public TenantKeyState rotate(UUID tenantId) {
        TenantContext.runAs(tenantId, () -> ownTransaction.executeWithoutResult(tx -> {
            Map<Purpose, StoredKeyset> stored = read(tenantId, true);
            if (stored.isEmpty()) {
                create(tenantId);
                stored = read(tenantId, true);
            }
            if (stored.values().stream().anyMatch(k -> k.destroyedAt() != null)) {
                throw new TenantKeysDestroyed();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            try {
                for (Purpose purpose : List.of(Purpose.FIELDS, Purpose.FILES)) {
                    StoredKeyset current = stored.get(purpose);
                    KeysetHandle rotated = KeysetHandle.newBuilder(unwrap(tenantId, current))
                            .addEntry(KeysetHandle.generateEntryFromParameters(purpose.parameters).withRandomId().makePrimary())
                            .build();
                    store(tenantId, purpose, rotated, kek.currentId(), true);
                    details.put(purpose.key() + "_previous_primary", current.primaryKeyId());
                    details.put(purpose.key() + "_primary", Integer.toUnsignedLong(rotated.getPrimary().getId()));
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot rotate the keys of workspace " + tenantId);
            }
            events.publishEvent(new TenantKeysChanged(tenantId, "keys.rotated", details));
            log.info("Rotated the keys of workspace {}: {}", tenantId, details);
        }));
        return state(tenantId);
    }

    @Override
    public String rotateKeyEncryptionKey() {
        try {
            String id = kek.rotate();
            log.info("Rotated the key-encryption key ({}); the re-encryption job re-wraps every workspace's keys under {}",
                    kek.description(), id);
            return id;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot rotate the key-encryption key (" + kek.description() + ")");
        }
    }

    @Override
    public ShredRecord shred(UUID tenantId, String reason) {
        Instant now = clock.instant();
        ShredRecord record = TenantContext.callAs(tenantId, () -> ownTransaction.execute(tx -> {
            Map<Purpose, StoredKeyset> stored = read(tenantId, true);
            for (Purpose purpose : Purpose.values()) {
                if (!stored.containsKey(purpose)) { // never had one: a tombstone, so none is ever created
                    jdbc.sql("""
                            insert into tenant_keyset (tenant_id, purpose, primary_key_id, key_ids, created_at, destroyed_at)
                            values (:tenant, :purpose, 0, '{}', :now, :now)
                            """).param("tenant", tenantId).param("purpose", purpose.key())
                            .param("now", Timestamp.from(now)).update();
                }
            }
            jdbc.sql("""
                    update tenant_keyset set wrapped = null, kek_id = null, destroyed_at = :now
                     where tenant_id = :tenant and destroyed_at is null
                    """).param("tenant", tenantId).param("now", Timestamp.from(now)).update();
            // values the job had not yet encrypted (written before encryption) go with the keys
            for (TenantTable table : registry.tables()) {
                for (String column : table.encryptedColumns()) {
                    jdbc.sql("update " + table.name() + " set " + column + " = null where tenant_id = :tenant and substring("
                            + column + " from 1 for 1) = '\\x00'::bytea").param("tenant", tenantId).update();
                }
            }
            announce(tenantId);
            List<Keyset> destroyed = read(tenantId, false).values().stream().map(StoredKeyset::describe).toList();
            Map<String, Object> details = new LinkedHashMap<>();
            destroyed.forEach(k -> details.put(k.purpose() + "_key_ids", k.keyIds()));
            details.put("reason", reason);
            events.publishEvent(new TenantKeysChanged(tenantId, "keys.destroyed", details));
            return new ShredRecord(tenantId, destroyed, now);
        }));
        log.warn("Destroyed every key of workspace {} (crypto-shredding): {}", tenantId, record.destroyed());
        return record;
    }

    static boolean startsWith(byte[] value, byte[] prefix) {
        return value.length >= prefix.length && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }
}
