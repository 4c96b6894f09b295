package io.strongroom.people;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A person record as a caller may see it. {@link #personal()} holds the personal-data fields and is
 * null when the caller may not see them (hidden, not emptied: the API leaves their names out).
 */
public record Person(UUID id, int version, Instant createdAt, Instant updatedAt,
        String givenName, String familyName, String workEmail, String jobTitle, String department, UUID managerId,
        LocalDate startDate, LocalDate endDate, EmploymentStatus status, UUID userId, Personal personal) {

    /** The personal-data fields of {@link PersonField} ({@link PersonField#personal()}). */
    public record Personal(LocalDate dateOfBirth, String personalEmail, String phone, String homeAddress,
            String nationalId, String iban, String emergencyContact) {
    }

    public String etag() {
        return "\"" + version + "\"";
    }

    /** The record without its personal-data fields. */
    public Person withoutPersonal() {
        return new Person(id, version, createdAt, updatedAt, givenName, familyName, workEmail, jobTitle, department,
                managerId, startDate, endDate, status, userId, null);
    }

    /** Whether any personal-data field holds a value. */
    public boolean holdsPersonalValues() {
        return PersonField.personalFields().stream().anyMatch(f -> f.valueIn(this) != null);
    }

    /**
     * The API representation, in catalog order: id, every field by its API name (personal ones only
     * when shown, empty ones as null), version and timestamps.
     */
    public Map<String, Object> fields() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        for (PersonField field : PersonField.values()) {
            if (personal != null || !field.personal()) {
                body.put(field.apiName(), PersonField.apiValue(field.valueIn(this)));
            }
        }
        body.put("version", version);
        body.put("created_at", createdAt);
        body.put("updated_at", updatedAt);
        return body;
    }
}
