package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final AccountPasswords passwords;
    private final Notices notices;
    private final IdentityEvents events;
    private final TenantDirectory tenants;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Invitations(UserRepository users, AccountPasswords passwords, Notices notices, IdentityEvents events,
            TenantDirectory tenants, TransactionTemplate transactions, Clock clock) {
        this.users = users;
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
        return passwords.redeem(token, "invitation"::equals, user -> "invited".equals(user.status()), password, "password",
                (tenant, user, purpose, hash, at) -> {
                    users.activate(user.id(), hash, at);
                    events.success(Type.INVITATION_ACCEPTED, tenant, user.id(), user.id(), user.email(), Map.of());
                });
    }
}
