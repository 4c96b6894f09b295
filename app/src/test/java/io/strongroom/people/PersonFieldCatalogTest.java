package io.strongroom.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.testsupport.TestDatabase;

/**
 * The field catalog against the migrated table: every column of {@code employee} but its keys and
 * bookkeeping is a field of {@link PersonField}, of the field's type, and a required field is NOT
 * NULL. A column added by a migration without its catalog entry would be invisible to masking,
 * audit redaction, the registry and everything built on it, so it fails here.
 */
@Tag("R2")
class PersonFieldCatalogTest {

    /** Columns that are not fields: keys, the ETag version, timestamps, and the national id's blind index (E2). */
    private static final Set<String> BOOKKEEPING = Set.of("tenant_id", "id", "version", "created_at", "updated_at",
            "national_id_index");

    private final JdbcClient owner = JdbcClient.create(TestDatabase.get().ownerDataSource());

    @Test
    void everyColumnOfThePersonTableIsAFieldOfTheCatalogWithItsType() {
        Map<String, String> columns = new TreeMap<>();
        Map<String, Boolean> nullable = new TreeMap<>();
        owner.sql("select column_name, data_type, is_nullable from information_schema.columns"
                        + " where table_schema = current_schema() and table_name = 'employee'")
                .query(rs -> {
                    String name = rs.getString("column_name");
                    if (!BOOKKEEPING.contains(name)) {
                        columns.put(name, rs.getString("data_type"));
                        nullable.put(name, rs.getString("is_nullable").equals("YES"));
                    }
                });
        Map<String, String> catalog = Arrays.stream(PersonField.values()).collect(Collectors.toMap(
                PersonField::apiName, f -> f.personal() ? "bytea" : switch (f.type()) { // personal: ciphertext (E2)
                    case TEXT, STATUS -> "text";
                    case DATE -> "date";
                    case ID -> "uuid";
                }, (a, b) -> a, TreeMap::new));
        assertThat(columns).as("columns of employee by type").isEqualTo(catalog);
        for (PersonField field : PersonField.values()) {
            if (field.required()) {
                assertThat(nullable.get(field.apiName())).as(field.apiName() + " is required, so NOT NULL").isFalse();
            }
        }
    }

    @Test
    void thePersonalFieldsAreTheSevenOfThePolicyAndOnlyContactFieldsAreSelfEditable() {
        assertThat(PersonField.personalFields()).extracting(PersonField::apiName).containsExactly("date_of_birth",
                "personal_email", "phone", "home_address", "national_id", "iban", "emergency_contact");
        assertThat(Arrays.stream(PersonField.values()).filter(PersonField::selfEditable).map(PersonField::apiName))
                .containsExactlyInAnyOrder("personal_email", "phone", "home_address", "emergency_contact");
        assertThat(Arrays.stream(PersonField.values()).filter(f -> f.selfEditable() && !f.personal())).isEmpty();
    }
}
