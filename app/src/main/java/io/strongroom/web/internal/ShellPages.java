package io.strongroom.web.internal;

import org.springframework.web.bind.annotation.GetMapping;

import io.strongroom.platform.SelfService;
import io.strongroom.web.PageController;
import jakarta.annotation.security.PermitAll;

/** The shell's own pages: the root, the start page (the first navigation entry one may use) and "not allowed". */
@PageController
class ShellPages {

    private final Navigation navigation;

    ShellPages(Navigation navigation) {
        this.navigation = navigation;
    }

    @PermitAll
    @GetMapping("/")
    String home() {
        return Navigation.signedIn() ? "redirect:" + Shell.START_PAGE : "redirect:" + Shell.SIGN_IN_PAGE;
    }

    @SelfService("the start page, which opens the first page of the caller's navigation")
    @GetMapping(Shell.START_PAGE)
    String start() {
        return "redirect:" + navigation.visible().getFirst().path();
    }

    @SelfService("the page that says a page is not allowed")
    @GetMapping(Shell.DENIED_PAGE)
    String denied() {
        return "denied";
    }
}
