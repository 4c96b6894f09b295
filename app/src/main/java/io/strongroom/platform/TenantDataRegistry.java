package io.strongroom.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every tenant-owned table of every module ({@link TenantTable} beans), in dependency order:
 * a table comes after every table it references, ties by name. Built once at start; a table
 * declared twice, a reference to an undeclared table or a cycle stops the start.
 */
public final class TenantDataRegistry {

    private final List<TenantTable> ordered;
    private final Map<String, TenantTable> byName;

    public TenantDataRegistry(Collection<TenantTable> tables) {
        Map<String, TenantTable> declared = new LinkedHashMap<>();
        for (TenantTable table : tables.stream().sorted(Comparator.comparing(TenantTable::name)).toList()) {
            TenantTable earlier = declared.putIfAbsent(table.name(), table);
            if (earlier != null) {
                throw new IllegalStateException("Table " + table.name() + " is claimed by both " + earlier.module()
                        + " and " + table.module());
            }
        }
        for (TenantTable table : declared.values()) {
            for (String reference : table.references()) {
                if (!declared.containsKey(reference)) {
                    throw new IllegalStateException(table.name() + " references " + reference
                            + ", which no module declares");
                }
            }
        }
        List<TenantTable> order = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        while (order.size() < declared.size()) {
            List<TenantTable> ready = declared.values().stream()
                    .filter(t -> !placed.contains(t.name()) && placed.containsAll(t.references())).toList();
            if (ready.isEmpty()) {
                throw new IllegalStateException("The references of these tables form a cycle: "
                        + declared.keySet().stream().filter(n -> !placed.contains(n)).toList());
            }
            ready.forEach(t -> {
                order.add(t);
                placed.add(t.name());
            });
        }
        this.ordered = List.copyOf(order);
        this.byName = Map.copyOf(declared);
    }

    /** Every table, each after the tables it references (the order to restore; reverse it to delete). */
    public List<TenantTable> tables() {
        return ordered;
    }

    public Optional<TenantTable> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
