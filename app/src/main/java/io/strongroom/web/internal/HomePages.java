package io.strongroom.web.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.strongroom.platform.SelfService;
import io.strongroom.web.HomeSection;
import io.strongroom.web.PageController;

/** The home page: the cards every module contributes for the caller, each under that module's rules. */
@PageController
class HomePages {

    static final String HOME = "/app/home";

    private final List<HomeSection> sections;

    HomePages(List<HomeSection> sections) {
        this.sections = sections.stream().sorted(Comparator.comparingInt(HomeSection::order)).toList();
    }

    @SelfService("the home page, whose cards each answer under their module's own rules")
    @GetMapping(HOME)
    String home(Model model) {
        model.addAttribute("cards", sections.stream().map(HomeSection::card).flatMap(Optional::stream).toList());
        return "home";
    }
}
