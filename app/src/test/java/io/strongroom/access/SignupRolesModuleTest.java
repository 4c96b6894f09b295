package io.strongroom.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.Scenario;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.PermissionsProvider;
import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.TenantSignedUp;
import io.strongroom.testsupport.ModuleTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;

/**
 * The event contract between tenancy and access, without HTTP and without the modules above
 * access: a {@link TenantSignedUp} gives the workspace its six built-in roles and makes the signing-up
 * user its Owner, who then holds every permission of the catalog.
 */
@ModuleTest
class SignupRolesModuleTest {

    @Autowired
    PermissionsProvider permissions;

    @Autowired
    PermissionCatalog catalog;

    @Autowired
    TransactionTemplate transactions;

    @Test
    @Tag("R1")
    void aSignedUpTenantGetsItsBuiltInRolesAndItsOwner(Scenario scenario) {
        UUID tenant = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        String workspace = "module-" + tenant.toString().substring(0, 8);
        JdbcClient ownerDb = JdbcClient.create(TestDatabase.get().ownerDataSource());
        ownerDb.sql("insert into tenant (id, workspace, company_name, region) values (:id, :ws, 'Module test', 'eu')")
                .param("id", tenant).param("ws", workspace).update();
        TestUsers.inTenant(tenant, jdbc -> jdbc.sql("""
                insert into app_user (tenant_id, id, email, display_name, status)
                values (:t, :id, :email, 'Owner', 'active')
                """).param("t", tenant).param("id", owner).param("email", "owner@" + workspace + ".example").update());

        Set<String> held = TenantContext.callAs(tenant, () -> {
            scenario.publish(new TenantSignedUp(tenant, workspace, "eu", owner, "owner@" + workspace + ".example"))
                    .andWaitForStateChange(() -> TenantContext.callAs(tenant,
                            () -> transactions.execute(tx -> permissions.permissionsOf(owner))), p -> !p.isEmpty())
                    .andVerify(p -> assertThat(p).isNotEmpty());
            return transactions.execute(tx -> permissions.permissionsOf(owner));
        });

        assertThat(held).isEqualTo(catalog.keysOf(BuiltInRole.OWNER));
        long builtIns = TestUsers.<Long>inTenant(tenant, jdbc -> jdbc.sql(
                "select count(*) from role where builtin_key is not null").query(Long.class).single());
        assertThat(builtIns).isEqualTo(BuiltInRole.values().length);
    }
}
