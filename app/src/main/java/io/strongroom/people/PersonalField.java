package io.strongroom.people;

/**
 * The catalog of personal-data fields of a person record — the one list that masking, audit
 * redaction and (later) export, subject requests, encryption and erasure use. Add a field here and
 * every control sees it.
 */
public enum PersonalField {

    DATE_OF_BIRTH("date_of_birth", "Date of birth", false),
    PERSONAL_EMAIL("personal_email", "Private e-mail address", true),
    PHONE("phone", "Private phone number", true),
    HOME_ADDRESS("home_address", "Home address", true),
    NATIONAL_ID("national_id", "National identification number", false),
    IBAN("iban", "Bank account (IBAN)", false),
    EMERGENCY_CONTACT("emergency_contact", "Emergency contact", true);

    private final String jsonName;
    private final String description;
    private final boolean selfEditable;

    PersonalField(String jsonName, String description, boolean selfEditable) {
        this.jsonName = jsonName;
        this.description = description;
        this.selfEditable = selfEditable;
    }

    /** The field's name in the API, the database and the audit trail. */
    public String jsonName() {
        return jsonName;
    }

    public String description() {
        return description;
    }

    /** Contact fields a person may change on their own record without further permission. */
    public boolean selfEditable() {
        return selfEditable;
    }

    public static boolean isPersonal(String jsonName) {
        for (PersonalField field : values()) {
            if (field.jsonName.equals(jsonName)) {
                return true;
            }
        }
        return false;
    }
}
