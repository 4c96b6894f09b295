package io.strongroom.people;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The field catalog of a person record: every field with its API name (also its column), its type,
 * whether it is required, and whether it is personal data (R2). Masking, the write rules, the audit
 * trail's redaction, the tenant-data registry (and so later encryption, export, subject requests
 * and erasure) all read this one list; add a field here and every control sees it.
 */
public enum PersonField {

    GIVEN_NAME("given_name", "Given name", Type.TEXT, true, false, false),
    FAMILY_NAME("family_name", "Family name", Type.TEXT, true, false, false),
    WORK_EMAIL("work_email", "Work e-mail address", Type.TEXT, false, false, false),
    JOB_TITLE("job_title", "Job title", Type.TEXT, false, false, false),
    DEPARTMENT("department", "Department", Type.TEXT, false, false, false),
    MANAGER_ID("manager_id", "Manager (a person of the workspace)", Type.ID, false, false, false),
    START_DATE("start_date", "First working day", Type.DATE, false, false, false),
    END_DATE("end_date", "Last working day", Type.DATE, false, false, false),
    STATUS("status", "Employment status", Type.STATUS, false, false, false),
    USER_ID("user_id", "The person's user account", Type.ID, false, false, false),
    DATE_OF_BIRTH("date_of_birth", "Date of birth", Type.DATE, false, true, false),
    PERSONAL_EMAIL("personal_email", "Private e-mail address", Type.TEXT, false, true, true),
    PHONE("phone", "Private phone number", Type.TEXT, false, true, true),
    HOME_ADDRESS("home_address", "Home address", Type.TEXT, false, true, true),
    NATIONAL_ID("national_id", "National identification number", Type.TEXT, false, true, false),
    IBAN("iban", "Bank account (IBAN)", Type.TEXT, false, true, false),
    EMERGENCY_CONTACT("emergency_contact", "Emergency contact", Type.TEXT, false, true, true);

    /** The Java type of a field's value. */
    public enum Type {
        TEXT, DATE, ID, STATUS
    }

    private static final List<PersonField> PERSONAL = Arrays.stream(values()).filter(PersonField::personal).toList();

    private final String apiName;
    private final String description;
    private final Type type;
    private final boolean required;
    private final boolean personal;
    private final boolean selfEditable;

    PersonField(String apiName, String description, Type type, boolean required, boolean personal, boolean selfEditable) {
        this.apiName = apiName;
        this.description = description;
        this.type = type;
        this.required = required;
        this.personal = personal;
        this.selfEditable = selfEditable;
    }

    /** The field's name in the API, the database and the audit trail. */
    public String apiName() {
        return apiName;
    }

    public String description() {
        return description;
    }

    public Type type() {
        return type;
    }

    /** Must be present on creation and can never be cleared. */
    public boolean required() {
        return required;
    }

    /** Personal data: shown, changed and disclosed in the audit trail only under the personal-data rules. */
    public boolean personal() {
        return personal;
    }

    /** Contact fields a person may change on their own record without further permission. */
    public boolean selfEditable() {
        return selfEditable;
    }

    /**
     * Personal fields so sensitive that the pages show them masked until asked, and record every
     * reveal in the audit trail: date of birth, national id, bank account.
     */
    public boolean sensitive() {
        return this == DATE_OF_BIRTH || this == NATIONAL_ID || this == IBAN;
    }

    /** The field's value in a record, typed ({@link EmploymentStatus} for the status); null when empty or hidden. */
    public Object valueIn(Person person) {
        Person.Personal p = person.personal();
        return switch (this) {
            case GIVEN_NAME -> person.givenName();
            case FAMILY_NAME -> person.familyName();
            case WORK_EMAIL -> person.workEmail();
            case JOB_TITLE -> person.jobTitle();
            case DEPARTMENT -> person.department();
            case MANAGER_ID -> person.managerId();
            case START_DATE -> person.startDate();
            case END_DATE -> person.endDate();
            case STATUS -> person.status();
            case USER_ID -> person.userId();
            case DATE_OF_BIRTH -> p == null ? null : p.dateOfBirth();
            case PERSONAL_EMAIL -> p == null ? null : p.personalEmail();
            case PHONE -> p == null ? null : p.phone();
            case HOME_ADDRESS -> p == null ? null : p.homeAddress();
            case NATIONAL_ID -> p == null ? null : p.nationalId();
            case IBAN -> p == null ? null : p.iban();
            case EMERGENCY_CONTACT -> p == null ? null : p.emergencyContact();
        };
    }

    /** The value as the API and the audit trail show it: the status by its API name, everything else as is. */
    public static Object apiValue(Object value) {
        return value instanceof EmploymentStatus status ? status.apiName() : value;
    }

    public static Optional<PersonField> byApiName(String apiName) {
        return Arrays.stream(values()).filter(f -> f.apiName.equals(apiName)).findFirst();
    }

    /** The personal-data fields, in catalog order. */
    public static List<PersonField> personalFields() {
        return PERSONAL;
    }

    /** The category of personal data of a personal field (the record of processing, G4); null for the others. */
    public io.strongroom.platform.DataCategory category() {
        return switch (this) {
            case DATE_OF_BIRTH -> io.strongroom.platform.DataCategory.DATE_OF_BIRTH;
            case PERSONAL_EMAIL, PHONE, HOME_ADDRESS -> io.strongroom.platform.DataCategory.PRIVATE_CONTACT;
            case NATIONAL_ID -> io.strongroom.platform.DataCategory.NATIONAL_IDENTIFIER;
            case IBAN -> io.strongroom.platform.DataCategory.BANK_ACCOUNT;
            case EMERGENCY_CONTACT -> io.strongroom.platform.DataCategory.EMERGENCY_CONTACT;
            default -> null;
        };
    }
}
