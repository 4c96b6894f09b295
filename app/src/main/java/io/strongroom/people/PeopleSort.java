package io.strongroom.people;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The order of the people list: a column, ascending or descending (API: {@code sort=job_title},
 * {@code sort=-start_date}). Ties are broken by family name, given name and id, so the order is
 * total and pages never skip or repeat a record. Empty values sort last ascending.
 */
public record PeopleSort(Column column, boolean descending) {

    public static final PeopleSort DEFAULT = new PeopleSort(Column.NAME, false);

    /** The columns one may sort by, by their API names. */
    public enum Column {
        NAME("name"),
        JOB_TITLE("job_title"),
        DEPARTMENT("department"),
        START_DATE("start_date"),
        STATUS("status");

        private final String apiName;

        Column(String apiName) {
            this.apiName = apiName;
        }

        public String apiName() {
            return apiName;
        }
    }

    /** The sort a client asked for ({@code null} or blank: by name); empty when it names no column. */
    public static Optional<PeopleSort> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(DEFAULT);
        }
        String text = value.strip();
        boolean descending = text.startsWith("-");
        String name = descending ? text.substring(1) : text;
        return Arrays.stream(Column.values()).filter(c -> c.apiName.equals(name.toLowerCase(Locale.ROOT)))
                .findFirst().map(c -> new PeopleSort(c, descending));
    }

    /** The choices, as a problem names them. */
    public static String choices() {
        return String.join(", ", Arrays.stream(Column.values()).map(Column::apiName).toList());
    }

    /** As the API writes it: {@code name}, {@code -start_date}. */
    public String apiValue() {
        return (descending ? "-" : "") + column.apiName;
    }

    /** The same column the other way round, for a column header's link. */
    public PeopleSort reversed() {
        return new PeopleSort(column, !descending);
    }
}
