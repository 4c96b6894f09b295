package io.strongroom.platform;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The tenant the current thread works for.
 * <p>
 * The transaction manager reads it when a transaction begins and binds it to the database
 * connection with {@code set_config('app.tenant_id', ..., true)}, so row-level security limits
 * every statement of that transaction to this tenant. With no tenant bound, the database shows
 * no tenant rows and refuses every tenant-owned insert: isolation fails closed.
 * <p>
 * The tenant cannot change while a transaction is running: a transaction bound to one tenant
 * must never run statements for another.
 */
public final class TenantContext {

    private static final ThreadLocal<UUID> CURRENT = new ThreadLocal<>();

    private TenantContext() {
    }

    /** The tenant bound to this thread, if any. */
    public static Optional<UUID> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The tenant bound to this thread; fails when there is none. */
    public static UUID require() {
        UUID tenant = CURRENT.get();
        if (tenant == null) {
            throw new IllegalStateException("No tenant is bound to this thread");
        }
        return tenant;
    }

    /**
     * Binds {@code tenantId} until the returned binding is closed, which restores the previous
     * binding. Use it with try-with-resources, around (not inside) the transaction.
     */
    public static Binding bind(UUID tenantId) {
        Objects.requireNonNull(tenantId, "tenantId");
        UUID previous = CURRENT.get();
        if (!tenantId.equals(previous) && TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException(
                    "The tenant cannot change inside a running transaction; bind it before the transaction starts");
        }
        CURRENT.set(tenantId);
        return new Binding(previous);
    }

    /** Runs {@code work} for {@code tenantId} and restores the previous binding afterwards. */
    public static <T> T callAs(UUID tenantId, Supplier<T> work) {
        try (Binding ignored = bind(tenantId)) {
            return work.get();
        }
    }

    /** Runs {@code work} for {@code tenantId} and restores the previous binding afterwards. */
    public static void runAs(UUID tenantId, Runnable work) {
        try (Binding ignored = bind(tenantId)) {
            work.run();
        }
    }

    /** An open tenant binding; closing it restores what was bound before. */
    public static final class Binding implements AutoCloseable {

        private final UUID previous;
        private boolean closed;

        private Binding(UUID previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
