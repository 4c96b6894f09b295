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

    /** The first page, or the one after {@code after}, in name order. */
    default Page list(String query, String department, String status, String after, int limit) {
        return list(query, department, status, null, after, null, limit);
    }

    /**
     * A page in the order of {@code sort} ({@link PeopleSort}; null: by name): the first page, the
     * one after {@code after} ({@link Page#nextAfter()}) or the one before {@code before}
     * ({@link Page#previousBefore()}); a cursor works only with the sort it was given for.
     * {@code query} is found in names, job titles and work e-mail addresses, ignoring case and accents.
     */
    Page list(String query, String department, String status, String sort, String after, String before, int limit);

    Person get(UUID id);

    /**
     * The list as filtered and sorted, every page (at most {@value #MAX_EXPORT} records), written to
     * {@code out} as CSV: the catalog's fields, personal ones only for holders of
     * {@code people.personal:read}. Recorded in the audit trail as {@code employee.exported} (how many,
     * whether personal data was included, the filters). Needs {@code people:read}.
     */
    void exportCsv(String query, String department, String status, String sort, java.io.Writer out);

    /** The largest export; narrower filters export the rest. */
    int MAX_EXPORT = 10_000;

    /**
     * Adds a person for each row of a CSV file (headers: the catalog's API names or field labels),
     * all or nothing: every row is checked exactly as {@link #create} checks one, and when any row
     * is refused, nothing is added and every refused row is answered. With {@code dryRun} nothing is
     * added either way (the preview). A file that cannot be read is a 400 problem naming {@code file}.
     */
    ImportResult importCsv(String csv, boolean dryRun);

    /**
     * @param rows the file's rows, by API name, as read
     * @param problems every refusal, by line of the file (the header is line 1) and field
     * @param imported whether the people were added (false on a dry run or when any row was refused)
     */
    record ImportResult(List<Map<String, Object>> rows, List<RowProblem> problems, boolean imported) {
    }

    /** Why one row of an import was refused. */
    record RowProblem(long line, String field, String message) {
    }

    Person create(Map<String, Object> fields);

    /** A JSON merge patch; {@code ifMatch} is the ETag the caller read (required). */
    Person update(UUID id, String ifMatch, Map<String, Object> changes);

    /**
     * The value of a sensitive personal field ({@link PersonField#sensitive()}) for showing it,
     * recorded in the audit trail as {@code employee.personal_revealed} (the field's name, never its
     * value). Needs what reading the record's personal fields needs; 400 for any other field.
     */
    String reveal(UUID id, String field);

    /**
     * Records that an API answer carried sensitive values ({@link PersonField#sensitive()}) of these
     * people, as {@code employee.personal_read} with the fields' names, never their values: one
     * record for one person, one for a page of many. Nothing when no sensitive value was shown.
     * The pages do not call it: they mask these fields and record each {@link #reveal}.
     */
    void recordSensitiveRead(List<Person> answered);

    /** {@code ifMatch} optional. */
    void delete(UUID id, String ifMatch);

    /**
     * @param nextAfter the cursor of the next page; null on the last
     * @param previousBefore the cursor of the previous page; null on the first
     * @param total how many records match the filters, on all pages
     */
    record Page(List<Person> items, String nextAfter, String previousBefore, long total) {

        public static final Page EMPTY = new Page(List.of(), null, null, 0);
    }
}
