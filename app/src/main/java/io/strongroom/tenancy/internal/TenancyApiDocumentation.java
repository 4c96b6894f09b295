package io.strongroom.tenancy.internal;

import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.strongroom.platform.ApiSchemas;

/** An example sign-up in the API description. */
@Configuration(proxyBeanMethods = false)
class TenancyApiDocumentation {

    @Bean
    OpenApiCustomizer signupExample() {
        return openApi -> ApiSchemas.example(openApi, "SignupForm", Map.of("workspace", "acme", "company_name", "Acme GmbH",
                "region", "eu", "admin_email", "ada@acme.example", "admin_name", "Ada Lovelace",
                "password", "a long passphrase nobody guesses"));
    }
}
