package io.strongroom.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backup stores: the default one, and one per data region that configures its own (B2: the
 * backups of a region stay in that region). The catalog records each backup's store by name
 * ({@code directory}, {@code s3}; a region's: {@code directory@us}), so a backup is read and removed
 * where it was written even after the configuration changed.
 */
final class BackupStores {

    private final BackupStore defaultStore;
    private final Map<String, BackupStore> byRegion;
    private final Map<String, BackupStore> byName = new LinkedHashMap<>();

    BackupStores(BackupStore defaultStore, Map<String, BackupStore> byRegion) {
        this.defaultStore = defaultStore;
        this.byRegion = new LinkedHashMap<>();
        byName.put(defaultStore.name(), defaultStore);
        byRegion.forEach((region, store) -> {
            BackupStore named = new Named(store.name() + "@" + region, store);
            this.byRegion.put(region, named);
            byName.put(named.name(), named);
        });
    }

    /** Where the backups of a workspace in {@code region} go. */
    BackupStore forRegion(String region) {
        return byRegion.getOrDefault(region, defaultStore);
    }

    /** The store a backup was written to, by the name the catalog records. */
    BackupStore named(String name) {
        BackupStore store = byName.get(name);
        if (store == null) {
            throw new Backups.BackupUnusable("The backup is in the store " + name + ", which is not configured any more");
        }
        return store;
    }

    Collection<BackupStore> all() {
        return List.copyOf(byName.values());
    }

    /** A region's store under its own name. */
    private record Named(String name, BackupStore store) implements BackupStore {

        @Override
        public String location() {
            return store.location();
        }

        @Override
        public Upload create(String key) throws IOException {
            return store.create(key);
        }

        @Override
        public InputStream open(String key) throws IOException {
            return store.open(key);
        }

        @Override
        public void delete(String key) throws IOException {
            store.delete(key);
        }

        @Override
        public void removeUnfinished(String suffix) throws IOException {
            store.removeUnfinished(suffix);
        }
    }
}
