package io.strongroom.privacy.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.core.env.Environment;

import io.strongroom.lifecycle.RetentionSchedule;
import io.strongroom.platform.DataCategory;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;
import io.strongroom.tenancy.Tenant;

/**
 * The record of processing activities (G4, GDPR Art. 30) of one workspace, generated on each request
 * from the tenant-data registry (which tables, which personal columns in which category, whose data)
 * and the configuration (retention periods, where backups and mail go, the key-encryption key), so it
 * never drifts from what the code does. A module that owns tenant data without a purpose here, or a
 * personal column without a category, fails the build ({@code ProcessingRecordTest},
 * {@code TenantDataRegistryTest}).
 */
final class ProcessingRecord {

    /** Why each module processes the data it keeps. */
    static final Map<String, String> PURPOSES = Map.ofEntries(
            Map.entry("people", "HR administration: the company's records of the people who work for it"),
            Map.entry("timeoff", "Leave management: time-off requests, approvals, balances and the team calendar"),
            Map.entry("identity", "Signing in and keeping accounts secure: users, passwords, second factors, sessions"),
            Map.entry("access", "Access control: roles and the permissions each user holds"),
            Map.entry("audit", "Accountability and security: an append-only, hash-chained record of every change"),
            Map.entry("mail", "Notifications by e-mail (invitations, approvals, security notices)"),
            Map.entry("backup", "Backups, restores and exports of the workspace's data"),
            Map.entry("crypto", "Encryption of the workspace's data at rest with keys of its own"),
            Map.entry("lifecycle", "The account's retention schedule and the notices before each of its steps"),
            Map.entry("tenancy", "The workspace's settings (language, time zone)"),
            Map.entry("privacy", "Handling data-subject requests (GDPR Art. 15-22) and their deadlines"));

    private static final Map<TenantTable.SubjectKind, String> SUBJECTS = Map.of(
            TenantTable.SubjectKind.PERSON, "People the company keeps records of (employees, former employees)",
            TenantTable.SubjectKind.USER, "Users of the workspace (the company's administrators, HR staff, employees)",
            TenantTable.SubjectKind.EMAIL, "Recipients of the workspace's e-mail");

    private final TenantDataRegistry registry;
    private final RetentionSchedule retention;
    private final Environment environment;
    private final Clock clock;

    ProcessingRecord(TenantDataRegistry registry, RetentionSchedule retention, Environment environment, Clock clock) {
        this.registry = registry;
        this.retention = retention;
        this.environment = environment;
        this.clock = clock;
    }

    Map<String, Object> of(Tenant workspace) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("generated_at", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        record.put("controller", Map.of("company", workspace.companyName(), "workspace", workspace.workspace()));
        record.put("processor", Map.of("name", environment.getProperty("strongroom.privacy.processor-name",
                "The operator of this Strongroom server"), "contact",
                environment.getProperty("strongroom.privacy.processor-contact", "")));

        Map<String, List<TenantTable>> byModule = new TreeMap<>();
        registry.tables().forEach(t -> byModule.computeIfAbsent(t.module(), m -> new ArrayList<>()).add(t));
        List<Map<String, Object>> activities = new ArrayList<>();
        for (Map.Entry<String, List<TenantTable>> module : byModule.entrySet()) {
            Set<String> subjects = new LinkedHashSet<>();
            Set<String> categories = new LinkedHashSet<>();
            for (TenantTable table : module.getValue()) {
                if (table.subject() != null) {
                    subjects.add(table.subject().kind().name().toLowerCase(java.util.Locale.ROOT));
                }
                table.categories().values().forEach(c -> categories.add(c.key()));
            }
            Map<String, Object> activity = new LinkedHashMap<>();
            activity.put("module", module.getKey());
            activity.put("purpose", PURPOSES.getOrDefault(module.getKey(), ""));
            activity.put("tables", module.getValue().stream().map(TenantTable::name).toList());
            activity.put("data_subjects", List.copyOf(subjects));
            activity.put("personal_data_categories", List.copyOf(categories));
            activities.add(activity);
        }
        record.put("activities", activities);

        Map<DataCategory, List<String>> columns = new EnumMap<>(DataCategory.class);
        for (TenantTable table : registry.tables()) {
            table.categories().forEach((column, category) ->
                    columns.computeIfAbsent(category, c -> new ArrayList<>()).add(table.name() + "." + column));
        }
        Map<String, Duration> periods = retention.periods(workspace.plan());
        List<Map<String, Object>> categories = new ArrayList<>();
        for (Map.Entry<DataCategory, List<String>> entry : columns.entrySet()) {
            Map<String, Object> category = new LinkedHashMap<>();
            category.put("key", entry.getKey().key());
            category.put("description", entry.getKey().description());
            category.put("special_category", entry.getKey().special());
            category.put("stored_in", entry.getValue());
            category.put("encrypted_at_rest", true);
            category.put("retention", "Kept while the company keeps the record it belongs to; deleted with the workspace"
                    + " under the retention schedule (at the latest " + days(periods.get("unsubscribed-deletion"))
                    + " days after the account ends), then from the backups within "
                    + environment.getProperty("strongroom.backup.keep-monthly", "12") + " months, which are unreadable"
                    + " from the deletion on (their key is destroyed)");
            categories.add(category);
        }
        record.put("personal_data_categories", categories);
        record.put("data_subjects", SUBJECTS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Map.of("kind", e.getKey().name().toLowerCase(java.util.Locale.ROOT), "description", e.getValue()))
                .toList());
        record.put("recipients", recipients());
        record.put("data_region", workspace.region());
        Map<String, Object> schedule = new LinkedHashMap<>();
        periods.forEach((name, period) -> schedule.put(name + "_days", days(period)));
        record.put("retention_schedule", schedule);
        record.put("security_measures", measures().stream().map(Measure::english).toList());
        return record;
    }

    /** Who receives data: the services this server is configured to use, and the subprocessors the operator lists. */
    private List<Map<String, String>> recipients() {
        List<Map<String, String>> recipients = new ArrayList<>();
        String smtp = environment.getProperty("strongroom.mail.smtp.host", "");
        if (!smtp.isBlank()) {
            recipients.add(Map.of("name", "E-mail relay " + smtp, "purpose", "Delivers the workspace's e-mail",
                    "data", "Recipient addresses and message texts"));
        }
        String sms = environment.getProperty("strongroom.sms.gateway", "file");
        if (!sms.equals("file")) {
            recipients.add(Map.of("name", "SMS gateway (" + sms + ")", "purpose", "Delivers sign-in codes by SMS",
                    "data", "Phone numbers and codes"));
        }
        if ("s3".equals(environment.getProperty("strongroom.backup.store"))) {
            recipients.add(Map.of("name", "Backup store " + environment.getProperty("strongroom.backup.s3.bucket", "")
                    + " (S3)", "purpose", "Keeps the workspace's backups and exports",
                    "data", "Encrypted archives only (the key stays with Strongroom)"));
        }
        for (int i = 0; environment.containsProperty("strongroom.privacy.subprocessors[" + i + "].name"); i++) {
            String prefix = "strongroom.privacy.subprocessors[" + i + "].";
            recipients.add(Map.of("name", environment.getProperty(prefix + "name", ""),
                    "purpose", environment.getProperty(prefix + "purpose", ""),
                    "data", environment.getProperty(prefix + "data", "")));
        }
        return recipients;
    }

    /** A technical or organisational measure: its message key and value (for pages), and its English text. */
    record Measure(String key, String value, String english) {
    }

    List<Measure> measures() {
        boolean hsm = "pkcs11".equals(environment.getProperty("strongroom.crypto.kek"));
        String lifetime = environment.getProperty("strongroom.tokens.access-token-lifetime", "60s");
        return List.of(
                new Measure("isolation", "", "Every workspace's data is separated by row-level security in the database"),
                new Measure(hsm ? "encryption-hsm" : "encryption-keyring", "",
                        "Personal data is encrypted at rest (AES-256-GCM) with keys of the workspace, wrapped by a "
                                + (hsm ? "hardware security module" : "key-encryption key kept apart from the database")),
                new Measure("tls", lifetime, "Connections only over TLS; access tokens live " + lifetime),
                new Measure("sign-in", "", "Passwords hashed with Argon2id; second factors (authenticator app, passkey,"
                        + " SMS) per the workspace's policy; sign-in lock-out and rate limits"),
                new Measure("access", "", "Access to personal fields by role; every change recorded in a hash-chained audit trail"),
                new Measure("backups", "", "Daily encrypted backups in the workspace's data region, verified and restore-drilled weekly"));
    }

    private static long days(Duration period) {
        return period == null ? 0 : period.toDays();
    }
}
