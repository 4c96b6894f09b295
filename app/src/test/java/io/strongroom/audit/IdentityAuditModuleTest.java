package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.Scenario;

import io.strongroom.identity.IdentityEvent;
import io.strongroom.identity.IdentityEvent.Outcome;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.identity.PermissionsProvider;
import io.strongroom.platform.FieldChange;
import io.strongroom.platform.TenantContext;
import io.strongroom.testsupport.ModuleTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;

/**
 * The event contract between identity and audit, without HTTP and without access or people: an
 * {@link IdentityEvent} of a tenant becomes one record of that tenant's trail with the event's
 * action, outcome, actor and request facts; a {@link FieldChange} detail becomes the diff.
 */
@ModuleTest
class IdentityAuditModuleTest {

    @Autowired
    Clock clock;

    /** Access sits above audit and is not started; identity's question "what may this user do?" gets "nothing". */
    @TestConfiguration
    static class WithoutAccess {

        @Bean
        PermissionsProvider noPermissions() {
            return user -> Set.of();
        }

        /** Nor can a provider give roles: none is givable, nothing is applied. */
        @Bean
        io.strongroom.identity.ProvidedRoles noProvidedRoles() {
            return new io.strongroom.identity.ProvidedRoles() {
                @Override
                public Set<UUID> notGivable(UUID caller, java.util.Collection<UUID> roleIds) {
                    return Set.copyOf(roleIds);
                }

                @Override
                public void apply(UUID userId, Set<UUID> managed, Set<UUID> granted, String connectionId) {
                }
            };
        }
    }

    @Test
    @Tag("L1")
    void anIdentityEventBecomesARecordOfItsTenantsTrail(Scenario scenario) {
        UUID tenant = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        JdbcClient.create(TestDatabase.get().ownerDataSource())
                .sql("insert into tenant (id, workspace, company_name, region) values (:id, :ws, 'Module test', 'eu')")
                .param("id", tenant).param("ws", "audit-" + tenant.toString().substring(0, 8)).update();
        String requestId = UUID.randomUUID().toString();
        IdentityEvent event = new IdentityEvent(Type.SESSION_SETTINGS_CHANGED, tenant, null, user, null, Outcome.SUCCESS,
                null, "198.51.100.7", "ModuleTest/1.0", requestId, clock.instant(),
                Map.of("idle_timeout_minutes", new FieldChange(30, 15)));

        Map<String, Object> record = TenantContext.callAs(tenant, () -> {
            scenario.publish(event).andWaitForStateChange(() -> recordOf(tenant, requestId), r -> r != null)
                    .andVerify(r -> assertThat(r).isNotNull());
            return recordOf(tenant, requestId);
        });

        assertThat(record).containsEntry("action", "settings.sessions.updated").containsEntry("outcome", "success")
                .containsEntry("actor_user_id", user).containsEntry("client_ip", "198.51.100.7")
                .containsEntry("user_agent", "ModuleTest/1.0");
        assertThat(record.get("diff").toString()).contains("idle_timeout_minutes").contains("30").contains("15");
    }

    private Map<String, Object> recordOf(UUID tenant, String requestId) {
        return TestUsers.<Map<String, Object>>inTenant(tenant, jdbc -> jdbc.sql("""
                select action, outcome, actor_user_id, client_ip, user_agent, diff::text as diff
                  from audit_event where request_id = :r
                """).param("r", requestId).query().listOfRows().stream().findFirst().orElse(null));
    }
}
