package io.strongroom.people;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Person records for the signed-in caller, with the caller's rights applied: personal fields left
 * out unless allowed, writes checked field by field, every change audited. The JSON API and the
 * pages both use it. Writes take the fields by their API names ({@link PersonField}) as sent, since
 * the input is untrusted and each wrong field is answered by name. Failures are {@code ApiProblem}s
 * (400 field errors, 403, 404, 412, 428).
 */
public interface PeopleDirectory {

    /**
     * A page in name order; {@code after} is the cursor of the previous page ({@link Page#nextAfter()}).
     * {@code query} is found in names, job titles and work e-mail addresses, ignoring case and accents.
     */
    Page list(String query, String department, String status, String after, int limit);

    Person get(UUID id);

    Person create(Map<String, Object> fields);

    /** A JSON merge patch; {@code ifMatch} is the ETag the caller read (required). */
    Person update(UUID id, String ifMatch, Map<String, Object> changes);

    /**
     * The value of a sensitive personal field ({@link PersonField#sensitive()}) for showing it,
     * recorded in the audit trail as {@code employee.personal_revealed} (the field's name, never its
     * value). Needs what reading the record's personal fields needs; 400 for any other field.
     */
    String reveal(UUID id, String field);

    /** {@code ifMatch} optional. */
    void delete(UUID id, String ifMatch);

    /** @param total how many records match the filters, on all pages */
    record Page(List<Person> items, String nextAfter, long total) {
    }
}
