package io.strongroom.identity.internal;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.RateLimit;
import io.strongroom.platform.RateLimiter;
import io.strongroom.platform.TenantContext;
import io.strongroom.sms.SmsGateway;
import io.strongroom.sms.SmsUnavailable;

/**
 * Codes sent by SMS (A6): six random digits, kept as an Argon2id hash, for one purpose (confirming a
 * number, or signing in and stepping up), five minutes, five attempts and one use; a new code of the
 * same purpose ends the earlier one. Sending is limited per number and per workspace (SMS pumping:
 * an attacker making a service send many paid messages to numbers they profit from), on the
 * application clock. The code row is written in the caller's transaction; the message is sent by
 * {@link #deliver} after it committed.
 */
@Component
class SmsCodes {

    static final String KIND = "sms";
    /** RFC 8176: confirmation by a code sent to a phone by SMS. */
    static final String AMR = "sms";
    static final String ENROLMENT = "enrolment";
    static final String SIGN_IN = "sign_in";
    static final Duration LIFETIME = Duration.ofMinutes(5);
    static final int ATTEMPTS = 5;
    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    static final ApiProblem UNAVAILABLE = new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemType.uri("sms-unavailable"),
            "Text message not sent", "The text message could not be sent just now; try again in a minute or use "
                    + "another second factor.", List.of(), java.util.Map.of());

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final PasswordHashing hashing;
    private final RateLimiter rateLimiter;
    private final SmsGateway gateway;
    private final MessageSource messages;
    private final RegionalRepository regional;
    private final Clock clock;
    private final RateLimit perNumber;
    private final RateLimit perWorkspace;
    private final String site;

    SmsCodes(JdbcClient jdbc, PasswordHashing hashing, RateLimiter rateLimiter, SmsGateway gateway,
            MessageSource messages, RegionalRepository regional, Clock clock, IdentityProperties properties,
            @Value("${strongroom.sms.per-number-per-hour:5}") int perNumberPerHour,
            @Value("${strongroom.sms.per-workspace-per-hour:100}") int perWorkspacePerHour) {
        this.jdbc = jdbc;
        this.hashing = hashing;
        this.rateLimiter = rateLimiter;
        this.gateway = gateway;
        this.messages = messages;
        this.regional = regional;
        this.clock = clock;
        if (perNumberPerHour < 1 || perWorkspacePerHour < 1) {
            throw new IllegalStateException("strongroom.sms.per-number-per-hour and per-workspace-per-hour must be at least 1");
        }
        this.perNumber = new RateLimit("sms-number", perNumberPerHour, Duration.ofHours(1));
        this.perWorkspace = new RateLimit("sms-workspace", perWorkspacePerHour, Duration.ofHours(1));
        this.site = java.net.URI.create(properties.publicUrl()).getHost();
    }

    /** A phone number as typed, in E.164 ({@code +} and digits): spaces, dashes, dots and brackets dropped. */
    static String normalise(String phone) {
        String number = phone == null ? "" : phone.replaceAll("[\\s().-]", "");
        if (number.startsWith("00")) {
            number = "+" + number.substring(2);
        }
        if (!E164.matcher(number).matches()) {
            throw ApiProblem.validation("phone", "must be a mobile number with its country code, such as +49 151 12345678");
        }
        return number;
    }

    /** A number as shown back: its country code and last digits only. */
    static String masked(String phone) {
        return phone.substring(0, Math.min(3, phone.length())) + " •••• " + phone.substring(phone.length() - 2);
    }

    /** A message to send once the transaction that wrote its code committed. */
    record Outgoing(String to, String text) {

        @Override
        public String toString() {
            return "Outgoing[" + masked(to) + "]";
        }
    }

    /**
     * Makes a new code of {@code purpose} for the factor (the user's earlier one of that purpose ends),
     * after the per-number and per-workspace limits; answers the message to {@link #deliver}.
     */
    Outgoing issue(UUID userId, UUID factorId, String phone, String email, String purpose) {
        rateLimiter.consume(perNumber, TenantContext.require() + ":" + phone);
        rateLimiter.consume(perWorkspace, TenantContext.require().toString());
        Instant now = clock.instant();
        String code = String.format(Locale.ROOT, "%06d", RANDOM.nextInt(1_000_000));
        jdbc.sql("""
                update sms_code set used_at = :now
                 where tenant_id = :tenant and user_id = :user and purpose = :purpose and used_at is null""")
                .param("tenant", TenantContext.require()).param("user", userId).param("purpose", purpose)
                .param("now", Timestamp.from(now)).update();
        jdbc.sql("delete from sms_code where tenant_id = :tenant and expires_at < :before")
                .param("tenant", TenantContext.require()).param("before", Timestamp.from(now.minus(Duration.ofDays(1))))
                .update();
        jdbc.sql("""
                insert into sms_code (tenant_id, id, user_id, factor_id, purpose, code_hash, created_at, expires_at)
                values (:tenant, :id, :user, :factor, :purpose, :hash, :now, :expires)""")
                .param("tenant", TenantContext.require()).param("id", Ids.newId()).param("user", userId)
                .param("factor", factorId).param("purpose", purpose).param("hash", hashing.hash(code))
                .param("now", Timestamp.from(now)).param("expires", Timestamp.from(now.plus(LIFETIME))).update();
        Locale language = regional.forAddress(email).language().locale();
        String text = messages.getMessage("sms.code", new Object[] {code, site}, language);
        return new Outgoing(phone, text);
    }

    /** Sends a message whose code committed; a gateway that does not accept it is a 503 to the caller. */
    void deliver(Outgoing message) {
        try {
            gateway.send(message.to(), message.text());
        } catch (SmsUnavailable failed) {
            org.slf4j.LoggerFactory.getLogger(SmsCodes.class).warn("Text message to {} not sent: {}",
                    masked(message.to()), failed.getMessage());
            throw UNAVAILABLE;
        }
    }

    /**
     * Checks a code of {@code purpose} (for enrolment: of that factor) and spends it when right. A wrong
     * code counts against it; the fifth ends it.
     */
    Optional<UUID> check(UUID userId, UUID factorId, String purpose, String code) {
        String digits = code == null ? "" : code.strip();
        if (!digits.matches("[0-9]{6}")) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        record Live(UUID id, UUID factorId, String hash, int failures) {
        }
        Optional<Live> live = jdbc.sql("""
                select id, factor_id, code_hash, failures from sms_code
                 where tenant_id = :tenant and user_id = :user and purpose = :purpose and used_at is null
                   and expires_at > :now and (cast(:factor as uuid) is null or factor_id = :factor)
                 order by created_at desc limit 1 for update""")
                .param("tenant", TenantContext.require()).param("user", userId).param("purpose", purpose)
                .param("factor", factorId).param("now", Timestamp.from(now))
                .query((rs, n) -> new Live(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getInt(4)))
                .optional();
        if (live.isEmpty()) {
            return Optional.empty();
        }
        if (!hashing.matches(digits, live.get().hash())) {
            jdbc.sql("""
                    update sms_code set failures = failures + 1,
                           used_at = case when failures + 1 >= :attempts then :now else used_at end
                     where tenant_id = :tenant and id = :id""")
                    .param("tenant", TenantContext.require()).param("id", live.get().id()).param("attempts", ATTEMPTS)
                    .param("now", Timestamp.from(now)).update();
            return Optional.empty();
        }
        jdbc.sql("update sms_code set used_at = :now where tenant_id = :tenant and id = :id")
                .param("tenant", TenantContext.require()).param("id", live.get().id()).param("now", Timestamp.from(now))
                .update();
        return Optional.of(live.get().factorId());
    }
}
