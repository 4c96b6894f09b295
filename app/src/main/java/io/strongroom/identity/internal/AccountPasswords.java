package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.Tenant;
import io.strongroom.tenancy.TenantDirectory;

/**
 * What every password-setting path shares: the tenant's policy check and hash, single-use link
 * tokens, the workspace name for notices.
 * <p>
 * Transactions: each method opens its own, short ones, because the Argon2id work (about 50 ms of
 * a core) must not hold a database connection and a failure record must commit before the
 * refusal is thrown; the facades ({@code MyAccount}, {@code AccountAdministrationService},
 * {@code UserAdministrationService}) add permission checks only. Methods marked "in the caller's
 * transaction" are the exception. {@link PasswordChange}, {@link Recovery}, {@link Invitations}
 * and {@link AccountStatus} follow the same rule.
 */
@Service
class AccountPasswords {

    private final SecuritySettingsRepository settings;
    private final TenantDirectory tenants;
    private final PasswordPolicy policy;
    private final PasswordHashing hashing;
    private final OneTimeTokenRepository oneTimeTokens;
    private final UserRepository users;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AccountPasswords(SecuritySettingsRepository settings, TenantDirectory tenants, PasswordPolicy policy, PasswordHashing hashing,
            OneTimeTokenRepository oneTimeTokens, UserRepository users, TransactionTemplate transactions, Clock clock) {
        this.settings = settings;
        this.users = users;
        this.tenants = tenants;
        this.policy = policy;
        this.hashing = hashing;
        this.oneTimeTokens = oneTimeTokens;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Applies the tenant's policy; throws a 400 with every reason when it is enforced. */
    Checked check(String password, UserRepository.UserRecord user, String field) {
        SecuritySettings current = transactions.execute(tx -> settings.current());
        Tenant tenant = transactions.execute(tx -> tenants.current()).orElseThrow();
        List<String> context = new ArrayList<>(List.of(tenant.workspace(), tenant.companyName(), user.email(),
                user.displayName()));
        PasswordPolicy.Evaluation evaluation = policy.evaluate(password, current, context);
        if (!evaluation.acceptable() && (current.enforced() || password == null || password.isEmpty()
                || password.codePointCount(0, password.length()) > PasswordPolicy.MAX_LENGTH)) {
            throw ApiProblem.validation(evaluation.problems().stream()
                    .map(problem -> new ApiProblem.FieldProblem(field, problem)).toList());
        }
        return new Checked(hashing.hash(password), evaluation.problems());
    }

    /** Stores a single-use link token (its hash) for the user; in the caller's transaction. */
    String issueToken(UUID userId, String purpose, Duration lifetime) {
        String token = OpaqueTokens.generate(OpaqueTokens.ONE_TIME, TenantContext.require());
        Instant now = clock.instant();
        oneTimeTokens.insert(Ids.newId(), userId, purpose, OpaqueTokens.hash(token), now, now.plus(lifetime));
        return token;
    }

    /**
     * Redeems a single-use link that sets a password (an invitation, a reset): finds the token under
     * the tenant it names, requires its purpose and the user's state, checks and hashes the password
     * outside any transaction, then uses the token up and applies {@code redemption} in one
     * transaction, so a token used meanwhile changes nothing. Every refusal of the token is the same
     * 400, whatever the reason. Answers the policy's warnings.
     */
    List<String> redeem(String token, Predicate<String> purpose, Predicate<UserRepository.UserRecord> eligible,
            String password, String passwordField, Redemption redemption) {
        Optional<UUID> tenant = OpaqueTokens.tenantOf(OpaqueTokens.ONE_TIME, token);
        ApiProblem invalid = ApiProblem.validation("token", "is invalid, expired or already used");
        if (tenant.isEmpty()) {
            throw invalid;
        }
        return TenantContext.callAs(tenant.get(), () -> {
            byte[] hash = OpaqueTokens.hash(token);
            Instant now = clock.instant();
            OneTimeTokenRepository.TokenRow row = transactions.execute(tx -> oneTimeTokens.find(hash))
                    .filter(t -> t.usable(now) && purpose.test(t.purpose()))
                    .orElseThrow(() -> invalid);
            UserRepository.UserRecord user = transactions.execute(tx -> users.findById(row.userId()))
                    .filter(eligible)
                    .orElseThrow(() -> invalid);
            Checked checked = check(password, user, passwordField);
            transactions.executeWithoutResult(tx -> {
                Instant at = clock.instant();
                if (!oneTimeTokens.consume(row.id(), at)) {
                    throw invalid; // used concurrently
                }
                redemption.apply(tenant.get(), user, row.purpose(), checked.hash(), at);
            });
            return checked.warnings();
        });
    }

    /** What a redeemed link does, in the transaction that uses its token up. */
    @FunctionalInterface
    interface Redemption {

        void apply(UUID tenantId, UserRepository.UserRecord user, String purpose, String passwordHash, Instant at);
    }

    /** The bound tenant's workspace name, for notices. */
    String workspace() {
        return transactions.execute(tx -> tenants.current()).map(Tenant::workspace).orElse("");
    }

    /** A password that passed the policy: its hash and, under "recommended", the warnings. */
    record Checked(String hash, List<String> warnings) {

        @Override
        public String toString() {
            return "Checked[warnings=" + warnings + "]";
        }
    }
}
