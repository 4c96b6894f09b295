package io.strongroom.platform;

import java.util.Locale;

/**
 * Patterns for {@code LIKE ... ESCAPE '\'} from user input: the input's own {@code \}, {@code %}
 * and {@code _} match literally, so a search never becomes a wildcard scan or an invalid pattern.
 */
public final class SqlLike {

    private SqlLike() {
    }

    /** The input with LIKE's special characters escaped (for {@code ESCAPE '\'}). */
    public static String escape(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** A pattern matching values that contain {@code value}, lower-cased (compare with {@code lower(column)}). */
    public static String containsLowerCase(String value) {
        return "%" + escape(value.toLowerCase(Locale.ROOT)) + "%";
    }

    /** A pattern matching values that start with {@code value}. */
    public static String startsWith(String value) {
        return escape(value) + "%";
    }
}
