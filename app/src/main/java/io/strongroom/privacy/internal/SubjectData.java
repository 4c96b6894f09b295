package io.strongroom.privacy.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.audit.AuditHistory;
import io.strongroom.crypto.FieldEncryption;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;
import io.strongroom.platform.TenantTable.SubjectKind;

/**
 * Everything the workspace holds about one person (G1: access and portability), found through the
 * tenant-data registry's subject columns, so a new module's data is in it as soon as its table is
 * declared: the rows linked to the person record, to the person's user account, and to their e-mail
 * addresses. Personal columns are decrypted; stored secrets and blind indexes are left out. With them,
 * the audit trail's records about those rows and of what the person did ({@link AuditHistory#about}).
 * Call inside a transaction with the tenant bound.
 */
final class SubjectData {

    private final JdbcClient jdbc;
    private final TenantDataRegistry registry;
    private final FieldEncryption fields;
    private final AuditHistory trail;

    /** The most audit records a copy carries (newest first); the copy says when there were more. */
    static final int MAX_AUDIT_RECORDS = 20_000;

    SubjectData(JdbcClient jdbc, TenantDataRegistry registry, FieldEncryption fields, AuditHistory trail) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.fields = fields;
        this.trail = trail;
    }

    /** The person's rows by table, and the subject's keys the search used. */
    Map<String, Object> of(UUID personId) {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        collect(tables, SubjectKind.PERSON, List.of(personId));
        List<Object> users = new ArrayList<>();
        Set<Object> emails = new LinkedHashSet<>();
        for (Map<String, Object> person : tables.getOrDefault("employee", List.of())) {
            if (person.get("user_id") != null) {
                users.add(UUID.fromString(person.get("user_id").toString()));
            }
            addEmail(emails, person.get("work_email"));
            addEmail(emails, person.get("personal_email"));
        }
        collect(tables, SubjectKind.USER, users);
        for (Map<String, Object> user : tables.getOrDefault("app_user", List.of())) {
            addEmail(emails, user.get("email"));
        }
        collect(tables, SubjectKind.EMAIL, List.copyOf(emails));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("person_id", personId.toString());
        out.put("user_ids", users.stream().map(Object::toString).toList());
        out.put("email_addresses", List.copyOf(emails));
        out.put("tables", tables);
        Map<String, Set<String>> targets = new LinkedHashMap<>();
        tables.forEach((table, rows) -> rows.stream().filter(row -> row.get("id") != null)
                .forEach(row -> targets.computeIfAbsent(table, t -> new LinkedHashSet<>()).add(row.get("id").toString())));
        users.forEach(user -> targets.computeIfAbsent("user", t -> new LinkedHashSet<>()).add(user.toString()));
        List<Map<String, Object>> records = trail.about(targets, users.stream().map(u -> (UUID) u).toList(),
                MAX_AUDIT_RECORDS + 1);
        out.put("audit_trail", records.size() > MAX_AUDIT_RECORDS ? records.subList(0, MAX_AUDIT_RECORDS) : records);
        out.put("audit_trail_complete", records.size() <= MAX_AUDIT_RECORDS);
        return out;
    }

    private void collect(Map<String, List<Map<String, Object>>> tables, SubjectKind kind, List<Object> keys) {
        if (keys.isEmpty()) {
            return;
        }
        for (TenantTable table : registry.tables()) {
            // the audit trail comes through AuditHistory.about: its raw rows of what the person did
            // would carry the personal values of the people they changed
            if (table.subject() == null || table.subject().kind() != kind || table.keyMaterial()
                    || table.inBackup() == TenantTable.InBackup.APPEND_ONLY) {
                continue;
            }
            List<String> columns = jdbc.sql("""
                    select attname from pg_attribute
                     where attrelid = to_regclass('public.' || :table) and attnum > 0 and not attisdropped
                     order by attnum
                    """).param("table", table.name()).query(String.class).list().stream()
                    .filter(c -> !table.secretColumns().contains(c) && !table.blindIndexes().containsValue(c)).toList();
            boolean encrypted = columns.stream().anyMatch(table.personalColumns()::contains);
            List<String> select = new ArrayList<>();
            for (String column : columns) {
                select.add(table.personalColumns().contains(column) ? column : column + "::text as " + column);
            }
            if (encrypted && !columns.contains("id")) {
                throw new IllegalStateException(table.name() + " has encrypted columns but no id");
            }
            String key = table.subject().column();
            List<Map<String, Object>> rows = jdbc.sql("select " + String.join(", ", select) + " from " + table.name()
                    + " where " + key + (kind == SubjectKind.EMAIL ? " = any(cast(:keys as text[]))" : " = any(cast(:keys as uuid[]))"))
                    .param("keys", kind == SubjectKind.EMAIL ? keys.stream().map(Object::toString).toArray(String[]::new)
                            : keys.stream().map(k -> (UUID) k).toArray(UUID[]::new))
                    .query((rs, n) -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        UUID rowId = encrypted ? UUID.fromString(rs.getString("id")) : null;
                        for (String column : columns) {
                            row.put(column, table.personalColumns().contains(column)
                                    ? fields.decrypt(table.name(), column, rowId, rs.getBytes(column))
                                    : rs.getString(column));
                        }
                        return row;
                    }).list();
            if (!rows.isEmpty()) {
                tables.computeIfAbsent(table.name(), t -> new ArrayList<>()).addAll(rows);
            }
        }
    }

    private static void addEmail(Set<Object> emails, Object value) {
        if (value != null && !value.toString().isBlank()) {
            emails.add(value.toString());
        }
    }
}
