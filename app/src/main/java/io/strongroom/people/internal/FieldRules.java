package io.strongroom.people.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.iban4j.IbanFormatException;
import org.iban4j.IbanUtil;
import org.iban4j.InvalidCheckDigitException;
import org.iban4j.UnsupportedCountryException;

import io.strongroom.people.EmploymentStatus;
import io.strongroom.people.PersonField;

/**
 * How a value of each field of {@link PersonField} is checked and normalized. The switch is
 * exhaustive, so a field added to the catalog does not compile until it has its rule.
 */
final class FieldRules {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()./-]{3,28}[0-9]");
    private static final Pattern NATIONAL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ./-]{0,48}[A-Za-z0-9]?");
    static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);

    private FieldRules() {
    }

    /**
     * The normalized, typed value of a non-null input ({@link PersonField#type()}), or {@link Invalid}.
     * The date of birth's "not in the future" is checked by {@link People} on the application clock.
     */
    static Object check(PersonField field, Object value) {
        return switch (field) {
            case GIVEN_NAME, FAMILY_NAME, JOB_TITLE, DEPARTMENT -> line(value, 100);
            case WORK_EMAIL, PERSONAL_EMAIL -> email(value);
            case MANAGER_ID, USER_ID -> uuid(value);
            case START_DATE, END_DATE -> date(value, null, null);
            case STATUS -> status(value);
            case DATE_OF_BIRTH -> date(value, EARLIEST_BIRTH, null);
            case PHONE -> phone(value);
            case HOME_ADDRESS -> text(value, 500);
            case NATIONAL_ID -> nationalId(value);
            case IBAN -> iban(value);
            case EMERGENCY_CONTACT -> text(value, 300);
        };
    }

    /** Why a value is not acceptable; the message is shown to the caller. */
    static final class Invalid extends RuntimeException {

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private static String string(Object value) {
        if (!(value instanceof String text)) {
            throw new Invalid("must be a string");
        }
        if (text.indexOf('\0') >= 0) {
            throw new Invalid("must not contain a NUL character");
        }
        return text;
    }

    private static String line(Object value, int max) {
        String text = string(value).strip();
        if (text.isEmpty()) {
            throw new Invalid("must not be empty");
        }
        if (text.length() > max) {
            throw new Invalid("must be at most " + max + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new Invalid("must be one line without control characters");
        }
        return text;
    }

    private static String text(Object value, int max) {
        String text = string(value).strip();
        if (text.isEmpty()) {
            throw new Invalid("must not be empty");
        }
        if (text.length() > max) {
            throw new Invalid("must be at most " + max + " characters");
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new Invalid("must not contain control characters");
        }
        return text;
    }

    private static String email(Object value) {
        String text = string(value).strip();
        if (text.length() > 254 || !EMAIL.matcher(text).matches()) {
            throw new Invalid("must be a valid e-mail address");
        }
        return text;
    }

    private static String phone(Object value) {
        String text = string(value).strip();
        if (!PHONE.matcher(text).matches()) {
            throw new Invalid("must be a phone number: digits, spaces and ()./- with an optional leading +");
        }
        return text;
    }

    private static String nationalId(Object value) {
        String text = string(value).strip();
        if (!NATIONAL_ID.matcher(text).matches()) {
            throw new Invalid("must be 1 to 50 letters, digits, spaces, dots, slashes or hyphens");
        }
        return text;
    }

    private static String iban(Object value) {
        String text = string(value).replace(" ", "").toUpperCase(Locale.ROOT);
        try {
            IbanUtil.validate(text);
            return text;
        } catch (IbanFormatException | InvalidCheckDigitException | UnsupportedCountryException e) {
            throw new Invalid("must be a valid IBAN");
        }
    }

    private static EmploymentStatus status(Object value) {
        return EmploymentStatus.of(string(value)).orElseThrow(() -> new Invalid("must be " + EmploymentStatus.choices()));
    }

    private static UUID uuid(Object value) {
        try {
            return UUID.fromString(string(value));
        } catch (IllegalArgumentException e) {
            throw new Invalid("must be an id (UUID)");
        }
    }

    private static LocalDate date(Object value, LocalDate earliest, LocalDate latest) {
        LocalDate date;
        try {
            date = LocalDate.parse(string(value));
        } catch (DateTimeParseException e) {
            throw new Invalid("must be a date like 2026-01-31");
        }
        if (earliest != null && date.isBefore(earliest)) {
            throw new Invalid("must not be before " + earliest);
        }
        if (latest != null && date.isAfter(latest)) {
            throw new Invalid("must not be in the future");
        }
        if (date.getYear() < 1900 || date.getYear() > 2200) {
            throw new Invalid("must be between 1900 and 2200");
        }
        return date;
    }
}
