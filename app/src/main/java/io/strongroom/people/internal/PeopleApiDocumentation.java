package io.strongroom.people.internal;

import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.strongroom.people.EmploymentStatus;
import io.strongroom.people.PersonField;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.DateSchema;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.UUIDSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The people endpoints take and answer field maps (untrusted input is answered field by field),
 * so their schemas are written here from the field catalog ({@link PersonField}) rather than
 * derived from Java types: {@code Person} (a record as answered), {@code PersonInput} (a create
 * body or merge patch) and {@code PersonPage}. A field added to the catalog appears in them.
 */
@Configuration(proxyBeanMethods = false)
class PeopleApiDocumentation {

    @Bean
    OpenApiCustomizer peopleSchemas() {
        return openApi -> {
            openApi.getComponents().addSchemas("Person", person()).addSchemas("PersonInput", input())
                    .addSchemas("PersonPage", new ObjectSchema().description("One page of people in the order of sort")
                            .addProperty("items", new ArraySchema().items(ref("Person")))
                            .addProperty("next_after", new StringSchema()
                                    .description("cursor of the next page (the after parameter); null on the last"))
                            .addProperty("previous_before", new StringSchema()
                                    .description("cursor of the previous page (the before parameter); null on the first"))
                            .addProperty("total", new io.swagger.v3.oas.models.media.IntegerSchema()
                                    .description("how many people match the filters, on all pages")));
            PathItem list = openApi.getPaths().get("/api/v1/people");
            PathItem one = openApi.getPaths().get("/api/v1/people/{id}");
            if (list == null || one == null) {
                return;
            }
            answer(list.getGet(), "200", "A page of people", "PersonPage");
            body(list.getPost(), "PersonInput");
            answer(list.getPost(), "201", "Created; ETag and Location headers name it", "Person");
            list.getPost().getResponses().remove("200");
            answer(one.getGet(), "200", "The person (ETag: its version)", "Person");
            body(one.getPatch(), "PersonInput");
            answer(one.getPatch(), "200", "The changed person (ETag: its new version)", "Person");
        };
    }

    @SuppressWarnings("rawtypes")
    private static Schema person() {
        ObjectSchema person = new ObjectSchema();
        person.description("A person record. Personal-data fields are left out (not emptied) unless the caller may see them:"
                + " the person themself, or people.personal:read.");
        person.addProperty("id", new UUIDSchema());
        for (PersonField field : PersonField.values()) {
            person.addProperty(field.apiName(), schema(field));
        }
        person.addProperty("version", new IntegerSchema().description("the record's version; its ETag"));
        person.addProperty("created_at", new DateTimeSchema());
        person.addProperty("updated_at", new DateTimeSchema());
        person.required(List.of("id", "given_name", "family_name", "status", "version", "created_at", "updated_at"));
        return person;
    }

    @SuppressWarnings("rawtypes")
    private static Schema input() {
        ObjectSchema input = new ObjectSchema();
        input.description("Fields to set (create) or change (JSON merge patch with If-Match; null clears a field)."
                + " Unknown fields are refused. given_name and family_name are required on creation.");
        for (PersonField field : PersonField.values()) {
            input.addProperty(field.apiName(), schema(field));
        }
        input.setAdditionalProperties(false);
        return input;
    }

    @SuppressWarnings("rawtypes")
    private static Schema schema(PersonField field) {
        Schema schema = switch (field.type()) {
            case TEXT -> new StringSchema();
            case DATE -> new DateSchema();
            case ID -> new UUIDSchema();
            case STATUS -> new StringSchema()._enum(java.util.Arrays.stream(EmploymentStatus.values())
                    .map(EmploymentStatus::apiName).toList());
        };
        String description = field.description();
        if (field.personal()) {
            description += ". Personal data: shown only to the person and to people.personal:read; changed with"
                    + " people.personal:write" + (field.selfEditable() ? " (or by the person themself)" : "");
        }
        return schema.description(description);
    }

    private static void body(Operation operation, String schema) {
        if (operation != null && operation.getRequestBody() != null) {
            operation.getRequestBody().getContent().values().forEach(media -> media.setSchema(ref(schema)));
        }
    }

    private static void answer(Operation operation, String status, String description, String schema) {
        if (operation != null) {
            operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                    .content(new Content().addMediaType("application/json", new MediaType().schema(ref(schema)))));
        }
    }

    @SuppressWarnings("rawtypes")
    private static Schema ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }
}
