package io.strongroom.identity.internal;

import java.util.Locale;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.strongroom.identity.IdentityEvent;

/**
 * Identity's product metrics (L4), in Prometheus as:
 * <ul>
 * <li>{@code strongroom_sign_ins_total{outcome="success"|"failure", reason}}: every sign-in attempt
 * (the reason of a failure: unknown_workspace, unknown_email, bad_password, locked, ...);</li>
 * <li>{@code strongroom_lockouts_total}: accounts locked after repeated failures;</li>
 * <li>{@code strongroom_refresh_token_reuse_total}: a used refresh token presented again (the
 * session was ended: a stolen token, or a broken client);</li>
 * <li>{@code strongroom_tokens_refused_total{channel="bearer"|"cookie", reason}}: access tokens
 * refused (malformed, expired, session_ended, invalid: a bad signature, issuer, audience, ...).</li>
 * </ul>
 * Tags are closed sets of codes; no tag ever holds an address, a workspace or an id.
 */
@Component
class IdentityMetrics {

    private final MeterRegistry meters;

    IdentityMetrics(MeterRegistry meters) {
        this.meters = meters;
        // exported at 0 from the start, so rates and increases see the first event
        meters.counter("strongroom.sign_ins", "outcome", "success", "reason", "none");
        meters.counter("strongroom.lockouts");
        meters.counter("strongroom.refresh_token_reuse");
    }

    @EventListener
    void on(IdentityEvent event) {
        switch (event.type()) {
            case SIGN_IN -> meters.counter("strongroom.sign_ins", "outcome", "success", "reason", "none").increment();
            case SIGN_IN_FAILED -> meters.counter("strongroom.sign_ins", "outcome", "failure", "reason",
                    event.reason() == null ? "unknown" : event.reason()).increment();
            case ACCOUNT_LOCKED -> meters.counter("strongroom.lockouts").increment();
            case REFRESH_TOKEN_REUSED -> meters.counter("strongroom.refresh_token_reuse").increment();
            default -> {
                // counted as audit records, not as metrics
            }
        }
    }

    void tokenRefused(String channel, AccessTokens.InvalidTokenException.Reason reason) {
        meters.counter("strongroom.tokens.refused", "channel", channel, "reason", reason.name().toLowerCase(Locale.ROOT))
                .increment();
    }
}
