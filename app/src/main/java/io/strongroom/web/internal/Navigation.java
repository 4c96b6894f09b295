package io.strongroom.web.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import io.strongroom.web.NavigationEntry;

/**
 * The main navigation: every module's {@link NavigationEntry} beans, ordered, filtered by the
 * caller's permissions (the authorities of the verified token, so no database call).
 */
@Component
class Navigation {

    private final List<NavigationEntry> entries;

    Navigation(List<NavigationEntry> entries) {
        this.entries = entries.stream().sorted(Comparator.comparingInt(NavigationEntry::order)).toList();
        if (this.entries.stream().noneMatch(e -> e.anyOf().isEmpty())) {
            throw new IllegalStateException("The navigation needs one entry every signed-in user may open");
        }
    }

    /** The entries the current caller may open; empty when nobody is signed in. */
    List<NavigationEntry> visible() {
        if (!signedIn()) {
            return List.of();
        }
        Set<String> held = SecurityContextHolder.getContext().getAuthentication().getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
        return entries.stream().filter(e -> e.visibleTo(held)).toList();
    }

    static boolean signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }
}
