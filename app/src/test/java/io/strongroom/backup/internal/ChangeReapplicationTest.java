package io.strongroom.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.platform.TenantContext;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestTotp;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * The second half of a repair (B6): after a workspace is restored from its backup, the changes made
 * since are put back from the audit trail. People created, changed (personal fields included) and
 * deleted after the backup come back exactly, and so do roles, role assignments, account states and
 * settings; a change made from a state that no longer holds is refused as a conflict, and what the
 * trail cannot give back (a new password, an invitation) is reported, both with their sequence
 * numbers.
 */
@Tag("B6")
class ChangeReapplicationTest extends ApiTest {

    @Autowired
    BackupJobs jobs;

    @Autowired
    ChangeReapplication reapplication;

    private final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    Workspace ws;
    String owner;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "reapply");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    private String person(String given, String nationalId) {
        Response created = bearer(owner).post("/api/v1/people", Map.of("given_name", given, "family_name", "Reapply",
                "national_id", nationalId, "job_title", "Clerk", "department", "Before"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private Response patch(String id, Map<String, Object> changes) {
        Response current = bearer(owner).get("/api/v1/people/" + id);
        return bearer(owner).header("If-Match", current.header("ETag")).method("PATCH", "/api/v1/people/" + id, changes);
    }

    /** Every person of the workspace as the API shows it to its Owner (personal fields included), by id. */
    private List<String> people() {
        return superuser.sql("select id from employee where tenant_id = :t order by id").param("t", ws.tenantId())
                .query(UUID.class).list().stream().map(id -> {
                    var fields = bearer(owner).get("/api/v1/people/" + id).json();
                    return id + " " + fields.get("given_name").asString() + " " + fields.get("job_title").asString() + " "
                            + fields.get("department").asString() + " " + fields.get("national_id").asString() + " "
                            + fields.get("iban");
                }).toList();
    }

    private UUID backUpAndRecordTime(Instant[] at) {
        Response accepted = bearer(owner).post("/api/v1/backups", Map.of());
        assertThat(accepted.status()).isEqualTo(202);
        jobs.runOpenJobs();
        UUID backup = UUID.fromString(bearer(owner).get(accepted.header("Location")).json().get("backup_id").asString());
        at[0] = superuser.sql("select started_at from backup where id = :id").param("id", backup)
                .query(java.sql.Timestamp.class).single().toInstant();
        return backup;
    }

    private void restore(UUID backup) {
        Response restore = bearer(owner).post("/api/v1/backups/" + backup + "/restore", Map.of("mode", "in_place"));
        assertThat(restore.status()).as(restore.toString()).isEqualTo(202);
        jobs.runOpenJobs();
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    @Test
    void theChangesSinceTheBackupComeBackAndWhatCannotIsReportedWithItsReason() {
        String changed = person("Clara", "RA-1");
        String deleted = person("Dieter", "RA-2");
        String conflicting = person("Konrad", "RA-3");
        Instant[] at = new Instant[1];
        UUID backup = backUpAndRecordTime(at);

        // after the backup: a new person, changes (one to a personal field), a deletion, a settings change
        String created = person("Nadja", "RA-4");
        assertThat(patch(changed, Map.of("job_title", "Head clerk", "iban", "DE89 3704 0044 0532 0130 00")).status())
                .isEqualTo(200);
        assertThat(patch(conflicting, Map.of("department", "After")).status()).isEqualTo(200);
        assertThat(bearer(owner).delete("/api/v1/people/" + deleted).status()).isEqualTo(204);
        Response settings = bearer(owner).method("PUT", "/api/v1/settings/sessions",
                Map.of("idle_timeout_minutes", 20, "absolute_lifetime_minutes", 600));
        assertThat(settings.status()).as(settings.toString()).isEqualTo(200);
        List<String> before = people();
        assertThat(before).hasSize(3);

        restore(backup);
        assertThat(people()).as("the backup's state").hasSize(3).isNotEqualTo(before);
        // someone changes a person after the restore: the recorded change no longer applies to it
        TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("update employee set department = 'Elsewhere' where id = :id")
                .param("id", UUID.fromString(conflicting)).update());

        ChangeReapplication.Report report = TenantContext.callAs(ws.tenantId(),
                () -> reapplication.reapplySince(at[0], backup));
        assertThat(report.applied()).as(report.toString()).isEqualTo(4); // created, changed, deleted, settings
        List<String> after = people();
        assertThat(after).filteredOn(p -> !p.startsWith(conflicting)).containsExactlyInAnyOrderElementsOf(
                before.stream().filter(p -> !p.startsWith(conflicting)).toList());
        assertThat(after).anyMatch(p -> p.startsWith(created + " Nadja"));
        assertThat(after).noneMatch(p -> p.startsWith(deleted));
        assertThat(after).anyMatch(p -> p.startsWith(changed) && p.contains("Head clerk") && p.contains("DE89"));
        assertThat(after).anyMatch(p -> p.startsWith(conflicting) && p.contains("Elsewhere"));
        assertThat(report.notReapplied()).anySatisfy(n -> {
            assertThat(n.action()).isEqualTo("employee.updated");
            assertThat(n.target()).contains(conflicting);
            assertThat(n.reason()).contains("changed otherwise");
        });
        assertThat(report.notReapplied()).as(report.toString()).hasSize(1);
        assertThat(settings()).contains("20/600");
        assertThat(superuser.sql("select details ->> 'applied' from audit_event where tenant_id = :t"
                + " and action = 'backup.changes_reapplied'").param("t", ws.tenantId()).query(String.class).single())
                .isEqualTo("4");

        // run again: everything is already there or still conflicts; nothing is applied twice
        ChangeReapplication.Report again = TenantContext.callAs(ws.tenantId(),
                () -> reapplication.reapplySince(at[0], backup));
        assertThat(again.applied()).isZero();
        assertThat(people()).isEqualTo(after);
    }

    @Test
    void rolesAccountsAndSettingsComeBackAndWhatTheTrailCannotGiveBackIsNamed() {
        UUID colleague = TestUsers.addUser(ws.tenantId(), "colleague-" + ws.workspace() + "@example.com",
                ws.ownerPassword(), "employee");
        UUID leaver = TestUsers.addUser(ws.tenantId(), "leaver-" + ws.workspace() + "@example.com", ws.ownerPassword(),
                "employee");
        UUID gone = TestUsers.addUser(ws.tenantId(), "gone-" + ws.workspace() + "@example.com", ws.ownerPassword(),
                "employee");
        Instant[] at = new Instant[1];
        UUID backup = backUpAndRecordTime(at);

        // after the backup: a role made, renamed and given; accounts disabled and deleted; settings changed
        Response role = bearer(owner).post("/api/v1/roles", Map.of("name", "Payroll", "description", "Pays people",
                "permissions", List.of("people:read")));
        assertThat(role.status()).as(role.toString()).isEqualTo(201);
        String roleId = role.json().get("id").asString();
        assertThat(bearer(owner).method("PUT", "/api/v1/roles/" + roleId, Map.of("name", "Payroll team",
                "description", "Pays people", "permissions", List.of("people:read", "people.personal:read"))).status())
                .isEqualTo(200);
        String employeeRole = superuser.sql("select id from role where tenant_id = :t and builtin_key = 'employee'")
                .param("t", ws.tenantId()).query(UUID.class).single().toString();
        assertThat(bearer(owner).method("PUT", "/api/v1/users/" + colleague + "/roles",
                Map.of("roles", List.of(roleId, employeeRole))).status()).isEqualTo(200);
        assertThat(bearer(owner).post("/api/v1/users/" + leaver + "/disable", Map.of()).status()).isEqualTo(204);
        assertThat(bearer(owner).delete("/api/v1/users/" + gone).status()).isEqualTo(204);
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/password-policy",
                Map.of("mode", "recommended", "min_length", 14, "min_score", 2)).status()).isEqualTo(200);
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/regional",
                Map.of("language", "de", "time_zone", "Europe/Berlin")).status()).isEqualTo(200);
        assertThat(bearer(owner).method("PUT", "/api/v1/me/preferences",
                Map.of("language", "cs", "time_zone", "Europe/Prague")).status()).isEqualTo(200);
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/mfa", Map.of("mode", "permissions",
                "permissions", List.of("people.personal:read"), "grace_days", 30)).status()).isEqualTo(200);
        String colleagueAccess = TestUsers.tokens(client(), ws.workspace(), "colleague-" + ws.workspace() + "@example.com",
                ws.ownerPassword()).access();
        TestTotp.enrol(client(), colleagueAccess, clock.instant());
        Response invited = bearer(owner).post("/api/v1/users", Map.of("email", "new-" + ws.workspace() + "@example.com",
                "display_name", "New Colleague", "roles", List.of(employeeRole)));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        List<String> before = accounts();

        restore(backup);
        assertThat(accounts()).as("the backup's state").isNotEqualTo(before);

        ChangeReapplication.Report report = TenantContext.callAs(ws.tenantId(),
                () -> reapplication.reapplySince(at[0], backup));
        List<String> after = accounts();
        String invitedId = invited.json().get("id").asString();
        assertThat(after).as(report.toString()).containsExactlyElementsOf(
                before.stream().filter(line -> !line.contains(invitedId)).toList());
        assertThat(report.applied()).as(report.toString()).isEqualTo(9);
        assertThat(report.notReapplied()).as("the invitation and the authenticator, each with what to do")
                .extracting(ChangeReapplication.NotReapplied::action)
                .containsExactlyInAnyOrder("user.invited", "user.mfa.factor_added");
        assertThat(report.notReapplied()).anySatisfy(n -> assertThat(n.reason())
                .contains("invite new-" + ws.workspace() + "@example.com again"));
        assertThat(report.notReapplied()).anySatisfy(n -> assertThat(n.reason()).contains("sets the app up again"));

        ChangeReapplication.Report again = TenantContext.callAs(ws.tenantId(),
                () -> reapplication.reapplySince(at[0], backup));
        assertThat(again.applied()).as(again.toString()).isZero();
        assertThat(accounts()).isEqualTo(after);
    }

    @Test
    void aNewPasswordIsNamedAsNotGivenBackAndAChangeFromAnotherStateIsAConflict() {
        Instant[] at = new Instant[1];
        UUID backup = backUpAndRecordTime(at);
        String newPassword = ws.ownerPassword() + "-renewed";
        assertThat(bearer(owner).post("/api/v1/me/password", Map.of("current_password", ws.ownerPassword(),
                "new_password", newPassword)).status()).isIn(200, 204);
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), newPassword).access();
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/regional",
                Map.of("language", "nl", "time_zone", "Europe/Amsterdam")).status()).isEqualTo(200);

        restore(backup); // signs in with the password of the backup's time
        TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("""
                insert into workspace_settings (tenant_id, default_locale, default_time_zone) values (:t, 'de', 'UTC')
                on conflict (tenant_id) do update set default_locale = 'de'""").param("t", ws.tenantId()).update());

        ChangeReapplication.Report report = TenantContext.callAs(ws.tenantId(),
                () -> reapplication.reapplySince(at[0], backup));
        assertThat(report.notReapplied()).as(report.toString()).anySatisfy(n -> {
            assertThat(n.action()).isEqualTo("auth.password.changed");
            assertThat(n.reason()).contains("reset");
        });
        assertThat(report.notReapplied()).anySatisfy(n -> {
            assertThat(n.action()).isEqualTo("settings.regional.updated");
            assertThat(n.reason()).contains("changed otherwise");
        });
        assertThat(superuser.sql("select default_locale from workspace_settings where tenant_id = :t")
                .param("t", ws.tenantId()).query(String.class).single()).isEqualTo("de");
    }

    /** Custom roles, who holds which role, account states and choices, the workspace's settings: one line each. */
    private List<String> accounts() {
        List<String> lines = new java.util.ArrayList<>();
        lines.addAll(superuser.sql("""
                select 'role ' || id || ' ' || name || ' ' || description || ' '
                       || (select string_agg(p, ',' order by p) from unnest(permissions) p)
                  from role where tenant_id = :t and builtin_key is null order by id""")
                .param("t", ws.tenantId()).query(String.class).list());
        lines.addAll(superuser.sql("""
                select 'user ' || u.id || ' ' || u.status || ' ' || coalesce(u.locale, '-') || ' '
                       || coalesce(u.time_zone, '-') || ' ' || coalesce((select string_agg(r.name, ',' order by r.name)
                          from user_role ur join role r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
                         where ur.tenant_id = u.tenant_id and ur.user_id = u.id), '')
                  from app_user u where u.tenant_id = :t order by u.id""")
                .param("t", ws.tenantId()).query(String.class).list());
        lines.add(settings());
        return lines;
    }

    private String settings() {
        return superuser.sql("""
                select coalesce((select password_mode || ' ' || password_min_length || ' ' || password_min_score || ' '
                                        || session_idle_minutes || '/' || session_absolute_minutes || ' mfa '
                                        || mfa_mode || ' ' || array_to_string(mfa_permissions, ',') || ' ' || mfa_grace_days
                                   from security_settings where tenant_id = :t), 'default security') || ' '
                    || coalesce((select default_locale || ' ' || default_time_zone
                                   from workspace_settings where tenant_id = :t), 'default regional')""")
                .param("t", ws.tenantId()).query(String.class).single();
    }
}
