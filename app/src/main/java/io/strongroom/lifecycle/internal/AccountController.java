package io.strongroom.lifecycle.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.identity.Caller;

/**
 * {@code GET /api/v1/workspace/account}: the workspace's own view of its account (D3) for those who
 * manage its settings: the state, what its people may do, and the steps of the retention schedule
 * ahead with their dates, so nobody learns of a deletion only from a mail. Whether a legal hold
 * applies is shown, its reason is the operator's.
 */
@RestController
class AccountController {

    private final Lifecycle lifecycle;

    AccountController(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/api/v1/workspace/account")
    Map<String, Object> account() {
        Lifecycle.View view = lifecycle.view(Caller.require().tenantId());
        Account a = view.account();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account_state", a.state().key());
        out.put("access", a.access().key());
        out.put("state_since", a.stateSince());
        out.put("trial_ends_at", a.trialEndsAt());
        out.put("legal_hold", a.onLegalHold());
        out.put("upcoming", view.upcoming().stream().map(s -> Map.of("step", s.kind().key(), "due", s.due(),
                "held", s.kind() == Schedule.StepKind.DELETE && a.onLegalHold())).toList());
        return out;
    }
}
