package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.Tenant;
import io.strongroom.tenancy.TenantDirectory;

/**
 * Inviting a user (an account without a password and a single-use link by e-mail) and the
 * invited user choosing a password.
 * <p>
 * Transactions: each method opens its own, short ones, because the Argon2id work (about 50 ms of
 * a core) must not hold a database connection and a failure record must commit before the
 * refusal is thrown; the facades ({@code MyAccount}, {@code Administration}, {@code UserAdmin})
 * add permission checks only. Methods marked "in the caller's transaction" are the exception.
 */
@Service
class Invitations {

    private final UserRepository users;
    private final OneTimeTokenRepository oneTimeTokens;
    private final AccountPasswords passwords;
    private final Notices notices;
    private final IdentityEvents events;
    private final TenantDirectory tenants;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Invitations(UserRepository users, OneTimeTokenRepository oneTimeTokens, AccountPasswords passwords, Notices notices,
            IdentityEvents events, TenantDirectory tenants, TransactionTemplate transactions, Clock clock) {
        this.users = users;
        this.oneTimeTokens = oneTimeTokens;
        this.passwords = passwords;
        this.notices = notices;
        this.events = events;
        this.tenants = tenants;
        this.transactions = transactions;
        this.clock = clock;
    }

    static final Duration INVITATION_LIFETIME = Duration.ofDays(7);

    /** Creates an invited user (no password yet) and mails the single-use invitation link; in the caller's transaction. */
    UUID invite(String email, String displayName, UUID invitedBy, List<String> roleNames) {
        UUID tenant = TenantContext.require();
        List<ApiProblem.FieldProblem> problems = new ArrayList<>();
        String address = EmailAddresses.normalize(email);
        EmailAddresses.problem(address).ifPresent(p -> problems.add(new ApiProblem.FieldProblem("email", p)));
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            problems.add(new ApiProblem.FieldProblem("display_name", "is required, at most 200 characters"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        if (users.findByEmail(address).isPresent()) {
            throw new ApiProblem(org.springframework.http.HttpStatus.CONFLICT, io.strongroom.platform.ProblemType.uri("user-exists"),
                    "User exists", "A user with this e-mail address already belongs to this workspace.",
                    List.of(new ApiProblem.FieldProblem("email", "is already a user of this workspace")), Map.of());
        }
        UUID id = Ids.newId();
        Instant now = clock.instant();
        users.insert(id, address, name, "invited", null, now);
        String token = passwords.issueToken(id, "invitation", INVITATION_LIFETIME);
        Tenant current = tenants.current().orElseThrow();
        notices.invitation(address, current.workspace(), current.companyName(), token, INVITATION_LIFETIME.toDays());
        events.success(Type.USER_INVITED, tenant, id, invitedBy, address, Map.of(
                "email", IdentityEvents.change(null, address),
                "display_name", IdentityEvents.change(null, name),
                "roles", IdentityEvents.change(List.of(), roleNames)));
        return id;
    }

    /** The invited user chooses a password; the account becomes active. */
    List<String> acceptInvitation(String token, String password) {
        Optional<UUID> tenant = OpaqueTokens.tenantOf(OpaqueTokens.ONE_TIME, token);
        ApiProblem invalid = ApiProblem.validation("token", "is invalid, expired or already used");
        if (tenant.isEmpty()) {
            throw invalid;
        }
        return TenantContext.callAs(tenant.get(), () -> {
            byte[] hash = OpaqueTokens.hash(token);
            Instant now = clock.instant();
            OneTimeTokenRepository.TokenRow row = transactions.execute(tx -> oneTimeTokens.find(hash))
                    .filter(t -> t.usable(now) && "invitation".equals(t.purpose()))
                    .orElseThrow(() -> invalid);
            UserRepository.UserRecord user = transactions.execute(tx -> users.findById(row.userId()))
                    .filter(u -> "invited".equals(u.status()))
                    .orElseThrow(() -> invalid);
            AccountPasswords.Checked checked = passwords.check(password, user, "password");
            transactions.executeWithoutResult(tx -> {
                Instant at = clock.instant();
                if (!oneTimeTokens.consume(row.id(), at)) {
                    throw invalid;
                }
                users.activate(user.id(), checked.hash(), at);
                events.success(Type.INVITATION_ACCEPTED, tenant.get(), user.id(), user.id(), user.email(), Map.of());
            });
            return checked.warnings();
        });
    }
}
