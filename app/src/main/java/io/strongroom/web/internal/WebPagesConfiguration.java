package io.strongroom.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;


@Configuration(proxyBeanMethods = false)
class WebPagesConfiguration implements WebMvcConfigurer {

    /** Where modules put their page messages: {@code messages/<module>.properties} (+ {@code _<lang>} later). */
    static final String BUNDLES = "classpath*:messages/*.properties";

    /** Home comes first: it is where a sign-in lands. */
    @Bean
    io.strongroom.web.NavigationEntry homeNavigation() {
        return io.strongroom.web.NavigationEntry.of(0, "nav.home", HomePages.HOME);
    }

    /** Browsers ask for /favicon.ico on pages without an icon link (e.g. a JSON answer). */
    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/favicon.ico", "/favicon.svg");
    }

    /**
     * Every module's page messages, found by the convention above, so a module adds its pages'
     * texts without touching the shell. Two bundles must not define one key ({@code MessageKeysTest}).
     */
    @Bean
    MessageSource messageSource() throws IOException {
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources(BUNDLES);
        String[] basenames = Arrays.stream(resources).map(Resource::getFilename).filter(Objects::nonNull)
                .filter(name -> !name.contains("_"))
                .map(name -> "messages/" + name.substring(0, name.length() - ".properties".length()))
                .sorted().distinct().toArray(String[]::new);
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasenames(basenames);
        source.setDefaultEncoding(StandardCharsets.UTF_8.name());
        source.setFallbackToSystemLocale(false);
        return source;
    }
}
