package io.strongroom.lifecycle.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.lifecycle.internal.AccountState.Access;
import io.strongroom.platform.TenantContext;

/** The catalog row of the bound workspace, and the notices sent about it. Call inside a transaction. */
final class LifecycleRepository {

    private static final String COLUMNS = """
            id, workspace, company_name, region, plan, account_state, status, created_at, state_since, trial_ends_at,
            payment_failed_at, closed_at, deletion_requested_at, last_active_at, legal_hold_reason, legal_hold_since,
            deleted_at, deleted_from_state""";

    private final JdbcClient jdbc;

    LifecycleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The bound workspace's account, its row locked until the transaction ends. */
    Optional<Account> lockCurrent() {
        return jdbc.sql("select " + COLUMNS + " from tenant where id = :id for update")
                .param("id", TenantContext.require()).query(LifecycleRepository::account).optional();
    }

    Optional<Account> current() {
        return jdbc.sql("select " + COLUMNS + " from tenant where id = :id")
                .param("id", TenantContext.require()).query(LifecycleRepository::account).optional();
    }

    /** Writes the lifecycle columns of {@code account} (the bound workspace's row). */
    void save(Account account) {
        jdbc.sql("""
                update tenant set account_state = :state, status = :status, state_since = :since, trial_ends_at = :trial,
                       payment_failed_at = :failed, closed_at = :closed, deletion_requested_at = :requested,
                       last_active_at = :active, legal_hold_reason = :hold, legal_hold_since = :holdSince,
                       deleted_at = :deleted, deleted_from_state = :from, company_name = :company
                 where id = :id
                """)
                .param("state", account.state().key()).param("status", account.access().key())
                .param("since", ts(account.stateSince())).param("trial", ts(account.trialEndsAt()))
                .param("failed", ts(account.paymentFailedAt())).param("closed", ts(account.closedAt()))
                .param("requested", ts(account.deletionRequestedAt())).param("active", ts(account.lastActiveAt()))
                .param("hold", account.legalHoldReason()).param("holdSince", ts(account.legalHoldSince()))
                .param("deleted", ts(account.deletedAt())).param("from", account.deletedFromState())
                .param("company", account.companyName())
                .param("id", account.id()).update();
    }

    /** Marks the bound workspace used at {@code now} (at most one write a day). */
    void touch(Instant now) {
        jdbc.sql("""
                update tenant set last_active_at = :now
                 where id = :id and (last_active_at is null or last_active_at < cast(:now as timestamptz) - interval '1 day')
                """).param("now", Timestamp.from(now)).param("id", TenantContext.require()).update();
    }

    /** Records a notice as sent; false when it had been already (another node, an earlier sweep). */
    boolean noticeSent(String step, Instant due, int daysBefore, Instant now) {
        return jdbc.sql("""
                insert into lifecycle_notice (tenant_id, step, due_at, days_before, sent_at)
                values (:tenant, :step, :due, :days, :now) on conflict do nothing
                """).param("tenant", TenantContext.require()).param("step", step).param("due", Timestamp.from(due))
                .param("days", daysBefore).param("now", Timestamp.from(now)).update() == 1;
    }

    /** Every workspace not yet deleted, after {@code after} (needs no tenant binding). */
    List<UUID> tenants(UUID after, int limit) {
        return jdbc.sql("select id from lifecycle_tenants(:after, :limit)")
                .param("after", after).param("limit", limit).query(UUID.class).list();
    }

    private static Account account(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getObject("id", UUID.class), rs.getString("workspace"), rs.getString("company_name"),
                rs.getString("region"), rs.getString("plan"),
                AccountState.parse(rs.getString("account_state")).orElseThrow(),
                Access.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)), instant(rs, "created_at"),
                instant(rs, "state_since"), instant(rs, "trial_ends_at"), instant(rs, "payment_failed_at"),
                instant(rs, "closed_at"), instant(rs, "deletion_requested_at"), instant(rs, "last_active_at"),
                rs.getString("legal_hold_reason"), instant(rs, "legal_hold_since"), instant(rs, "deleted_at"),
                rs.getString("deleted_from_state"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp ts(Instant value) {
        return value == null ? null : Timestamp.from(value);
    }
}
