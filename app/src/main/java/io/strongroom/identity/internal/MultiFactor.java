package io.strongroom.identity.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.identity.PermissionsProvider;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;

/**
 * Second factors (A6): authenticator apps (TOTP) and recovery codes, and the workspace's policy on
 * who must use them ({@link Passkeys} adds passkeys, which are factors too). Works in the caller's transaction, bound to the tenant.
 * <ul>
 * <li>An authenticator is enrolled in two steps: its secret is made and shown once (URI and QR
 * code), and it becomes a factor only when a first code from the app confirms it. The first factor
 * also brings ten recovery codes, shown once.</li>
 * <li>A code is accepted for the current 30-second step or one either side, and only for a step
 * newer than the last accepted one: a code works once.</li>
 * <li>A recovery code works once; using one e-mails the user.</li>
 * </ul>
 */
@Component
class MultiFactor {

    static final String TOTP = "totp";
    static final String RECOVERY_CODE = "recovery_code";
    /** The challenge's method when the user must set up an authenticator before signing in. */
    static final String ENROL = "totp_enrolment";
    /** The {@code amr} values (RFC 8176) of the two methods: a one-time code, a recovery code. */
    static final String AMR_OTP = "otp";
    static final String AMR_RECOVERY_CODE = "rc";
    static final int RECOVERY_CODES = 10;
    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford's Base32, lower case
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MfaRepository factors;
    private final SecuritySettingsRepository settings;
    private final UserRepository users;
    private final PasswordHashing hashing;
    private final PermissionsProvider permissions;
    private final IdentityEvents events;
    private final Notices notices;
    private final io.strongroom.tenancy.TenantDirectory tenants;
    private final Clock clock;
    private final SmsCodes sms;

    MultiFactor(MfaRepository factors, SecuritySettingsRepository settings, UserRepository users,
            PasswordHashing hashing, PermissionsProvider permissions, IdentityEvents events, Notices notices,
            io.strongroom.tenancy.TenantDirectory tenants, Clock clock, SmsCodes sms) {
        this.sms = sms;
        this.factors = factors;
        this.settings = settings;
        this.users = users;
        this.hashing = hashing;
        this.permissions = permissions;
        this.events = events;
        this.notices = notices;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** A new authenticator's secret, shown once: as text, as an {@code otpauth://} URI and as its QR code. */
    record Enrolment(UUID factorId, String secret, String uri, String qrCode) {

        @Override
        public String toString() {
            return "Enrolment[" + factorId + "]";
        }
    }

    /** What the user must do at sign-in. */
    enum Need {
        /** Nothing more: the password is enough. */
        NONE,
        /** A code from one of their factors (or a recovery code). */
        FACTOR,
        /** The workspace requires a factor, the grace period is over and the user has none: enrol now. */
        ENROL
    }

    Need need(UUID userId) {
        if (!factors(userId).isEmpty()) {
            return Need.FACTOR;
        }
        return requiredWithoutGrace(userId) ? Need.ENROL : Need.NONE;
    }

    /** Whether the policy requires a factor of the user and the grace period is over. */
    boolean requiredWithoutGrace(UUID userId) {
        MfaPolicy policy = settings.mfaPolicy();
        return policy.appliesTo(permissions.permissionsOf(userId)) && !clock.instant().isBefore(policy.enrolmentDeadline());
    }

    /** The policy's demand on the user: null when none, else the deadline to enrol by (past: enforced). */
    Instant enrolmentDeadline(UUID userId) {
        MfaPolicy policy = settings.mfaPolicy();
        return policy.appliesTo(permissions.permissionsOf(userId)) ? policy.enrolmentDeadline() : null;
    }

    /** Starts enrolling an authenticator app; an earlier unconfirmed one of the user is dropped. */
    Enrolment startTotp(UUID userId, String name) {
        String label = name == null || name.isBlank() ? "Authenticator app" : name.strip();
        if (label.length() > 100 || label.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.validation("name", "must be at most 100 characters, without control characters");
        }
        UserRepository.UserRecord user = users.findById(userId).orElseThrow(() -> ApiProblem.notFound("The user"));
        factors.deleteUnconfirmedFactors(userId);
        UUID id = Ids.newId();
        byte[] secret = Totp.newSecret();
        factors.insertFactor(id, userId, TOTP, label, secret, clock.instant());
        String uri = Totp.uri("Strongroom " + workspace(), user.email(), secret);
        return new Enrolment(id, Totp.base32(secret), uri, QrCodes.dataUri(uri));
    }

    /**
     * Confirms an enrolling authenticator with its first code. Answers the recovery codes when this is
     * the user's first factor (shown once), else an empty list. A wrong code is a 400 and counts
     * nothing.
     */
    List<String> confirmTotp(UUID userId, UUID factorId, String code) {
        MfaRepository.Factor factor = factors.lockFactor(userId, factorId)
                .orElseThrow(() -> ApiProblem.notFound("The factor"));
        if (factor.confirmed()) {
            throw ApiProblem.validation("factor", "is confirmed already");
        }
        Instant now = clock.instant();
        OptionalLong step = Totp.verify(factor.secret(), code, now);
        if (step.isEmpty()) {
            throw ApiProblem.validation("code", "is not the current code of the app; check the time on the phone and try the next one");
        }
        boolean first = !factors.hasConfirmedFactor(userId);
        factors.used(factorId, step.getAsLong(), now);
        UserRepository.UserRecord user = users.findById(userId).orElseThrow();
        events.success(Type.MFA_FACTOR_ADDED, TenantContext.require(), userId, actor(userId), user.email(),
                Map.of("factor_id", factorId.toString(), "kind", TOTP, "name", factor.name()));
        notices.factorAdded(user.email(), workspace(), factor.name(), now);
        return first || factors.recoveryCodesLeft(userId) == 0 ? recoveryCodes(userId) : List.of();
    }

    /** A new set of ten recovery codes asked for by the user (the old set stops working), shown once. */
    List<String> newRecoveryCodes(UUID userId) {
        List<String> codes = recoveryCodes(userId);
        events.success(Type.MFA_RECOVERY_CODES_GENERATED, TenantContext.require(), userId, actor(userId), null,
                Map.of("codes", RECOVERY_CODES));
        return codes;
    }

    /** A new set of recovery codes for a user who has a factor (the old set stops working). */
    List<String> recoveryCodesFor(UUID userId) {
        return recoveryCodes(userId);
    }

    private List<String> recoveryCodes(UUID userId) {
        if (!factors.hasConfirmedFactor(userId)) {
            throw ApiProblem.validation("recovery_codes", "come with a second factor; add an authenticator app first");
        }
        List<String> codes = new ArrayList<>();
        List<String[]> stored = new ArrayList<>();
        Set<String> lookups = new HashSet<>();
        while (codes.size() < RECOVERY_CODES) {
            String code = randomCode();
            if (lookups.add(code.substring(0, 4))) {
                codes.add(code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8));
                stored.add(new String[] {code.substring(0, 4), hashing.hash(code)});
            }
        }
        factors.replaceRecoveryCodes(userId, stored, clock.instant());
        return codes;
    }

    /** Removes one of the user's factors; without a factor left, the recovery codes go too. */
    void remove(UUID userId, UUID factorId) {
        MfaRepository.Factor factor = factors.lockFactor(userId, factorId)
                .orElseThrow(() -> ApiProblem.notFound("The factor"));
        factors.deleteFactor(userId, factorId);
        if (!factors.hasConfirmedFactor(userId)) {
            factors.replaceRecoveryCodes(userId, List.of(), clock.instant());
        }
        if (factor.confirmed()) {
            UserRepository.UserRecord user = users.findById(userId).orElseThrow();
            events.success(Type.MFA_FACTOR_REMOVED, TenantContext.require(), userId, actor(userId), user.email(),
                    Map.of("factor_id", factorId.toString(), "kind", factor.kind(), "name", factor.name()));
            notices.factorRemoved(user.email(), workspace(), factor.name(), clock.instant());
        }
    }

    /** An administrator removes every factor and recovery code of a user (who is told by e-mail). */
    void reset(UUID userId, UUID administrator) {
        UserRepository.UserRecord user = users.findById(userId).orElseThrow(() -> ApiProblem.notFound("The user"));
        int removed = factors.deleteAll(userId);
        events.success(Type.MFA_RESET, TenantContext.require(), userId, administrator, user.email(),
                Map.of("factors_removed", removed));
        notices.mfaReset(user.email(), workspace(), clock.instant());
    }

    /**
     * Checks a second factor at sign-in: an authenticator code of one of the user's confirmed factors
     * (a step newer than its last one) or an unused recovery code. On success it is spent, and the
     * answer is the method's {@code amr} value.
     */
    Optional<String> verify(UUID userId, String method, String code) {
        Instant now = clock.instant();
        if (TOTP.equals(method)) {
            for (MfaRepository.Factor factor : factors.lockConfirmedFactors(userId)) {
                OptionalLong step = Totp.verify(factor.secret(), code, now);
                if (step.isPresent() && (factor.lastUsedStep() == null || step.getAsLong() > factor.lastUsedStep())) {
                    factors.used(factor.id(), step.getAsLong(), now);
                    return Optional.of(AMR_OTP);
                }
            }
            return Optional.empty();
        }
        if (SmsCodes.KIND.equals(method)) {
            return allows(SmsCodes.KIND) && sms.check(userId, null, SmsCodes.SIGN_IN, code).isPresent()
                    ? Optional.of(SmsCodes.AMR) : Optional.empty();
        }
        if (RECOVERY_CODE.equals(method)) {
            String normalised = code == null ? "" : code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
            if (normalised.length() != 12 || !normalised.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
                return Optional.empty();
            }
            Optional<MfaRepository.RecoveryCode> stored = factors.lockRecoveryCode(userId, normalised.substring(0, 4));
            if (stored.isEmpty() || stored.get().usedAt() != null || !hashing.matches(normalised, stored.get().hash())) {
                return Optional.empty();
            }
            factors.recoveryCodeUsed(stored.get().id(), now);
            UserRepository.UserRecord user = users.findById(userId).orElseThrow();
            int left = factors.recoveryCodesLeft(userId);
            String ip = ClientRequest.current().map(ClientRequest::clientIp).orElse(null);
            events.success(Type.MFA_RECOVERY_CODE_USED, TenantContext.require(), userId, userId, user.email(),
                    Map.of("codes_left", left));
            notices.recoveryCodeUsed(user.email(), workspace(), left, ip, now);
            return Optional.of(AMR_RECOVERY_CODE);
        }
        return Optional.empty();
    }

    /**
     * Confirms the authenticator a user enrolling at sign-in just set up: present (with the recovery
     * codes to show once) when the code confirmed it, empty otherwise.
     */
    Optional<List<String>> confirmAtSignIn(UUID userId, String code) {
        for (MfaRepository.Factor factor : factors.factors(userId)) {
            if (!factor.confirmed() && TOTP.equals(factor.kind())) {
                try {
                    return Optional.of(confirmTotp(userId, factor.id(), code));
                } catch (ApiProblem wrong) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The user's confirmed factors of the kinds the workspace allows (others are neither offered nor accepted). */
    List<MfaRepository.Factor> factors(UUID userId) {
        MfaPolicy policy = settings.mfaPolicy();
        return factors.factors(userId).stream().filter(MfaRepository.Factor::confirmed)
                .filter(f -> policy.allows(f.kind())).toList();
    }

    /** Every confirmed factor of the user, allowed or not (the account page lists and removes them all). */
    List<MfaRepository.Factor> allFactors(UUID userId) {
        return factors.factors(userId).stream().filter(MfaRepository.Factor::confirmed).toList();
    }

    boolean allows(String kind) {
        return settings.mfaPolicy().allows(kind);
    }

    // --- SMS -------------------------------------------------------------------------------------

    /** A phone number being added: its factor, and the message with the confirming code to send after commit. */
    record SmsEnrolment(UUID factorId, String sentTo, SmsCodes.Outgoing message) {
    }

    /** Starts adding a phone for SMS codes: the number gets a code, which confirms it ({@link #confirmSms}). */
    SmsEnrolment startSms(UUID userId, String phone, String name) {
        if (!allows(SmsCodes.KIND)) {
            throw ApiProblem.validation("phone", "cannot receive codes: this workspace does not allow codes by SMS");
        }
        String number = SmsCodes.normalise(phone);
        String label = name == null || name.isBlank() ? "SMS " + SmsCodes.masked(number) : name.strip();
        if (label.length() > 100 || label.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.validation("name", "must be at most 100 characters, without control characters");
        }
        UserRepository.UserRecord user = users.findById(userId).orElseThrow(() -> ApiProblem.notFound("The user"));
        factors.deleteUnconfirmedFactors(userId);
        UUID id = Ids.newId();
        factors.insertSmsFactor(id, userId, label, number, clock.instant());
        return new SmsEnrolment(id, SmsCodes.masked(number), sms.issue(userId, id, number, user.email(), SmsCodes.ENROLMENT));
    }

    /**
     * Confirms a phone with the code sent to it: the recovery codes when it is the user's first factor
     * (else empty), or empty when the code is wrong (counted against the code, in this transaction).
     */
    Optional<List<String>> confirmSms(UUID userId, UUID factorId, String code) {
        MfaRepository.Factor factor = factors.lockFactor(userId, factorId)
                .orElseThrow(() -> ApiProblem.notFound("The factor"));
        if (factor.confirmed() || !SmsCodes.KIND.equals(factor.kind())) {
            throw ApiProblem.validation("factor", "is confirmed already");
        }
        if (sms.check(userId, factorId, SmsCodes.ENROLMENT, code).isEmpty()) {
            return Optional.empty();
        }
        boolean first = !factors.hasConfirmedFactor(userId);
        factors.confirmed(factorId, clock.instant());
        UserRepository.UserRecord user = users.findById(userId).orElseThrow();
        events.success(Type.MFA_FACTOR_ADDED, TenantContext.require(), userId, actor(userId), user.email(),
                Map.of("factor_id", factorId.toString(), "kind", SmsCodes.KIND, "name", factor.name()));
        notices.factorAdded(user.email(), workspace(), factor.name(), clock.instant());
        return Optional.of(first || factors.recoveryCodesLeft(userId) == 0 ? recoveryCodes(userId) : List.of());
    }

    /** A code for signing in or stepping up, to the user's phone: the message to send after commit. */
    SmsCodes.Outgoing smsCode(UUID userId) {
        MfaRepository.Factor phone = factors(userId).stream().filter(f -> SmsCodes.KIND.equals(f.kind())).findFirst()
                .orElseThrow(() -> ApiProblem.validation("method", "needs a phone for SMS codes, and this account has none"));
        UserRepository.UserRecord user = users.findById(userId).orElseThrow();
        return sms.issue(userId, phone.id(), phone.phone(), user.email(), SmsCodes.SIGN_IN);
    }

    void deliver(SmsCodes.Outgoing message) {
        sms.deliver(message);
    }

    /**
     * The methods a user with factors proves themselves with: the kinds of their allowed factors
     * ({@code totp}, {@code passkey}, {@code sms}), then {@code recovery_code} while they have unused ones.
     */
    List<String> methods(UUID userId) {
        List<String> methods = new ArrayList<>();
        List<MfaRepository.Factor> usable = factors(userId);
        for (String kind : List.of(TOTP, Passkeys.KIND, SmsCodes.KIND)) {
            if (usable.stream().anyMatch(f -> f.kind().equals(kind))) {
                methods.add(kind);
            }
        }
        if (recoveryCodesLeft(userId) > 0) {
            methods.add(RECOVERY_CODE);
        }
        return methods;
    }

    int recoveryCodesLeft(UUID userId) {
        return factors.recoveryCodesLeft(userId);
    }

    private static String randomCode() {
        StringBuilder code = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** Who acts: the signed-in caller when there is one (an administrator), else the user themself. */
    private static UUID actor(UUID userId) {
        return io.strongroom.identity.Caller.current().map(io.strongroom.identity.Caller::userId).orElse(userId);
    }

    private String workspace() {
        return tenants.current().map(t -> t.workspace()).orElse("");
    }
}
