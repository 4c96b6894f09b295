package io.strongroom.backup.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.MaintenanceConnections;
import io.strongroom.platform.TenantContext;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;
import io.strongroom.platform.TenantTable.InBackup;

/**
 * The integrity check and repair of B6, run daily and on an operator's request:
 * <ol>
 * <li><b>Check</b> every table of the schema with {@code amcheck}: {@code verify_heapam} finds
 * damaged tuples, and a page whose checksum fails stops it with the block's number, from where it
 * goes on at the next block; {@code bt_index_check} checks every B-tree index, including that every
 * row has its entry.</li>
 * <li><b>Find the affected workspaces</b>: the {@code tenant_id} of the rows on each damaged block,
 * read with {@code ignore_checksum_failure} (the only way to read the page at all).</li>
 * <li><b>Repair</b>: a damaged index is rebuilt ({@code REINDEX CONCURRENTLY}: nothing is lost). The
 * rows on a damaged block of a table a restore brings back are removed (triggers and foreign keys
 * off for that statement: the restore that follows puts every row back consistently), and each
 * affected workspace is restored in place from its latest verified backup by the backup worker, which
 * mails its owners. Rows of sessions and single-use links are removed (users sign in again). A block
 * of the audit trail, of a table no backup holds, or of a workspace without a verified backup is not
 * touched: it is reported and alerted, for an operator.</li>
 * <li><b>Re-apply</b> the changes each restored workspace made after its backup, from the audit trail
 * ({@link ChangeReapplication}: the module owning the data applies each change onto the state it was
 * made from); the report lists every change that was not re-applied, with why, for the owners.</li>
 * </ol>
 * It needs the server's maintenance role ({@link MaintenanceConnections}): the embedded server's
 * superuser. Without one (an external server) it reports itself unavailable.
 */
final class DataIntegrity {

    private static final Logger log = LoggerFactory.getLogger(DataIntegrity.class);
    private static final Pattern INVALID_PAGE = Pattern.compile("invalid page in block (\\d+)");

    private final MaintenanceConnections maintenance;
    private final TenantDataRegistry registry;
    private final BackupJobs jobs;
    private final ChangeReapplication reapplication;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AtomicReference<Report> last = new AtomicReference<>();

    DataIntegrity(MaintenanceConnections maintenance, TenantDataRegistry registry, BackupJobs jobs,
            ChangeReapplication reapplication, Clock clock, MeterRegistry meters) {
        this.maintenance = maintenance;
        this.registry = registry;
        this.jobs = jobs;
        this.reapplication = reapplication;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("strongroom.database.integrity.unrepaired", last, l -> l.get() == null ? 0 : l.get().unrepaired())
                .description("Damage the last integrity check found and could not repair (an operator must act)")
                .register(meters);
        for (String repair : List.of("reindexed", "restored", "cleared", "none")) {
            Counter.builder("strongroom.database.integrity.damage").tag("repair", repair)
                    .description("Damaged pages and indexes found by the integrity check, by how they were repaired")
                    .register(meters);
        }
    }

    /** One damaged page or index, who it affects and what was done about it. */
    record Damage(String relation, String table, Long block, String problem, List<UUID> tenants, String repair,
            String note) {
    }

    /**
     * A workspace repaired from {@code backup}: its changes recorded since, how many were put back
     * (or were in the backup already), and those that were not, with why ({@code restored}: whether the
     * repair restore succeeded; without it nothing was re-applied).
     */
    record Repaired(UUID tenant, UUID backup, Instant backupAt, boolean restored, int changes, int reapplied,
            int alreadyInBackup, List<ChangeReapplication.NotReapplied> notReapplied) {
    }

    record Report(Instant checkedAt, boolean available, int relationsChecked, List<Damage> damage,
            List<Repaired> repaired) {

        /** Damage left as it was, and workspaces whose repair restore failed (their rows on the page are gone). */
        long unrepaired() {
            return damage.stream().filter(d -> d.repair().equals("none")).count()
                    + repaired.stream().filter(r -> !r.restored()).count();
        }
    }

    Optional<Report> lastReport() {
        return Optional.ofNullable(last.get());
    }

    /** Checks everything and repairs what it can; the restores it queues run before it returns. */
    synchronized Report checkAndRepair() {
        List<Damage> damage = new ArrayList<>();
        List<Repaired> queued = new ArrayList<>();
        int checked;
        Optional<Connection> connection;
        try {
            connection = maintenance.open();
        } catch (SQLException e) {
            throw new IllegalStateException("The integrity check cannot connect: " + e.getMessage(), e);
        }
        if (connection.isEmpty()) {
            Report report = new Report(clock.instant(), false, 0, List.of(), List.of());
            last.set(report);
            return report;
        }
        try (Connection c = connection.get()) {
            execute(c, "create extension if not exists amcheck");
            List<String[]> relations = relations(c);
            checked = relations.size();
            Set<String> damagedTables = new java.util.HashSet<>();
            for (String[] relation : relations) { // a table comes before its indexes
                if ("t".equals(relation[2])) {
                    List<Damage> heap = checkHeap(c, relation[0]);
                    if (!heap.isEmpty()) {
                        damagedTables.add(relation[0]);
                    }
                    damage.addAll(heap);
                } else {
                    damage.addAll(checkIndex(c, relation[0], relation[1], !damagedTables.contains(relation[1])));
                }
            }
            List<Damage> repaired = new ArrayList<>();
            for (Damage d : damage) {
                repaired.add(repair(c, d, queued));
            }
            damage = repaired;
        } catch (SQLException e) {
            throw new IllegalStateException("The integrity check could not run: " + e.getMessage(), e);
        }
        List<Repaired> done = new ArrayList<>();
        if (!queued.isEmpty()) {
            jobs.runOpenJobs(); // the repairs: restores of the affected workspaces
            for (Repaired q : queued) {
                done.add(reapply(q));
            }
        }
        Report report = new Report(clock.instant(), true, checked, List.copyOf(damage), List.copyOf(done));
        for (Damage d : damage) {
            meters.counter("strongroom.database.integrity.damage", "repair", d.repair()).increment();
            log.error("Integrity check: {} {} ({}): {}; affected workspaces {}; repair: {}{}", d.relation(),
                    d.block() == null ? "" : "block " + d.block(), d.table(), d.problem(), d.tenants(), d.repair(),
                    d.note() == null ? "" : " (" + d.note() + ")");
        }
        for (Repaired r : done) {
            log.warn("Workspace {} {} from backup {} of {}: of {} changes since, {} re-applied, {} already in it, {} not"
                    + " re-applied {}", r.tenant(), r.restored() ? "restored" : "NOT restored", r.backup(), r.backupAt(),
                    r.changes(), r.reapplied(), r.alreadyInBackup(), r.notReapplied().size(), r.notReapplied());
        }
        if (damage.isEmpty()) {
            log.info("Integrity check: {} tables and indexes checked, no damage", checked);
        }
        last.set(report);
        return report;
    }

    /** Ordinary tables and B-tree indexes of the application's schema: {name, its table, 't' or 'i'}. */
    private static List<String[]> relations(Connection c) throws SQLException {
        List<String[]> relations = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                select c.relname, coalesce(t.relname, c.relname), case c.relkind when 'r' then 't' else 'i' end
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  left join pg_index x on x.indexrelid = c.oid left join pg_class t on t.oid = x.indrelid
                  left join pg_am a on a.oid = c.relam
                 where n.nspname = 'public' and (c.relkind = 'r' or (c.relkind = 'i' and a.amname = 'btree'))
                   and c.relpersistence = 'p'
                 order by coalesce(t.relname, c.relname), c.relkind desc, c.relname
                """)) {
            while (rs.next()) {
                relations.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        return relations;
    }

    private List<Damage> checkHeap(Connection c, String table) throws SQLException {
        List<Damage> found = new ArrayList<>();
        long blocks;
        try (PreparedStatement size = c.prepareStatement(
                "select pg_relation_size(quote_ident(?)::regclass) / current_setting('block_size')::int")) {
            size.setString(1, table);
            try (ResultSet rs = size.executeQuery()) {
                rs.next();
                blocks = rs.getLong(1);
            }
        }
        long start = 0;
        while (start < blocks) {
            try (PreparedStatement verify = c.prepareStatement("""
                    select blkno, string_agg(coalesce(msg, ''), '; ')
                      from verify_heapam(quote_ident(?)::regclass, false, false, 'none', ?, ?) group by blkno order by blkno
                    """)) {
                verify.setString(1, table);
                verify.setLong(2, start);
                verify.setLong(3, blocks - 1);
                try (ResultSet rs = verify.executeQuery()) {
                    while (rs.next()) {
                        found.add(damaged(c, table, rs.getLong(1), rs.getString(2)));
                    }
                }
                start = blocks;
            } catch (SQLException e) {
                Matcher page = INVALID_PAGE.matcher(String.valueOf(e.getMessage()));
                if (!page.find()) {
                    throw e;
                }
                long block = Long.parseLong(page.group(1));
                found.add(damaged(c, table, block, "page checksum failed"));
                start = block + 1;
            }
        }
        return found;
    }

    /** A damaged block of {@code table}, with the workspaces whose rows are on it (when the table has any). */
    private Damage damaged(Connection c, String table, long block, String problem) throws SQLException {
        if (registry.find(table).isEmpty()) {
            return new Damage(table, table, block, problem, List.of(), "none", "not a workspace table");
        }
        Set<UUID> tenants = new LinkedHashSet<>();
        String note = null;
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("set local ignore_checksum_failure = on");
            try (ResultSet rs = s.executeQuery("select distinct tenant_id from " + quote(table) + " where ctid >= '("
                    + block + ",0)'::tid and ctid < '(" + (block + 1) + ",0)'::tid")) {
                while (rs.next()) {
                    tenants.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException unreadable) {
            note = "the rows on the block cannot be read: " + unreadable.getMessage();
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
        return new Damage(table, table, block, problem, List.copyOf(tenants), "none", note);
    }

    /**
     * {@code bt_index_check}: the index's structure and order, and with {@code heapAllIndexed} that every
     * row of the table has its entry with the key it should have (not when the table's own pages are
     * damaged: that is the table's damage, not the index's).
     */
    private static List<Damage> checkIndex(Connection c, String index, String table, boolean heapAllIndexed)
            throws SQLException {
        try (PreparedStatement check = c.prepareStatement("select bt_index_check(quote_ident(?)::regclass, ?)")) {
            check.setString(1, index);
            check.setBoolean(2, heapAllIndexed);
            check.execute();
            return List.of();
        } catch (SQLException e) {
            if (!"XX002".equals(e.getSQLState()) && !"XX001".equals(e.getSQLState())) {
                throw e; // index corrupted (XX002) or its page damaged (XX001); anything else is not damage
            }
            return List.of(new Damage(index, table, null, e.getMessage(), List.of(), "none", null));
        }
    }

    private Damage repair(Connection c, Damage d, List<Repaired> queued) {
        try {
            if (d.block() == null) {
                execute(c, "reindex index concurrently " + quote(d.relation()));
                return withRepair(d, "reindexed", null);
            }
            Optional<TenantTable> table = registry.find(d.table());
            if (table.isEmpty() || d.note() != null) {
                return d;
            }
            InBackup kind = table.get().inBackup();
            if (kind == InBackup.CLEARED) {
                removeRows(c, d);
                return withRepair(d, "cleared", "the sessions and links on it ended");
            }
            if (kind != InBackup.RESTORED) {
                return withRepair(d, "none", kind == InBackup.APPEND_ONLY
                        ? "the audit trail is not restored from backups" : "no backup holds this table");
            }
            Map<UUID, Repaired> backups = new LinkedHashMap<>();
            for (UUID tenant : d.tenants()) {
                Optional<Object[]> latest = latestVerifiedBackup(c, tenant);
                if (latest.isEmpty()) {
                    return withRepair(d, "none", "workspace " + tenant + " has no verified backup");
                }
                if (busy(c, tenant)) {
                    return withRepair(d, "none", "workspace " + tenant + " has a backup job running; check again later");
                }
                backups.put(tenant, new Repaired(tenant, (UUID) latest.get()[0], (Instant) latest.get()[1], false, 0, 0, 0,
                        List.of()));
            }
            removeRows(c, d);
            for (Repaired pending : backups.values()) {
                TenantContext.runAs(pending.tenant(), () -> jobs.requestRepair(pending.backup(), Map.of(
                        "damaged_table", d.table(), "damaged_block", d.block())));
                queued.add(pending);
            }
            return withRepair(d, "restored", "from each workspace's latest verified backup");
        } catch (SQLException | ApiProblem e) {
            return withRepair(d, "none", "repair failed: " + e.getMessage());
        }
    }

    /** Removes every row on the damaged block; the restores that follow bring the workspaces' rows back. */
    private static void removeRows(Connection c, Damage d) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("set local ignore_checksum_failure = on");
            s.execute("set local session_replication_role = replica"); // no triggers, no foreign keys: the restore settles them
            s.executeUpdate("delete from " + quote(d.table()) + " where ctid >= '(" + d.block() + ",0)'::tid and ctid < '("
                    + (d.block() + 1) + ",0)'::tid");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static Optional<Object[]> latestVerifiedBackup(Connection c, UUID tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                select id, started_at from backup where tenant_id = ? and state = 'verified'
                 order by started_at desc limit 1
                """)) {
            s.setObject(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Object[] {rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant()})
                        : Optional.empty();
            }
        }
    }

    private static boolean busy(Connection c, UUID tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select exists (select 1 from backup_job where tenant_id = ? and state in ('queued', 'running'))")) {
            s.setObject(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Once its repair restore ran: the workspace's changes since the backup put back from the audit trail. */
    private Repaired reapply(Repaired pending) {
        boolean restored = TenantContext.callAs(pending.tenant(), () -> jobs.jobs(20)).stream()
                .filter(j -> "repair".equals(j.trigger()) && pending.backup().equals(j.backupId()))
                .findFirst().map(j -> "succeeded".equals(j.state())).orElse(false);
        if (!restored) {
            return pending;
        }
        ChangeReapplication.Report report = TenantContext.callAs(pending.tenant(),
                () -> reapplication.reapplySince(pending.backupAt(), pending.backup()));
        return new Repaired(pending.tenant(), pending.backup(), pending.backupAt(), true, report.changes(),
                report.applied(), report.alreadyApplied(), report.notReapplied());
    }

    private static Damage withRepair(Damage d, String repair, String note) {
        return new Damage(d.relation(), d.table(), d.block(), d.problem(), d.tenants(), repair, note);
    }

    private static String quote(String identifier) {
        if (!identifier.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain identifier: " + identifier);
        }
        return identifier;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
