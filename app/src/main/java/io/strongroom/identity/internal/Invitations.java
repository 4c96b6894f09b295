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
 * Transactions: its own short ones, as every password path ({@link AccountPasswords}).
 */
@Service
class Invitations {

    private final UserRepository users;
    private final OneTimeTokenRepository oneTimeTokens;
    private final AccountStatus status;
    private final AccountPasswords passwords;
    private final Notices notices;
    private final IdentityEvents events;
    private final TenantDirectory tenants;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Invitations(UserRepository users, OneTimeTokenRepository oneTimeTokens, AccountPasswords passwords, Notices notices,
            IdentityEvents events, TenantDirectory tenants, AccountStatus status, TransactionTemplate transactions,
            Clock clock) {
        this.users = users;
        this.oneTimeTokens = oneTimeTokens;
        this.status = status;
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

    /**
     * Mails an invited user a new link; every earlier invitation link of theirs stops working. Only
     * while the invitation is open (409 once accepted), and within the Owner rule (R1).
     */
    void resend(UUID userId, UUID administrator) {
        UUID tenant = TenantContext.require();
        transactions.executeWithoutResult(tx -> {
            UserRepository.UserRecord user = users.findById(userId).orElseThrow(() -> ApiProblem.notFound("The user"));
            status.guard(administrator, userId);
            if (!"invited".equals(user.status())) {
                throw new ApiProblem(org.springframework.http.HttpStatus.CONFLICT,
                        io.strongroom.platform.ProblemType.uri("invitation-accepted"), "Invitation already accepted",
                        "This user has accepted the invitation; send a password reset link instead.", List.of(), Map.of());
            }
            int replaced = oneTimeTokens.expireAll(userId, "invitation", clock.instant());
            String token = passwords.issueToken(userId, "invitation", INVITATION_LIFETIME);
            Tenant current = tenants.current().orElseThrow();
            notices.invitation(user.email(), current.workspace(), current.companyName(), token, INVITATION_LIFETIME.toDays());
            events.success(Type.INVITATION_RESENT, tenant, userId, administrator, user.email(),
                    Map.of("links_replaced", replaced));
        });
    }

    /**
     * Whom an open invitation link is for (company and address), for its page; empty for a link
     * that is invalid, expired, used or replaced, which then says nothing about anyone.
     */
    Optional<Invited> describe(String token) {
        Optional<UUID> tenant = OpaqueTokens.tenantOf(OpaqueTokens.ONE_TIME, token);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        return TenantContext.callAs(tenant.get(), () -> transactions.execute(tx -> {
            Instant now = clock.instant();
            return oneTimeTokens.find(OpaqueTokens.hash(token))
                    .filter(t -> t.usable(now) && "invitation".equals(t.purpose()))
                    .flatMap(t -> users.findById(t.userId())).filter(u -> "invited".equals(u.status()))
                    .flatMap(u -> tenants.current().map(c -> new Invited(c.companyName(), u.email())));
        }));
    }

    record Invited(String company, String email) {
    }

    /** The invited user chooses a password; the account becomes active. */
    List<String> acceptInvitation(String token, String password) {
        return passwords.redeem(token, "invitation"::equals, user -> "invited".equals(user.status()), password, "password",
                (tenant, user, purpose, hash, at) -> {
                    users.activate(user.id(), hash, at);
                    events.success(Type.INVITATION_ACCEPTED, tenant, user.id(), user.id(), user.email(), Map.of());
                });
    }
}
