package io.strongroom.identity.internal;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;

import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.Ids;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;

/**
 * Passkeys (A6): the WebAuthn relying party, over webauthn4j. A passkey is a discoverable credential
 * that verified its user (PIN or biometrics) when it was made and verifies them every time it is
 * used; it serves as the second step after a password, as a password-less sign-in, and for step-up.
 * <ul>
 * <li>The relying party id is the host of {@code strongroom.public-url}; a browser's answer must come
 * from that URL's origin (or from this server's own HTTPS port on the same host).</li>
 * <li>Every ceremony's challenge is 32 random bytes, stored for one purpose, one client (address and
 * agent), five minutes and one use; the challenge inside the signed client data finds it.</li>
 * <li>A signature counter that stops rising (when the authenticator keeps one) means a cloned
 * authenticator: the assertion is refused.</li>
 * </ul>
 * Refusals are answered as values, not thrown, so that the caller's transaction still records the
 * ceremony as used and the caller can audit why.
 */
@Component
class Passkeys {

    static final String KIND = "passkey";
    /** RFC 8176: proof of possession of a key held by an authenticator. */
    static final String AMR = "hwk";
    /** RFC 8176: the authenticator verified its user (PIN or biometrics). */
    static final String AMR_USER_VERIFIED = "user";
    static final String REGISTRATION = "registration";
    static final String SECOND_FACTOR = "second_factor";
    static final String SIGN_IN = "sign_in";
    static final String STEP_UP = "step_up";
    static final Duration CEREMONY_LIFETIME = Duration.ofMinutes(5);
    /** A registration's answer with the largest attestation (TPM, certificate chains) stays well below this. */
    static final int MAX_REGISTRATION_CHARS = 32 * 1024;
    static final int MAX_ASSERTION_CHARS = 8 * 1024;

    static final ApiProblem NOT_ACCEPTED = new ApiProblem(HttpStatus.UNAUTHORIZED, ProblemType.uri("passkey-not-accepted"),
            "Passkey not accepted", "The passkey's answer could not be verified: it belongs to no account here, was "
                    + "made for another site or another attempt, or was used before. Try again.",
            List.of(), Map.of());

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private final WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager();
    private final AttestedCredentialDataConverter credentialData = new AttestedCredentialDataConverter(new ObjectConverter());
    private final PasskeyRepository passkeys;
    private final MfaRepository factors;
    private final UserRepository users;
    private final MultiFactor multiFactor;
    private final IdentityEvents events;
    private final Notices notices;
    private final io.strongroom.tenancy.TenantDirectory tenants;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String rpId;
    private volatile Set<Origin> origins;

    Passkeys(PasskeyRepository passkeys, MfaRepository factors, UserRepository users, MultiFactor multiFactor,
            IdentityEvents events, Notices notices, io.strongroom.tenancy.TenantDirectory tenants,
            TransactionTemplate transactions, Clock clock, IdentityProperties properties) {
        this.passkeys = passkeys;
        this.factors = factors;
        this.users = users;
        this.multiFactor = multiFactor;
        this.events = events;
        this.notices = notices;
        this.tenants = tenants;
        this.transactions = transactions;
        this.clock = clock;
        URI publicUrl = URI.create(properties.publicUrl());
        this.rpId = publicUrl.getHost();
        this.origins = Set.of(new Origin(origin(publicUrl.getScheme(), publicUrl.getHost(), publicUrl.getPort())));
    }

    /**
     * This server's own HTTPS port on the public host is an origin of the same application (a browser
     * reaching it directly rather than through the public address's proxy).
     */
    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        if (event.getWebServer().getPort() > 0 && "https".equals(URI.create(origins.iterator().next().toString()).getScheme())) {
            Set<Origin> both = new LinkedHashSet<>(origins);
            both.add(new Origin(origin("https", rpId, event.getWebServer().getPort())));
            origins = Set.copyOf(both);
        }
    }

    private static String origin(String scheme, String host, int port) {
        boolean defaultPort = port < 0 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    // --- registration --------------------------------------------------------------------------

    /** What {@code navigator.credentials.create()} needs to make a passkey for the user (its JSON form). */
    Map<String, Object> creationOptions(UUID userId) {
        return transactions.execute(tx -> {
            if (!multiFactor.allows(KIND)) {
                throw ApiProblem.validation("credential", "cannot be added: this workspace does not allow passkeys");
            }
            UserRepository.UserRecord user = users.findById(userId).orElseThrow(() -> ApiProblem.notFound("The user"));
            List<PasskeyRepository.Passkey> existing = passkeys.passkeys(userId);
            byte[] handle = existing.isEmpty() ? random(32) : existing.getFirst().userHandle();
            String label = user.email() + " (" + workspace() + ")";
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("rp", Map.of("id", rpId, "name", "Strongroom"));
            options.put("user", Map.of("id", B64.encodeToString(handle), "name", label,
                    "displayName", user.displayName() == null || user.displayName().isBlank() ? label : user.displayName()));
            options.put("challenge", B64.encodeToString(newCeremony(REGISTRATION, userId, handle)));
            options.put("pubKeyCredParams", ALGORITHMS.stream()
                    .map(p -> Map.of("type", "public-key", "alg", p.getAlg().getValue())).toList());
            options.put("timeout", CEREMONY_LIFETIME.toMillis());
            options.put("excludeCredentials", descriptors(existing));
            options.put("authenticatorSelection", Map.of("residentKey", "required", "requireResidentKey", true,
                    "userVerification", "required"));
            options.put("attestation", "none");
            return options;
        });
    }

    /** A passkey just added: its factor id, and the recovery codes when it is the user's first factor. */
    record Registered(UUID id, String name, List<String> recoveryCodes) {

        @Override
        public String toString() {
            return "Registered[" + id + "]";
        }
    }

    /**
     * Adds the passkey a browser made for the user's open registration ceremony. Refusals are 400s,
     * recorded as failed {@code user.mfa.factor_added} with the reason; the ceremony is spent either way.
     */
    Registered register(UUID userId, String name, String credentialJson) {
        String label = name == null || name.isBlank() ? "Passkey" : name.strip();
        if (label.length() > 100 || label.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.validation("name", "must be at most 100 characters, without control characters");
        }
        if (credentialJson == null || credentialJson.isBlank()) {
            throw ApiProblem.validation("credential", "is required: the answer of navigator.credentials.create()");
        }
        if (credentialJson.length() > MAX_REGISTRATION_CHARS) {
            throw refuseRegistration(userId, "too_large", "is larger than " + MAX_REGISTRATION_CHARS + " characters");
        }
        RegistrationData data;
        try {
            data = manager.parseRegistrationResponseJSON(credentialJson);
        } catch (RuntimeException malformed) {
            throw refuseRegistration(userId, "malformed", "is not a WebAuthn registration response");
        }
        if (data.getCollectedClientData() == null || data.getCollectedClientData().getChallenge() == null
                || data.getAttestationObject() == null) {
            throw refuseRegistration(userId, "malformed", "is not a WebAuthn registration response");
        }
        byte[] challenge = data.getCollectedClientData().getChallenge().getValue();
        Optional<PasskeyRepository.Ceremony> ceremony = transactions.execute(tx -> spend(challenge, REGISTRATION, userId));
        if (ceremony.isEmpty()) {
            throw refuseRegistration(userId, "unknown_challenge",
                    "answers no open request to add a passkey (it expired or was used); start again");
        }
        try {
            manager.verify(data, new RegistrationParameters(new ServerProperty(origins, rpId,
                    new DefaultChallenge(ceremony.get().challenge()), null), ALGORITHMS, true, true));
        } catch (RuntimeException refused) {
            throw refuseRegistration(userId, reason(refused), "could not be verified for this site and request");
        }
        AuthenticatorData<?> authenticator = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData attested = authenticator.getAttestedCredentialData();
        Set<String> transports = new TreeSet<>();
        if (data.getTransports() != null) {
            data.getTransports().stream().map(AuthenticatorTransport::getValue).forEach(transports::add);
        }
        UUID id = Ids.newId();
        Instant now = clock.instant();
        return transactions.execute(tx -> {
            if (passkeys.credentialExists(attested.getCredentialId())) {
                throw ApiProblem.validation("credential", "is registered already");
            }
            boolean first = !factors.hasConfirmedFactor(userId);
            passkeys.insert(new PasskeyRepository.Passkey(id, userId, label, attested.getCredentialId(),
                    credentialData.convert(attested), ceremony.get().userHandle(),
                    authenticator.getSignCount(), authenticator.isFlagBE(), authenticator.isFlagBS(), transports), now);
            UserRepository.UserRecord user = users.findById(userId).orElseThrow();
            events.success(Type.MFA_FACTOR_ADDED, TenantContext.require(), userId, actor(userId), user.email(),
                    Map.of("factor_id", id.toString(), "kind", KIND, "name", label));
            notices.factorAdded(user.email(), workspace(), label, now);
            List<String> codes = first || factors.recoveryCodesLeft(userId) == 0 ? multiFactor.recoveryCodesFor(userId)
                    : List.of();
            return new Registered(id, label, codes);
        });
    }

    private ApiProblem refuseRegistration(UUID userId, String reason, String message) {
        String email = transactions.execute(tx -> users.findById(userId).map(UserRepository.UserRecord::email).orElse(null));
        events.failure(Type.MFA_FACTOR_ADDED, TenantContext.require(), userId, email, reason, Map.of("kind", KIND));
        return ApiProblem.validation("credential", message);
    }

    // --- assertions ----------------------------------------------------------------------------

    /**
     * What {@code navigator.credentials.get()} needs, for a new ceremony of {@code purpose}: for a user
     * (their passkeys are offered), or for a password-less sign-in (none: the browser offers the
     * passkeys it holds for this site). Works in the caller's transaction.
     */
    Map<String, Object> requestOptions(String purpose, UUID userId) {
        return requestOptions(newCeremony(purpose, userId, null), CEREMONY_LIFETIME,
                userId == null ? List.of() : passkeys.passkeys(userId));
    }

    /** The options again for a live ceremony of the user (a second step shown again after a wrong code). */
    Optional<Map<String, Object>> liveRequestOptions(String purpose, UUID userId) {
        return passkeys.liveCeremony(purpose, userId, clock.instant()).map(ceremony -> requestOptions(
                ceremony.challenge(), Duration.between(clock.instant(), ceremony.expiresAt()), passkeys.passkeys(userId)));
    }

    /** Options shaped like real ones for a workspace that does not exist: nothing is stored. */
    Map<String, Object> decoyRequestOptions() {
        return requestOptions(random(32), CEREMONY_LIFETIME, List.of());
    }

    private Map<String, Object> requestOptions(byte[] challenge, Duration timeout, List<PasskeyRepository.Passkey> allowed) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("challenge", B64.encodeToString(challenge));
        options.put("rpId", rpId);
        options.put("timeout", timeout.toMillis());
        options.put("userVerification", "required");
        options.put("allowCredentials", descriptors(allowed));
        return options;
    }

    boolean hasPasskey(UUID userId) {
        return !passkeys.passkeys(userId).isEmpty();
    }

    /**
     * The outcome of checking an assertion: the passkey (and so the user) it proved, or why not.
     * {@code userId} is the account the answer claimed, when known, for the record.
     */
    record Assertion(PasskeyRepository.Passkey passkey, UUID userId, String failure) {

        static Assertion refused(String failure, UUID userId) {
            return new Assertion(null, userId, failure);
        }

        boolean accepted() {
            return passkey != null;
        }
    }

    /**
     * Checks a browser's answer to a ceremony of {@code purpose} in the caller's transaction: the
     * ceremony is spent (used or not), and an accepted passkey's counter moves on. {@code userId} is
     * the user the ceremony must belong to (null for a password-less sign-in: the passkey decides).
     */
    Assertion verify(String purpose, UUID userId, String credentialJson) {
        if (!multiFactor.allows(KIND)) {
            return Assertion.refused("not_allowed", userId);
        }
        if (credentialJson == null || credentialJson.isBlank()) {
            return Assertion.refused("missing", userId);
        }
        if (credentialJson.length() > MAX_ASSERTION_CHARS) {
            return Assertion.refused("too_large", userId);
        }
        AuthenticationData data;
        try {
            data = manager.parseAuthenticationResponseJSON(credentialJson);
        } catch (RuntimeException malformed) {
            return Assertion.refused("malformed", userId);
        }
        if (data.getCollectedClientData() == null || data.getCollectedClientData().getChallenge() == null
                || data.getCredentialId() == null || data.getAuthenticatorData() == null) {
            return Assertion.refused("malformed", userId);
        }
        Optional<PasskeyRepository.Ceremony> ceremony = spend(data.getCollectedClientData().getChallenge().getValue(),
                purpose, userId);
        if (ceremony.isEmpty()) {
            return Assertion.refused("unknown_challenge", userId);
        }
        Optional<PasskeyRepository.Passkey> found = passkeys.lockByCredentialId(data.getCredentialId());
        if (found.isEmpty() || (userId != null && !found.get().userId().equals(userId))) {
            return Assertion.refused("unknown_credential", userId);
        }
        PasskeyRepository.Passkey passkey = found.get();
        if (data.getUserHandle() != null && !Arrays.equals(data.getUserHandle(), passkey.userHandle())) {
            return Assertion.refused("user_handle_mismatch", passkey.userId());
        }
        AttestedCredentialData attested = credentialData.convert(passkey.publicKey());
        CredentialRecordImpl record = new CredentialRecordImpl(null, true, passkey.backupEligible(),
                passkey.backupState(), passkey.signCount(), attested, null, null, null, null);
        try {
            manager.verify(data, new AuthenticationParameters(new ServerProperty(origins, rpId,
                    new DefaultChallenge(ceremony.get().challenge()), null), record, null, true, true));
        } catch (RuntimeException refused) {
            return Assertion.refused(reason(refused), passkey.userId());
        }
        passkeys.used(passkey.id(), data.getAuthenticatorData().getSignCount(), data.getAuthenticatorData().isFlagBS(),
                clock.instant());
        return new Assertion(passkey, passkey.userId(), null);
    }

    /**
     * Finds and spends the live ceremony with this challenge: for this purpose, this user (when one is
     * expected) and this client. Works in the caller's transaction.
     */
    private Optional<PasskeyRepository.Ceremony> spend(byte[] challenge, String purpose, UUID userId) {
        Instant now = clock.instant();
        ClientRequest request = ClientRequest.current().orElse(null);
        Optional<PasskeyRepository.Ceremony> found = challenge == null || challenge.length != 32 ? Optional.empty()
                : passkeys.lockCeremony(challenge);
        if (found.isEmpty() || found.get().usedAt() != null) {
            return Optional.empty();
        }
        PasskeyRepository.Ceremony ceremony = found.get();
        passkeys.ceremonyUsed(ceremony.id(), now);
        boolean matches = ceremony.purpose().equals(purpose) && Objects.equals(ceremony.userId(), userId)
                && now.isBefore(ceremony.expiresAt())
                && Objects.equals(ceremony.clientIp(), request == null ? null : request.clientIp())
                && Objects.equals(ceremony.userAgent(), request == null ? null : request.userAgent());
        return matches ? Optional.of(ceremony) : Optional.empty();
    }

    /**
     * A new ceremony's challenge, stored for its purpose and this client; old ceremonies are swept. A
     * registration's keeps the user handle its options offer (the response does not repeat it).
     */
    private byte[] newCeremony(String purpose, UUID userId, byte[] userHandle) {
        Instant now = clock.instant();
        ClientRequest request = ClientRequest.current().orElse(null);
        byte[] challenge = random(32);
        passkeys.deleteOldCeremonies(now.minus(Duration.ofDays(1)));
        passkeys.insertCeremony(new PasskeyRepository.Ceremony(Ids.newId(), purpose, userId, userHandle, challenge,
                request == null ? null : request.clientIp(), request == null ? null : request.userAgent(),
                now.plus(CEREMONY_LIFETIME), null), now);
        return challenge;
    }

    private static List<Map<String, Object>> descriptors(List<PasskeyRepository.Passkey> existing) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (PasskeyRepository.Passkey passkey : existing) {
            Map<String, Object> descriptor = new LinkedHashMap<>();
            descriptor.put("type", "public-key");
            descriptor.put("id", B64.encodeToString(passkey.credentialId()));
            if (!passkey.transports().isEmpty()) {
                descriptor.put("transports", List.copyOf(passkey.transports()));
            }
            list.add(descriptor);
        }
        return list;
    }

    /** The recorded reason of a refused verification: what was wrong, in words an auditor reads. */
    static String reason(RuntimeException refused) {
        return switch (refused) {
            case BadOriginException e -> "wrong_origin";
            case BadChallengeException e -> "wrong_challenge";
            case BadRpIdException e -> "wrong_rp_id";
            case MaliciousCounterValueException e -> "counter_regressed";
            case BadSignatureException e -> "bad_signature";
            case UserNotVerifiedException e -> "user_not_verified";
            case UserNotPresentException e -> "user_not_present";
            default -> "not_verified";
        };
    }

    private static final tools.jackson.databind.json.JsonMapper OPTIONS_JSON = tools.jackson.databind.json.JsonMapper
            .builder().build();

    /** Options as the JSON a page hands to its script ({@code PublicKeyCredential.parse…OptionsFromJSON}). */
    static String optionsJson(Map<String, Object> options) {
        return OPTIONS_JSON.writeValueAsString(options);
    }

    /** A passkey's answer as sent in a request body: its JSON (an object, or a string holding it). */
    static String json(tools.jackson.databind.JsonNode credential) {
        if (credential == null || credential.isNull()) {
            return null;
        }
        return credential.isString() ? credential.asString() : credential.toString();
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static UUID actor(UUID userId) {
        return io.strongroom.identity.Caller.current().map(io.strongroom.identity.Caller::userId).orElse(userId);
    }

    private String workspace() {
        return tenants.current().map(t -> t.workspace()).orElse("");
    }

}
