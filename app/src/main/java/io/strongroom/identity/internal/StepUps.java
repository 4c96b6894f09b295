package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.Caller;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;

/**
 * Step-up (A6): sensitive actions ({@link io.strongroom.platform.StepUp}) need a recent proof of
 * identity. A user with a second factor (or required to have one) proves it with a code; a user
 * without one, with their password. Wrong codes and passwords count towards the lock-out.
 */
@Component
class StepUps {

    static final ApiProblem REQUIRED = new ApiProblem(HttpStatus.UNAUTHORIZED, ProblemType.uri("step-up-required"),
            "Confirm it is you", "This action needs you to confirm who you are again: POST /api/v1/auth/step-up with a "
                    + "code from your authenticator app (or your password if you have no second factor), then retry.",
            List.of(), Map.of());

    private final MultiFactor multiFactor;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final Sessions tokens;
    private final PasswordHashing hashing;
    private final IdentityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration maxAge;
    private final SignIn signIn;
    private final Passkeys passkeys;
    private final int lockoutThreshold;

    StepUps(MultiFactor multiFactor, UserRepository users, SessionRepository sessions, Sessions tokens,
            PasswordHashing hashing, IdentityEvents events, TransactionTemplate transactions, Clock clock,
            @Value("${strongroom.step-up.max-age:10m}") Duration maxAge, SignIn signIn, IdentityProperties properties,
            Passkeys passkeys) {
        this.signIn = signIn;
        this.passkeys = passkeys;
        this.lockoutThreshold = properties.lockout().threshold();
        this.multiFactor = multiFactor;
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.hashing = hashing;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        if (maxAge.compareTo(Duration.ofMinutes(1)) < 0 || maxAge.compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalStateException("strongroom.step-up.max-age must be between 1m and 12h, not " + maxAge);
        }
        this.maxAge = maxAge;
    }

    Duration maxAge() {
        return maxAge;
    }

    /** Whether a token with {@code amr} and {@code authTime} is recent and strong enough for a sensitive action. */
    boolean satisfied(UUID userId, List<String> amr, Instant authTime) {
        if (authTime == null || authTime.isBefore(clock.instant().minus(maxAge))) {
            return false;
        }
        if (amr.contains(Sessions.MFA)) {
            return true;
        }
        // a password is enough only for someone who has no second factor and need not have one yet
        // (within a policy's grace period the password still is what they sign in with)
        return transactions.execute(tx -> multiFactor.need(userId) == MultiFactor.Need.NONE);
    }

    /**
     * What a step-up asks for: the user's factors ({@code totp}, {@code passkey}, {@code recovery_code})
     * when they have one, {@code ["password"]} without.
     */
    List<String> methods(UUID userId) {
        return transactions.execute(tx -> multiFactor.need(userId) == MultiFactor.Need.FACTOR
                ? multiFactor.methods(userId) : List.of("password"));
    }

    /** Sends a code for the caller's step-up to their phone; answers where it went, masked. */
    String sendSms(UUID userId) {
        SmsCodes.Outgoing message = transactions.execute(tx -> multiFactor.smsCode(userId));
        multiFactor.deliver(message);
        return SmsCodes.masked(message.to());
    }

    /** A new passkey ceremony for the caller's step-up: what {@code navigator.credentials.get()} needs. */
    Map<String, Object> passkeyOptions(UUID userId) {
        return transactions.execute(tx -> {
            if (!passkeys.hasPasskey(userId)) {
                throw ApiProblem.validation("method", "needs a passkey: add one on your account page first");
            }
            return passkeys.requestOptions(Passkeys.STEP_UP, userId);
        });
    }

    /** Proves who the caller is again; answers the session's new access token. */
    String stepUp(Caller caller, String method, String secret) {
        UUID userId = caller.userId();
        Optional<String> password = "password".equals(method) ? Optional.ofNullable(secret) : Optional.empty();
        // Argon2id outside the transaction, as at sign-in
        UserRepository.UserRecord seen = transactions.execute(tx -> users.findById(userId))
                .orElseThrow(() -> ApiProblem.notFound("The user"));
        boolean passwordMatches = password.isPresent() && seen.passwordHash() != null
                && hashing.matches(password.get(), seen.passwordHash());
        Step step = transactions.execute(tx -> {
            Instant now = clock.instant();
            UserRepository.UserRecord user = users.lockById(userId).orElseThrow(() -> ApiProblem.notFound("The user"));
            if (user.lockedAt(now) || !user.active()) {
                return new Step(null, "locked");
            }
            MultiFactor.Need need = multiFactor.need(userId);
            Optional<String> amr;
            String failure = "bad_code";
            if (need == MultiFactor.Need.FACTOR && Passkeys.KIND.equals(method)) {
                Passkeys.Assertion assertion = passkeys.verify(Passkeys.STEP_UP, userId, secret);
                amr = assertion.accepted() ? Optional.of(SignIn.PASSKEY_AMR) : Optional.empty();
                failure = assertion.accepted() ? null : "passkey_" + assertion.failure();
            } else if (need == MultiFactor.Need.FACTOR) {
                amr = multiFactor.verify(userId, method, secret).map(factor -> "pwd " + factor + " " + Sessions.MFA);
            } else if (need == MultiFactor.Need.NONE) {
                amr = passwordMatches ? Optional.of("pwd") : Optional.empty();
            } else {
                return new Step(null, "enrolment_required");
            }
            if (amr.isEmpty()) {
                int failures = users.recordFailure(userId);
                if (failures % lockoutThreshold == 0) {
                    signIn.lock(user, failures, now);
                }
                return new Step(null, failure);
            }
            users.recordSuccess(userId, now);
            if (!sessions.stepUp(userId, caller.sessionId(), amr.get(), now)) {
                return new Step(null, "session_ended");
            }
            events.success(Type.STEPPED_UP, TenantContext.require(), userId, userId, user.email(),
                    Map.of("session_id", caller.sessionId().toString(), "amr", amr.get()));
            return new Step(tokens.accessToken(userId, caller.sessionId(), amr.get(), now), null);
        });
        if (step.token() == null) {
            events.failure(Type.STEP_UP_FAILED, TenantContext.require(), userId, seen.email(), step.failure(), Map.of());
            throw "enrolment_required".equals(step.failure())
                    ? ApiProblem.validation("method", "needs a second factor: set one up on your account page first")
                    : step.failure().startsWith("passkey_") ? Passkeys.NOT_ACCEPTED : SignIn.INVALID_CODE;
        }
        return step.token();
    }

    private record Step(String token, String failure) {
    }
}
