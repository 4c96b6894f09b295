package io.strongroom.access.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.strongroom.access.AccessAdministration;
import io.strongroom.identity.Caller;
import io.strongroom.identity.IdentityPermission;
import io.strongroom.web.HomeSection;

/**
 * The administrators' card on the home page: invitations nobody has accepted yet and accounts
 * locked after failed sign-ins, each a link to the user's page. Only for holders of
 * {@code users:manage} (the service checks it again).
 */
@Component
class AccessHome implements HomeSection {

    static final int ITEMS = 8;

    private final AccessAdministration access;

    AccessHome(AccessAdministration access) {
        this.access = access;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Optional<Card> card() {
        if (Caller.current().filter(me -> me.has(IdentityPermission.USERS_MANAGE)).isEmpty()) {
            return Optional.empty();
        }
        List<Item> items = new java.util.ArrayList<>();
        access.users(null, "invited", null, ITEMS).items().forEach(u -> items.add(new Item(u.displayName(),
                "/app/users/" + u.id(), null, "home.invitation-open", List.of(u.email()))));
        access.users(null, "active", null, 200).items().stream().filter(AccessAdministration.UserView::locked)
                .limit(ITEMS).forEach(u -> items.add(new Item(u.displayName(), "/app/users/" + u.id(), null,
                        "home.account-locked", List.of(u.email()))));
        return Optional.of(new Card("home.waiting", items, "home.waiting-none", "/app/users"));
    }
}
