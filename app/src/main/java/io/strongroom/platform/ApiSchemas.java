package io.strongroom.platform;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;

/**
 * What modules add to the schemas springdoc derives from their records, in their own
 * {@code OpenApiCustomizer}s: an example, the allowed values of a string property. A schema or
 * property that is not there is left alone (the OpenAPI test names the operations).
 */
public final class ApiSchemas {

    private ApiSchemas() {
    }

    @SuppressWarnings("rawtypes")
    public static void example(OpenAPI openApi, String schema, Map<String, Object> example) {
        Schema found = schema(openApi, schema);
        if (found != null) {
            found.setExample(example);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    public static void allowedValues(OpenAPI openApi, String schema, String property, List<String> values) {
        Schema found = schema(openApi, schema);
        if (found != null && found.getProperties() != null && found.getProperties().get(property) instanceof Schema p) {
            p.setEnum(values);
        }
    }

    @SuppressWarnings("rawtypes")
    private static Schema schema(OpenAPI openApi, String name) {
        Map<String, Schema> schemas = openApi.getComponents() == null ? null : openApi.getComponents().getSchemas();
        return schemas == null ? null : schemas.get(name);
    }
}
