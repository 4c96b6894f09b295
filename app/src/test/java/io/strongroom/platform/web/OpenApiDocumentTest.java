package io.strongroom.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.strongroom.people.PersonField;
import io.strongroom.platform.SelfService;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import jakarta.annotation.security.PermitAll;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document describes every API handler (a handler missing from it fails here), each
 * with the access rule its declaration enforces, the authentication schemes and the problem
 * responses; property names are snake_case like the API. Swagger UI is served under the strict
 * Content-Security-Policy with no inline script.
 */
@Tag("R4")
class OpenApiDocumentTest extends ApiTest {

    private static final Set<RequestMethod> DOCUMENTED = Set.of(RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT,
            RequestMethod.PATCH, RequestMethod.DELETE);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyApiHandlerIsDescribedWithTheAccessRuleItsDeclarationEnforces() {
        Response response = client().get("/v3/api-docs");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode document = response.json();
        assertThat(document.get("openapi").asString()).startsWith("3.1");
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(document.at("/components/securitySchemes/cookie/name").asString()).isEqualTo("__Host-sr-access");
        assertThat(document.at("/components/securitySchemes/csrf/name").asString()).isEqualTo("X-CSRF-TOKEN");
        assertThat(document.at("/components/schemas/Problem/properties/request_id").isMissingNode()).isFalse();

        List<String> missing = new ArrayList<>();
        List<String> wrongAccess = new ArrayList<>();
        int described = 0;
        for (var entry : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            HandlerMethod handler = entry.getValue();
            if (handler.getBeanType().getName().startsWith("org.springdoc")) {
                continue;
            }
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/api/") && !path.startsWith("/.well-known/")) {
                    continue;
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    if (!DOCUMENTED.contains(method)) {
                        continue;
                    }
                    JsonNode operation = document.path("paths").path(path).path(method.name().toLowerCase(Locale.ROOT));
                    String name = method + " " + path + " (" + handler.getShortLogMessage() + ")";
                    if (operation.isMissingNode()) {
                        missing.add(name);
                        continue;
                    }
                    described++;
                    String expected = expectedAccess(handler);
                    String actual = operation.at("/x-strongroom-access/kind").asString();
                    if (actual.equals("permission")) {
                        List<String> keys = new ArrayList<>();
                        operation.at("/x-strongroom-access/any_of").forEach(k -> keys.add(k.asString()));
                        actual = "permission " + String.join(",", keys);
                    }
                    if (!expected.equals(actual)) {
                        wrongAccess.add(name + ": documented " + actual + ", declared " + expected);
                    }
                    boolean open = expected.equals("public");
                    assertThat(operation.path("security").isArray() && operation.path("security").isEmpty())
                            .as(name + " needs no authentication exactly when it is public").isEqualTo(open);
                    assertThat(operation.at("/responses/400/content/application~1problem+json").isMissingNode())
                            .as(name + " documents its 400 problem").isFalse();
                    if (!open) {
                        assertThat(operation.at("/responses/403").isMissingNode()).as(name + " documents 403").isFalse();
                    }
                }
            }
        }
        assertThat(missing).as("API handlers missing from the OpenAPI document").isEmpty();
        assertThat(wrongAccess).isEmpty();
        assertThat(described).as("operations described").isGreaterThan(40);
    }

    @Test
    void thePersonSchemasAreTheFieldCatalog() {
        JsonNode document = client().get("/v3/api-docs").json();
        for (PersonField field : PersonField.values()) {
            assertThat(document.at("/components/schemas/Person/properties/" + field.apiName()).isMissingNode())
                    .as("Person." + field.apiName()).isFalse();
            assertThat(document.at("/components/schemas/PersonInput/properties/" + field.apiName()).isMissingNode())
                    .as("PersonInput." + field.apiName()).isFalse();
        }
        assertThat(document.at("/components/schemas/Person/properties/status/enum").toString())
                .isEqualTo("[\"active\",\"on_leave\",\"terminated\"]");
        assertThat(document.at("/paths/~1api~1v1~1people~1{id}/patch/requestBody/content/application~1merge-patch+json/schema/$ref")
                .asString()).isEqualTo("#/components/schemas/PersonInput");
        assertThat(document.at("/paths/~1api~1v1~1people/post/responses/201/content/application~1json/schema/$ref")
                .asString()).isEqualTo("#/components/schemas/Person");
        assertThat(document.at("/paths/~1api~1v1~1people/get/responses/200/content/application~1json/schema/$ref")
                .asString()).isEqualTo("#/components/schemas/PersonPage");
    }

    @Test
    void theSignInAndSignUpSchemasCarryExamples() {
        JsonNode schemas = client().get("/v3/api-docs").json().at("/components/schemas");
        assertThat(schemas.at("/LoginRequest/example/workspace").asString()).isEqualTo("acme");
        assertThat(schemas.at("/LoginRequest/properties/token_delivery/enum").toString()).isEqualTo("[\"body\",\"cookie\"]");
        assertThat(schemas.at("/SignupForm/example/company_name").asString()).isEqualTo("Acme GmbH");
        assertThat(schemas.at("/TokenResponse/example/expires_in").asInt()).isEqualTo(60);
        assertThat(schemas.at("/Preferences/example/time_zone").asString()).isEqualTo("Europe/Berlin");
        assertThat(schemas.at("/PersonPage/properties").propertyNames()).contains("next_after", "previous_before", "total");
        assertThat(schemas.at("/RegionalDefaults/properties/language/enum").valueStream().map(v -> v.asString()).toList())
                .containsExactly("en", "de", "cs", "nl");
    }

    @Test
    void schemasUseTheApisSnakeCaseNames() {
        JsonNode schemas = client().get("/v3/api-docs").json().at("/components/schemas");
        List<String> camel = new ArrayList<>();
        Pattern camelCase = Pattern.compile(".*[a-z][A-Z].*");
        schemas.properties().forEach(schema -> schema.getValue().path("properties").propertyNames()
                .forEach(property -> {
                    if (camelCase.matcher(property).matches()) {
                        camel.add(schema.getKey() + "." + property);
                    }
                }));
        assertThat(camel).as("camelCase property names").isEmpty();
    }

    @Test
    void swaggerUiIsServedUnderTheStrictPolicyWithoutInlineScript() {
        Response page = client().get("/swagger-ui/index.html");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>").matcher(page.body()).find())
                .as("an inline <script> in:\n" + page.body()).isFalse();
        assertThat(Pattern.compile("\\son[a-z]+=").matcher(page.body()).find()).as("inline event handlers").isFalse();
        Response initializer = client().get("/swagger-ui/swagger-initializer.js");
        assertThat(initializer.status()).isEqualTo(200);
        assertThat(client().get("/v3/api-docs/swagger-config").json().path("url").asString()).isEqualTo("/v3/api-docs");
    }

    /** What the handler declares, in the document's terms. */
    private static String expectedAccess(HandlerMethod handler) {
        if (has(handler, PermitAll.class)) {
            return "public";
        }
        if (has(handler, SelfService.class)) {
            return "self-service";
        }
        PreAuthorize rule = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), PreAuthorize.class);
        if (rule == null) {
            rule = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), PreAuthorize.class);
        }
        List<String> keys = new ArrayList<>();
        var m = Pattern.compile("'([^']+)'").matcher(rule == null ? "" : rule.value());
        while (m.find()) {
            keys.add(m.group(1));
        }
        return "permission " + String.join(",", keys);
    }

    private static boolean has(HandlerMethod handler, Class<? extends java.lang.annotation.Annotation> type) {
        return AnnotatedElementUtils.hasAnnotation(handler.getMethod(), type)
                || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), type);
    }
}
