package io.strongroom.identity.internal;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.strongroom.identity.Caller;
import io.strongroom.web.PageHeader;

/** The layout's header: the signed-in user's name and e-mail, their workspace and company. */
@Component
class SignedInHeader implements PageHeader {

    private final MyAccount account;

    SignedInHeader(MyAccount account) {
        this.account = account;
    }

    @Override
    public Optional<SignedIn> current() {
        if (Caller.current().isEmpty()) {
            return Optional.empty();
        }
        MyAccount.Me me = account.me();
        return Optional.of(new SignedIn(me.displayName(), me.email(), me.workspace(), me.companyName(),
                java.util.Locale.forLanguageTag(me.language()), java.time.ZoneId.of(me.timeZone())));
    }
}
