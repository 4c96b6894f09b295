package io.strongroom.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Tag("T1")
class TenantContextTest {

    @Test
    void bindingsNestAndRestore() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        assertThat(TenantContext.current()).isEmpty();
        TenantContext.runAs(a, () -> {
            assertThat(TenantContext.require()).isEqualTo(a);
            TenantContext.runAs(b, () -> assertThat(TenantContext.require()).isEqualTo(b));
            assertThat(TenantContext.require()).isEqualTo(a);
        });
        assertThat(TenantContext.current()).isEmpty();
        assertThatThrownBy(TenantContext::require).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theTenantCannotChangeInsideARunningTransaction() {
        UUID a = UUID.randomUUID();
        TenantContext.runAs(a, () -> {
            TransactionSynchronizationManager.setActualTransactionActive(true);
            try {
                TenantContext.runAs(a, () -> { }); // same tenant: fine
                assertThatThrownBy(() -> TenantContext.runAs(UUID.randomUUID(), () -> { }))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("inside a running transaction");
                assertThat(TenantContext.require()).isEqualTo(a);
            } finally {
                TransactionSynchronizationManager.setActualTransactionActive(false);
            }
        });
    }
}
