package io.strongroom.identity.internal;

import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.strongroom.platform.ApiSchemas;

/** Examples for identity's sign-in schemas in the API description (the README's walkthrough, as data). */
@Configuration(proxyBeanMethods = false)
class IdentityApiDocumentation {

    @Bean
    OpenApiCustomizer identityExamples() {
        return openApi -> {
            ApiSchemas.example(openApi, "LoginRequest", Map.of("workspace", "acme", "email", "ada@acme.example",
                    "password", "a long passphrase nobody guesses"));
            ApiSchemas.allowedValues(openApi, "LoginRequest", "token_delivery", List.of("body", "cookie"));
            ApiSchemas.example(openApi, "RefreshRequest", Map.of("refresh_token", "srt1.AaI3igMIdaibXSw_2x0sIQ.7uqICytl"));
            ApiSchemas.example(openApi, "TokenResponse", Map.of("access_token", "eyJraWQiOiIyMDI2MTIwMi0...",
                    "token_type", "Bearer", "expires_in", 60, "refresh_token", "srt1.AaI3igMIdaibXSw_2x0sIQ.7uqICytl"));
            List<String> languages = java.util.Arrays.stream(io.strongroom.platform.Language.values())
                    .map(io.strongroom.platform.Language::tag).toList();
            ApiSchemas.example(openApi, "Preferences", Map.of("language", "de", "time_zone", "Europe/Berlin"));
            ApiSchemas.allowedValues(openApi, "Preferences", "language", languages);
            ApiSchemas.example(openApi, "RegionalDefaults", Map.of("language", "cs", "time_zone", "Europe/Prague"));
            ApiSchemas.allowedValues(openApi, "RegionalDefaults", "language", languages);
        };
    }
}
