package io.strongroom.crypto.internal;

import java.security.GeneralSecurityException;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.google.crypto.tink.KeysetHandle;

import io.strongroom.crypto.TenantKeysChanged;
import io.strongroom.crypto.TenantKeysDestroyed;
import io.strongroom.platform.TenantContext;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;

/**
 * The job that keeps every tenant's data under its current keys (E1-E3), resumable by construction:
 * what is left to do is read from the data itself, and each batch commits on its own, so a run
 * killed at any point (kill -9 included) loses nothing and the next run goes on where it stopped.
 * Each run pages once through the tenants with work ({@code tenant_keys_pending}, in id order), and for each:
 * <ol>
 * <li>creates its keysets if it has none (a workspace older than encryption);</li>
 * <li>re-wraps keysets wrapped by an older version of the KEK (data untouched);</li>
 * <li>re-encrypts, in batches of {@value #BATCH} rows each in its own transaction, every encrypted
 * column's value that is not under the current primary key: values written in clear before the
 * upgrade, and values under a key replaced by a rotation; and fills missing blind indexes;</li>
 * <li>when nothing is left, retires the replaced field keys (once every node has surely dropped them
 * from memory: {@code retire-after} after the rotation; keys a backup still needs stay, see
 * {@code RetainedFieldKeys}) and records the tenant as done.</li>
 * </ol>
 */
final class Reencryption {

    private static final Logger log = LoggerFactory.getLogger(Reencryption.class);
    static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batchJdbc;
    private final TransactionTemplate ownTransaction;
    private final TenantKeyService keys;
    private final KeyEncryptionKeys kek;
    private final TenantDataRegistry registry;
    private final ApplicationEventPublisher events;

    Reencryption(JdbcClient jdbc, NamedParameterJdbcTemplate batchJdbc, TransactionTemplate ownTransaction, TenantKeyService keys, KeyEncryptionKeys kek,
            TenantDataRegistry registry, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.batchJdbc = batchJdbc;
        this.ownTransaction = ownTransaction;
        this.keys = keys;
        this.kek = kek;
        this.registry = registry;
        this.events = events;
    }

    /** One pass over every tenant with work, in id order; answers how many rows it re-encrypted. */
    long runOnce() {
        if (keys.writesInClear()) {
            return 0; // bench only: it would rewrite the same clear values again and again
        }
        kek.refresh();
        String currentKek = kek.currentId();
        long rows = 0;
        UUID after = new UUID(0, 0);
        List<UUID> tenants;
        do {
            tenants = jdbc.sql("select tenant_id from tenant_keys_pending(:kek, :after, 1000)").param("kek", currentKek)
                    .param("after", after).query(UUID.class).list();
            for (UUID tenant : tenants) {
                try {
                    rows += TenantContext.callAs(tenant, () -> process(tenant, currentKek));
                } catch (TenantKeysDestroyed destroyed) {
                    // nothing left to keep readable
                } catch (RuntimeException e) {
                    log.warn("Re-encryption of workspace {} stopped and will be tried again: {}", tenant, e.getMessage());
                }
                after = tenant;
            }
        } while (!tenants.isEmpty());
        return rows;
    }

    private long process(UUID tenant, String currentKek) {
        keys.keys(tenant); // creates the keysets of a workspace older than encryption
        rewrap(tenant, currentKek);
        keys.forget(tenant);
        TenantKeyService.Keys current = keys.keys(tenant);
        byte[] prefix = current.currentPrefix();
        long changed = 0;
        long started = System.nanoTime(); // for the log line only
        for (TenantTable table : registry.tables()) {
            if (table.encryptedColumns().isEmpty()) {
                continue;
            }
            int done;
            do {
                done = ownTransaction.execute(tx -> batch(tenant, table, prefix));
                changed += done;
            } while (done == BATCH);
        }
        finish(tenant, current.fieldsPrimary(), changed);
        if (changed > 0) {
            long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
            log.info("Re-encrypted {} rows of workspace {} under key {} in {} ms ({} rows/s)", changed, tenant,
                    Integer.toUnsignedString(current.fieldsPrimary()), millis, changed * 1000 / millis);
        }
        return changed;
    }

    private void rewrap(UUID tenant, String currentKek) {
        ownTransaction.executeWithoutResult(tx -> {
            List<String> rewrapped = new ArrayList<>();
            for (TenantKeyService.StoredKeyset stored : keys.read(tenant, true).values()) {
                if (stored.destroyedAt() != null || stored.kekId().equals(currentKek)) {
                    continue;
                }
                try {
                    KeysetHandle keyset = keys.unwrap(tenant, stored);
                    keys.store(tenant, stored.purpose(), keyset, currentKek, false);
                    rewrapped.add(stored.purpose().key());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Cannot re-wrap the " + stored.purpose().key() + " keys of workspace "
                            + tenant + " (key-encryption key " + stored.kekId() + ")");
                }
            }
            if (!rewrapped.isEmpty()) {
                events.publishEvent(new TenantKeysChanged(tenant, "keys.rewrapped",
                        Map.of("keysets", rewrapped, "key_encryption_key", currentKek)));
            }
        });
    }

    /** Re-encrypts one batch of {@code table}'s rows of the bound tenant; answers how many rows it changed. */
    private int batch(UUID tenant, TenantTable table, byte[] prefix) {
        List<String> columns = table.encryptedColumns();
        Map<String, String> indexes = table.blindIndexes();
        StringBuilder where = new StringBuilder();
        for (String column : columns) {
            where.append(where.isEmpty() ? "" : " or ").append("substring(").append(column).append(" from 1 for 5) <> :prefix");
        }
        indexes.forEach((column, index) -> where.append(" or (").append(column).append(" is not null and ")
                .append(index).append(" is null)"));
        List<String> selected = new ArrayList<>(columns);
        selected.addAll(indexes.values());
        List<Map<String, Object>> rows = jdbc.sql("select id, " + String.join(", ", selected) + " from " + table.name()
                        + " where tenant_id = :tenant and (" + where + ") order by id limit " + BATCH + " for update")
                .param("tenant", tenant).param("prefix", prefix)
                .query((ResultSet rs, int n) -> {
                    Map<String, Object> row = new HashMap<>();
                    row.put("id", rs.getObject("id", UUID.class));
                    for (String column : selected) {
                        row.put(column, rs.getBytes(column));
                    }
                    return row;
                }).list();
        // the rows' new values, grouped by which columns change (usually all rows of a batch alike), one
        // batched statement per group: one round trip for the batch instead of one per row
        Map<List<String>, List<MapSqlParameterSource>> updates = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            UUID id = (UUID) row.get("id");
            Map<String, Object> changes = new LinkedHashMap<>();
            for (String column : columns) {
                byte[] stored = (byte[]) row.get(column);
                String clear = null;
                if (stored != null && !TenantKeyService.startsWith(stored, prefix)) {
                    clear = keys.decrypt(table.name(), column, id, stored);
                    changes.put(column, keys.encrypt(table.name(), column, id, clear));
                }
                String index = indexes.get(column);
                if (index != null && stored != null && row.get(index) == null) {
                    changes.put(index, keys.blindIndex(table.name(), column,
                            clear != null ? clear : keys.decrypt(table.name(), column, id, stored)));
                }
            }
            if (!changes.isEmpty()) {
                MapSqlParameterSource parameters = new MapSqlParameterSource(changes).addValue("tenant", tenant)
                        .addValue("id", id);
                updates.computeIfAbsent(List.copyOf(changes.keySet()), k -> new ArrayList<>()).add(parameters);
            }
        }
        updates.forEach((changed, parameters) -> batchJdbc.batchUpdate("update " + table.name() + " set "
                + changed.stream().map(c -> c + " = :" + c).collect(java.util.stream.Collectors.joining(", "))
                + " where tenant_id = :tenant and id = :id", parameters.toArray(MapSqlParameterSource[]::new)));
        return rows.size();
    }

    /** Retires replaced field keys when nothing needs them any more, and records the tenant as done. */
    private void finish(UUID tenant, int primaryUsed, long changed) {
        ownTransaction.executeWithoutResult(tx -> {
            TenantKeyService.StoredKeyset fields = keys.read(tenant, true).get(TenantKeyService.Purpose.FIELDS);
            if (fields == null || fields.destroyedAt() != null || fields.primaryKeyId() != Integer.toUnsignedLong(primaryUsed)
                    || keys.countValues(tenant, TenantKeyService.prefix(primaryUsed))[0] > 0) {
                return; // rotated again meanwhile, or written under an older key by a node not yet told: next run
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("rows", changed);
            details.put("primary", fields.primaryKeyId());
            if (keys.tooEarlyToRetire(fields)) {
                return; // another node may still hold the old primary in memory: retire later
            }
            List<Long> retired = keys.retire(tenant, fields);
            if (!retired.isEmpty()) {
                details.put("retired", retired);
            }
            jdbc.sql("update tenant_keyset set sealed_key_id = primary_key_id where tenant_id = :tenant and purpose = 'fields'")
                    .param("tenant", tenant).update();
            if (changed > 0 || details.containsKey("retired")) {
                events.publishEvent(new TenantKeysChanged(tenant, "keys.reencrypted", details));
            }
        });
    }
}
