package io.strongroom.web.internal;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.strongroom.web.PageController;

/**
 * What every page's layout needs: who is signed in ({@code me}) and the navigation entries they
 * may open ({@code navigation}). Applies to {@link PageController}s only, so JSON requests pay
 * nothing for it.
 */
@ControllerAdvice(annotations = PageController.class)
class WebModel {

    private final SignedInHeaders headers;
    private final Navigation navigation;

    WebModel(SignedInHeaders headers, Navigation navigation) {
        this.headers = headers;
        this.navigation = navigation;
    }

    @ModelAttribute
    void common(Model model) {
        if (!Navigation.signedIn()) {
            return;
        }
        headers.current().ifPresent(me -> model.addAttribute("me", me));
        model.addAttribute("navigation", navigation.visible());
    }
}
