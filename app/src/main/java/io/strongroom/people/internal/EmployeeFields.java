package io.strongroom.people.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.iban4j.IbanFormatException;
import org.iban4j.IbanUtil;
import org.iban4j.InvalidCheckDigitException;
import org.iban4j.UnsupportedCountryException;

import io.strongroom.people.PersonalField;

/**
 * Every writable field of a person record: its API name (also its column), whether it is
 * personal data, and how a value is checked and normalized. The API, the SQL and the audit diff are
 * all driven by this one list.
 */
final class EmployeeFields {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()./-]{3,28}[0-9]");
    private static final Pattern NATIONAL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ./-]{0,48}[A-Za-z0-9]?");
    static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);

    enum Kind {
        TEXT, DATE, UUID
    }

    /**
     * One field; {@code check} returns the normalized value or throws {@link Invalid}. A personal
     * field is its entry of the {@link PersonalField} catalog, so name and personal flag cannot
     * disagree with it.
     */
    record Spec(String name, Kind kind, boolean required, PersonalField personalField, Function<Object, Object> check) {

        static Spec work(String name, Kind kind, boolean required, Function<Object, Object> check) {
            return new Spec(name, kind, required, null, check);
        }

        static Spec personal(PersonalField field, Kind kind, Function<Object, Object> check) {
            return new Spec(field.jsonName(), kind, false, field, check);
        }

        boolean personal() {
            return personalField != null;
        }
    }

    static final List<Spec> ALL = List.of(
            Spec.work("given_name", Kind.TEXT, true, v -> line(v, 100)),
            Spec.work("family_name", Kind.TEXT, true, v -> line(v, 100)),
            Spec.work("work_email", Kind.TEXT, false, EmployeeFields::email),
            Spec.work("job_title", Kind.TEXT, false, v -> line(v, 100)),
            Spec.work("department", Kind.TEXT, false, v -> line(v, 100)),
            Spec.work("manager_id", Kind.UUID, false, EmployeeFields::uuid),
            Spec.work("start_date", Kind.DATE, false, v -> date(v, null, null)),
            Spec.work("end_date", Kind.DATE, false, v -> date(v, null, null)),
            Spec.work("status", Kind.TEXT, false, EmployeeFields::status),
            Spec.work("user_id", Kind.UUID, false, EmployeeFields::uuid),
            Spec.personal(PersonalField.DATE_OF_BIRTH, Kind.DATE, v -> date(v, EARLIEST_BIRTH, null)), // not in the future: People, on the application clock
            Spec.personal(PersonalField.PERSONAL_EMAIL, Kind.TEXT, EmployeeFields::email),
            Spec.personal(PersonalField.PHONE, Kind.TEXT, EmployeeFields::phone),
            Spec.personal(PersonalField.HOME_ADDRESS, Kind.TEXT, v -> text(v, 500)),
            Spec.personal(PersonalField.NATIONAL_ID, Kind.TEXT, EmployeeFields::nationalId),
            Spec.personal(PersonalField.IBAN, Kind.TEXT, EmployeeFields::iban),
            Spec.personal(PersonalField.EMERGENCY_CONTACT, Kind.TEXT, v -> text(v, 300)));

    static final Map<String, Spec> BY_NAME = ALL.stream().collect(Collectors.toMap(Spec::name, s -> s));

    static {
        // every entry of the personal-data catalog is a field of the record
        for (PersonalField field : PersonalField.values()) {
            if (ALL.stream().noneMatch(spec -> field == spec.personalField())) {
                throw new IllegalStateException("The personal-data field " + field.jsonName() + " has no field spec");
            }
        }
    }

    private EmployeeFields() {
    }

    static Optional<Spec> spec(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
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

    static Object line(Object value, int max) {
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

    static Object text(Object value, int max) {
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

    static Object email(Object value) {
        String text = string(value).strip();
        if (text.length() > 254 || !EMAIL.matcher(text).matches()) {
            throw new Invalid("must be a valid e-mail address");
        }
        return text;
    }

    static Object phone(Object value) {
        String text = string(value).strip();
        if (!PHONE.matcher(text).matches()) {
            throw new Invalid("must be a phone number: digits, spaces and ()./- with an optional leading +");
        }
        return text;
    }

    static Object nationalId(Object value) {
        String text = string(value).strip();
        if (!NATIONAL_ID.matcher(text).matches()) {
            throw new Invalid("must be 1 to 50 letters, digits, spaces, dots, slashes or hyphens");
        }
        return text;
    }

    static Object iban(Object value) {
        String text = string(value).replace(" ", "").toUpperCase(Locale.ROOT);
        try {
            IbanUtil.validate(text);
            return text;
        } catch (IbanFormatException | InvalidCheckDigitException | UnsupportedCountryException e) {
            throw new Invalid("must be a valid IBAN");
        }
    }

    static Object status(Object value) {
        String text = string(value);
        if (!List.of("active", "on_leave", "terminated").contains(text)) {
            throw new Invalid("must be active, on_leave or terminated");
        }
        return text;
    }

    static Object uuid(Object value) {
        try {
            return UUID.fromString(string(value));
        } catch (IllegalArgumentException e) {
            throw new Invalid("must be an id (UUID)");
        }
    }

    static Object date(Object value, LocalDate earliest, LocalDate latest) {
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
