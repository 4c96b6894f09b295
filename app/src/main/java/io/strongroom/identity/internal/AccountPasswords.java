package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
 * refusal is thrown; the facades ({@code MyAccount}, {@code Administration}, {@code UserAdmin})
 * add permission checks only. Methods marked "in the caller's transaction" are the exception.
 */
@Service
class AccountPasswords {

    private final SecuritySettingsRepository settings;
    private final TenantDirectory tenants;
    private final PasswordPolicy policy;
    private final PasswordHashing hashing;
    private final OneTimeTokenRepository oneTimeTokens;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AccountPasswords(SecuritySettingsRepository settings, TenantDirectory tenants, PasswordPolicy policy, PasswordHashing hashing,
            OneTimeTokenRepository oneTimeTokens, TransactionTemplate transactions, Clock clock) {
        this.settings = settings;
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
