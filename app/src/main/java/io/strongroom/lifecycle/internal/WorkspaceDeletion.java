package io.strongroom.lifecycle.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.access.Owners;
import io.strongroom.backup.WorkspaceBackups;
import io.strongroom.crypto.KeyAdministration;
import io.strongroom.crypto.KeyAdministration.ShredRecord;
import io.strongroom.identity.Regional;
import io.strongroom.identity.UserDirectory;
import io.strongroom.mail.MailOutbox;
import io.strongroom.mail.MailTemplates;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;

/**
 * Deletes a workspace (D2) whose account is {@code deleting}, in three steps, each safe to repeat, so
 * a node killed at any point leaves the next sweep to carry on:
 * <ol>
 * <li>its keys are destroyed (crypto-shredding): from then on nothing of it decrypts anywhere, no
 * backup can start, and every copy made before (backups, exports, a stolen disk) is unreadable;</li>
 * <li>its backups are removed from their stores;</li>
 * <li>in one transaction: every row of every registered table (the audit trail through its one
 * narrow database function), then the tombstone, the signed certificate, and the certificate's mail
 * to the former Owners (in the catalog's own queue: the workspace's is gone).</li>
 * </ol>
 * What stays: the catalog row as a tombstone (id, name, region, dates: the name is not given to
 * another company), the destroyed keysets' ids (no key material; they also stop keys from ever being
 * made again for the id) and the certificate.
 */
final class WorkspaceDeletion {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceDeletion.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TenantDataRegistry registry;
    private final KeyAdministration keys;
    private final WorkspaceBackups backups;
    private final LifecycleRepository repository;
    private final DeletionCertificates certificates;
    private final Owners owners;
    private final UserDirectory users;
    private final MailOutbox outbox;
    private final MailTemplates templates;
    private final Clock clock;
    private final String publicUrl;

    WorkspaceDeletion(JdbcClient jdbc, TransactionTemplate transactions, TenantDataRegistry registry,
            KeyAdministration keys, WorkspaceBackups backups, LifecycleRepository repository,
            DeletionCertificates certificates, Owners owners, UserDirectory users, MailOutbox outbox,
            MailTemplates templates, Clock clock, String publicUrl) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.registry = registry;
        this.keys = keys;
        this.backups = backups;
        this.repository = repository;
        this.certificates = certificates;
        this.owners = owners;
        this.users = users;
        this.outbox = outbox;
        this.templates = templates;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    /** Deletes (or goes on deleting) the workspace {@code tenant}; nothing when it is not being deleted. */
    void delete(UUID tenant) {
        Account deleting = TenantContext.callAs(tenant, () -> transactions.execute(tx -> repository.current()
                .filter(a -> a.state() == AccountState.DELETING).orElse(null)));
        if (deleting == null) {
            return;
        }
        ShredRecord shredded = keys.shred(tenant, "workspace deleted");
        List<WorkspaceBackups.ErasedBackup> erased = TenantContext.callAs(tenant, backups::eraseAll);
        DeletionCertificates.Certificate certificate = TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
            Account account = repository.lockCurrent().orElseThrow();
            if (account.state() != AccountState.DELETING) {
                return null; // another node finished it
            }
            List<String> recipients = owners.activeOwnerEmails();
            Map<String, Long> removed = purge(tenant);
            Instant now = clock.instant();
            UUID id = Ids.newId();
            DeletionCertificates.Certificate issued = certificates.issue(id, tenant,
                    document(id, account, removed, shredded, erased, now));
            repository.save(account.tombstone(now));
            for (String owner : recipients) {
                Regional reader = users.regionalOf(owner);
                Map<String, Object> variables = new LinkedHashMap<>();
                variables.put("workspace", account.workspace());
                variables.put("company", account.companyName());
                variables.put("certificate_id", id.toString());
                variables.put("link", publicUrl + "/deletion-certificates/" + id);
                variables.put("document", issued.document());
                variables.put("signature", issued.signature());
                outbox.enqueueOutsideWorkspace(templates.render(owner, reader.language(), "lifecycle", "deleted", variables));
            }
            return issued;
        }));
        if (certificate != null) {
            log.warn("Deleted workspace {} ({}): {} backups removed, keys destroyed; certificate {}", tenant,
                    deleting.workspace(), erased.size(), certificate.id());
        }
    }

    /** Removes every row of the bound tenant from every registered table; answers the rows per table. */
    private Map<String, Long> purge(UUID tenant) {
        Map<String, Long> removed = new LinkedHashMap<>();
        long trail = jdbc.sql("select purge_deleted_workspace_trail(:tenant)").param("tenant", tenant)
                .query(Long.class).single();
        removed.put("audit_event", trail);
        List<TenantTable> reverse = new ArrayList<>(registry.tables());
        java.util.Collections.reverse(reverse);
        for (TenantTable table : reverse) {
            if (table.keyMaterial() || table.inBackup() == TenantTable.InBackup.APPEND_ONLY) {
                continue; // keys: destroyed above, their ids stay; the trail: removed by the function above
            }
            long rows = jdbc.sql("delete from " + table.name() + " where tenant_id = :tenant").param("tenant", tenant)
                    .update();
            if (rows > 0) {
                removed.put(table.name(), rows);
            }
        }
        return removed;
    }

    private Map<String, Object> document(UUID id, Account account, Map<String, Long> removed, ShredRecord shredded,
            List<WorkspaceBackups.ErasedBackup> erased, Instant now) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("type", "strongroom-deletion-certificate");
        document.put("version", 1);
        document.put("certificate_id", id.toString());
        Map<String, Object> workspace = new LinkedHashMap<>();
        workspace.put("id", account.id().toString());
        workspace.put("name", account.workspace());
        workspace.put("company_name", account.companyName());
        workspace.put("region", account.region());
        workspace.put("plan", account.plan());
        workspace.put("created_at", account.createdAt().toString());
        document.put("workspace", workspace);
        document.put("account_state", account.deletedFromState());
        document.put("deletion_requested_at", account.deletionRequestedAt() == null ? null
                : account.deletionRequestedAt().toString());
        document.put("deletion_started_at", account.stateSince().toString());
        document.put("deleted_at", now.toString());
        List<Map<String, Object>> tables = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Long> entry : removed.entrySet()) {
            String module = registry.find(entry.getKey()).map(TenantTable::module).orElse("audit");
            tables.add(Map.of("table", entry.getKey(), "module", module, "rows", entry.getValue()));
            total += entry.getValue();
        }
        document.put("deleted", Map.of("tables", tables, "rows_total", total, "audit_records",
                removed.getOrDefault("audit_event", 0L)));
        document.put("keys_destroyed", shredded.destroyed().stream().map(k -> {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("purpose", k.purpose());
            key.put("key_ids", k.keyIds());
            key.put("destroyed_at", String.valueOf(k.destroyedAt()));
            return key;
        }).toList());
        document.put("backups", erased.stream().filter(b -> b.kind().equals("backup")).map(b -> {
            Map<String, Object> backup = new LinkedHashMap<>();
            backup.put("id", b.id().toString());
            backup.put("taken_at", b.takenAt().toString());
            backup.put("store", b.store());
            return backup;
        }).toList());
        document.put("exports", erased.stream().filter(b -> b.kind().equals("export")).map(b -> {
            Map<String, Object> export = new LinkedHashMap<>();
            export.put("id", b.id().toString());
            export.put("requested_at", b.takenAt().toString());
            export.put("store", b.store());
            return export;
        }).toList());
        document.put("statement", "Every row of this workspace was deleted from the database. Its data, its backups "
                + "and any export were encrypted under the keys listed above, which were destroyed: no copy, wherever "
                + "it is kept, can be decrypted any more. The backups listed were also removed from their stores. "
                + "Kept are only this certificate and a tombstone of the workspace (its id, name, region and dates), "
                + "so that the name is never given to another company.");
        return document;
    }
}
