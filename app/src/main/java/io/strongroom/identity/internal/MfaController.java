package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.identity.Caller;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.SelfService;
import io.strongroom.platform.TenantContext;

/**
 * Second factors (A6): the caller's own ({@code /api/v1/me/mfa}: authenticator apps, recovery codes),
 * an administrator's reset of a user's, and the workspace's policy ({@code /api/v1/settings/mfa}).
 */
@RestController
class MfaController {

    private static final Pattern PERMISSION = Pattern.compile("[a-z][a-z.]{0,60}:[a-z]{1,30}");

    private final MultiFactor multiFactor;
    private final SecuritySettingsRepository settings;
    private final IdentityEvents events;
    private final io.strongroom.identity.AccountAdministration administration;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Passkeys passkeys;
    private final RememberedDevices remembered;

    MfaController(MultiFactor multiFactor, SecuritySettingsRepository settings, IdentityEvents events,
            io.strongroom.identity.AccountAdministration administration, TransactionTemplate transactions, Clock clock,
            Passkeys passkeys, RememberedDevices remembered) {
        this.passkeys = passkeys;
        this.remembered = remembered;
        this.multiFactor = multiFactor;
        this.settings = settings;
        this.events = events;
        this.administration = administration;
        this.transactions = transactions;
        this.clock = clock;
    }

    record Factor(UUID id, String kind, String name, Instant createdAt, Instant lastUsedAt) {
    }

    /** @param enrolmentDeadline when the workspace requires a factor of the caller: the date to have one by */
    record MyFactors(List<Factor> factors, int recoveryCodesLeft, boolean required, Instant enrolmentDeadline) {
    }

    record EnrolmentResponse(UUID id, String secret, String otpauthUri, String qrCode) {

        static EnrolmentResponse of(MultiFactor.Enrolment enrolment) {
            return new EnrolmentResponse(enrolment.factorId(), enrolment.secret(), enrolment.uri(), enrolment.qrCode());
        }

        @Override
        public String toString() {
            return "EnrolmentResponse[" + id + "]";
        }
    }

    record NameRequest(String name) {
    }

    record CodeRequest(String code) {

        @Override
        public String toString() {
            return "CodeRequest[<hidden>]";
        }
    }

    record RecoveryCodes(List<String> recoveryCodes) {

        @Override
        public String toString() {
            return "RecoveryCodes[<hidden>]";
        }
    }

    record PhoneRequest(String phone, String name) {
    }

    /** A code went to {@code sentTo} (shown masked); it works for {@code expiresIn} seconds. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record SmsSent(UUID id, String sentTo, long expiresIn) {
    }

    record PasskeyRequest(String name, tools.jackson.databind.JsonNode credential) {

        @Override
        public String toString() {
            return "PasskeyRequest[" + name + ", <hidden>]";
        }
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record PasskeyAdded(UUID id, String name, List<String> recoveryCodes) {

        @Override
        public String toString() {
            return "PasskeyAdded[" + id + "]";
        }
    }

    /** {@code methods}: the kinds of factor allowed ({@code totp} always; {@code passkey}, {@code sms}); absent: unchanged. */
    record Policy(String mode, List<String> permissions, Integer graceDays, Instant requiredSince, List<String> methods,
            Integer rememberDeviceDays) {
    }

    @SelfService("the caller's own second factors")
    @GetMapping("/api/v1/me/mfa")
    MyFactors mine() {
        UUID me = Caller.require().userId();
        return transactions.execute(tx -> {
            Instant deadline = multiFactor.enrolmentDeadline(me);
            return new MyFactors(multiFactor.allFactors(me).stream().map(f -> new Factor(f.id(), f.kind(), f.name(),
                    f.createdAt(), f.lastUsedAt())).toList(), multiFactor.recoveryCodesLeft(me), deadline != null,
                    deadline == null || deadline.equals(Instant.MAX) ? null : deadline);
        });
    }

    /** Starts adding an authenticator app: its secret, {@code otpauth://} URI and QR code, shown this once. */
    @SelfService("the caller's own second factors")
    @io.strongroom.platform.StepUp("adds a way to sign in to the account")
    @PostMapping(path = "/api/v1/me/mfa/totp", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EnrolmentResponse> startTotp(@RequestBody(required = false) NameRequest body) {
        UUID me = Caller.require().userId();
        MultiFactor.Enrolment enrolment = transactions.execute(tx -> multiFactor.startTotp(me,
                body == null ? null : body.name()));
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store")
                .body(EnrolmentResponse.of(enrolment));
    }

    /** Confirms the app with its current code; the first factor answers ten recovery codes, shown this once. */
    @SelfService("the caller's own second factors")
    @PostMapping(path = "/api/v1/me/mfa/totp/{id}/confirm", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RecoveryCodes> confirmTotp(@PathVariable UUID id, @RequestBody CodeRequest body) {
        UUID me = Caller.require().userId();
        List<String> codes = transactions.execute(tx -> multiFactor.confirmTotp(me, id, body.code()));
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(new RecoveryCodes(codes));
    }

    /**
     * Starts adding a passkey: what {@code navigator.credentials.create()} needs (a discoverable
     * credential that verifies its user, for this site; the caller's passkeys are excluded).
     */
    @SelfService("the caller's own second factors")
    @io.strongroom.platform.StepUp("adds a way to sign in to the account")
    @PostMapping("/api/v1/me/mfa/passkeys/options")
    ResponseEntity<AuthController.PasskeyOptions> passkeyOptions() {
        return AuthController.PasskeyOptions.answer(passkeys.creationOptions(Caller.require().userId()));
    }

    /** Adds the passkey the browser made ({@code PublicKeyCredential.toJSON()}); a first factor brings recovery codes. */
    @SelfService("the caller's own second factors")
    @io.strongroom.platform.StepUp("adds a way to sign in to the account")
    @PostMapping(path = "/api/v1/me/mfa/passkeys", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PasskeyAdded> addPasskey(@RequestBody PasskeyRequest body) {
        Passkeys.Registered added = passkeys.register(Caller.require().userId(), body.name(),
                Passkeys.json(body.credential()));
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store")
                .body(new PasskeyAdded(added.id(), added.name(), added.recoveryCodes().isEmpty() ? null
                        : added.recoveryCodes()));
    }

    /** The caller's remembered devices (where the workspace lets a device skip the second factor for some days). */
    @SelfService("the caller's own devices")
    @GetMapping("/api/v1/me/devices")
    List<RememberedDevices.Device> devices() {
        UUID me = Caller.require().userId();
        return transactions.execute(tx -> remembered.devices(me));
    }

    /** Forgets a remembered device: it asks for the second factor again, and the sessions begun on it end. */
    @SelfService("the caller's own devices")
    @DeleteMapping("/api/v1/me/devices/{id}")
    ResponseEntity<Void> forgetDevice(@PathVariable UUID id) {
        UUID me = Caller.require().userId();
        transactions.executeWithoutResult(tx -> remembered.forget(me, id));
        return ResponseEntity.noContent().build();
    }

    /** Starts adding a phone for codes by SMS: a code is sent to it, which confirms it. */
    @SelfService("the caller's own second factors")
    @io.strongroom.platform.StepUp("adds a way to sign in to the account")
    @PostMapping(path = "/api/v1/me/mfa/sms", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SmsSent> startSms(@RequestBody PhoneRequest body) {
        UUID me = Caller.require().userId();
        MultiFactor.SmsEnrolment enrolment = transactions.execute(tx -> multiFactor.startSms(me, body.phone(), body.name()));
        multiFactor.deliver(enrolment.message());
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store")
                .body(new SmsSent(enrolment.factorId(), enrolment.sentTo(), SmsCodes.LIFETIME.toSeconds()));
    }

    /** Confirms the phone with the code it received; the first factor answers ten recovery codes, shown this once. */
    @SelfService("the caller's own second factors")
    @PostMapping(path = "/api/v1/me/mfa/sms/{id}/confirm", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RecoveryCodes> confirmSms(@PathVariable UUID id, @RequestBody CodeRequest body) {
        UUID me = Caller.require().userId();
        // a wrong code is counted in the transaction, then refused: the count must not roll back
        List<String> codes = transactions.execute(tx -> multiFactor.confirmSms(me, id, body.code()).orElse(null));
        if (codes == null) {
            throw ApiProblem.validation("code", "is not the code sent to the phone, or it has expired; ask for a new one");
        }
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(new RecoveryCodes(codes));
    }

    @SelfService("the caller's own second factors")
    @io.strongroom.platform.StepUp("makes new codes that sign in to the account")
    @PostMapping("/api/v1/me/mfa/recovery-codes")
    ResponseEntity<RecoveryCodes> newRecoveryCodes() {
        UUID me = Caller.require().userId();
        List<String> codes = transactions.execute(tx -> multiFactor.newRecoveryCodes(me));
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(new RecoveryCodes(codes));
    }

    @SelfService("the caller's own second factors")
    @io.strongroom.platform.StepUp("removes a second factor that protects the account")
    @DeleteMapping("/api/v1/me/mfa/factors/{id}")
    ResponseEntity<Void> remove(@PathVariable UUID id) {
        UUID me = Caller.require().userId();
        transactions.executeWithoutResult(tx -> multiFactor.remove(me, id));
        return ResponseEntity.noContent().build();
    }

    /**
     * An administrator removes a user's factors and recovery codes (the user lost their phone); the
     * user's sessions end and they are told by e-mail. An Owner's only by another Owner.
     */
    @PreAuthorize("hasAuthority('users:manage')")
    @io.strongroom.platform.StepUp("removes the second factors that protect another account")
    @DeleteMapping("/api/v1/users/{id}/mfa")
    ResponseEntity<Void> reset(@PathVariable UUID id) {
        administration.resetSecondFactors(id);
        return ResponseEntity.noContent().build();
    }

    @SelfService("the workspace's multi-factor policy, which applies to every member")
    @GetMapping("/api/v1/settings/mfa")
    Policy policy() {
        return view(transactions.execute(tx -> settings.mfaPolicy()));
    }

    /**
     * Sets the policy: {@code off}, {@code everyone}, or {@code permissions} (holders of any of the
     * listed permissions); {@code grace_days} (0-90) is how long users without a factor may still sign
     * in with a password alone, counted from when the policy first required one.
     */
    @PreAuthorize("hasAuthority('settings:manage')")
    @io.strongroom.platform.StepUp("changes who must sign in with a second factor")
    @PutMapping(path = "/api/v1/settings/mfa", consumes = MediaType.APPLICATION_JSON_VALUE)
    Policy updatePolicy(@RequestBody Policy body) {
        List<FieldProblem> problems = new ArrayList<>();
        if (body.mode() == null || !List.of("off", "everyone", "permissions").contains(body.mode())) {
            problems.add(new FieldProblem("mode", "must be off, everyone or permissions"));
        }
        Set<String> permissions = new TreeSet<>();
        if (body.permissions() != null) {
            for (String permission : body.permissions()) {
                if (permission == null || !PERMISSION.matcher(permission).matches()) {
                    problems.add(new FieldProblem("permissions", "must be permission names such as people.personal:read"));
                    break;
                }
                permissions.add(permission);
            }
        }
        if ("permissions".equals(body.mode()) && permissions.isEmpty() && problems.isEmpty()) {
            problems.add(new FieldProblem("permissions", "must name at least one permission when mode is permissions"));
        }
        if (body.methods() != null && (!MfaPolicy.ALL_METHODS.containsAll(body.methods())
                || !body.methods().contains(MultiFactor.TOTP))) {
            problems.add(new FieldProblem("methods", "must name totp and any of passkey and sms"));
        }
        int grace = body.graceDays() == null ? 7 : body.graceDays();
        if (body.rememberDeviceDays() != null && (body.rememberDeviceDays() < 0 || body.rememberDeviceDays() > 90)) {
            problems.add(new FieldProblem("remember_device_days", "must be between 0 and 90"));
        }
        if (grace < 0 || grace > 90) {
            problems.add(new FieldProblem("grace_days", "must be between 0 and 90"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        UUID me = Caller.require().userId();
        return view(transactions.execute(tx -> {
            MfaPolicy before = settings.mfaPolicy();
            boolean on = !"off".equals(body.mode());
            Instant since = !on ? null : before.requiredSince() != null ? before.requiredSince() : clock.instant();
            MfaPolicy after = new MfaPolicy(body.mode(), "permissions".equals(body.mode()) ? permissions : Set.of(),
                    grace, since, body.methods() == null ? before.methods() : Set.copyOf(body.methods()),
                    body.rememberDeviceDays() == null ? before.rememberDeviceDays() : body.rememberDeviceDays());
            settings.saveMfaPolicy(after);
            events.success(Type.MFA_POLICY_CHANGED, TenantContext.require(), null, me, null, Map.of(
                    "mode", IdentityEvents.change(before.mode(), after.mode()),
                    "permissions", IdentityEvents.change(new TreeSet<>(before.permissions()).stream().toList(),
                            new TreeSet<>(after.permissions()).stream().toList()),
                    "grace_days", IdentityEvents.change(before.graceDays(), after.graceDays()),
                    "methods", IdentityEvents.change(new TreeSet<>(before.methods()).stream().toList(),
                            new TreeSet<>(after.methods()).stream().toList()),
                    "remember_device_days", IdentityEvents.change(before.rememberDeviceDays(), after.rememberDeviceDays())));
            return after;
        }));
    }

    private static Policy view(MfaPolicy policy) {
        return new Policy(policy.mode(), new TreeSet<>(policy.permissions()).stream().toList(), policy.graceDays(),
                policy.requiredSince(), new TreeSet<>(policy.methods()).stream().toList(), policy.rememberDeviceDays());
    }
}
