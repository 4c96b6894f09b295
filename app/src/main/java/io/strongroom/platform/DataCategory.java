package io.strongroom.platform;

import java.util.Locale;

/**
 * The categories of personal data a workspace holds, as its record of processing names them (G4,
 * GDPR Art. 30(1)(c)). Every personal column of the tenant-data registry has one
 * ({@code TenantDataRegistryTest}).
 */
public enum DataCategory {

    /** Date of birth. */
    DATE_OF_BIRTH("Date of birth", false),
    /** Private e-mail address, phone number, home address. */
    PRIVATE_CONTACT("Private contact details (e-mail address, phone number, home address)", false),
    /** Someone to call in an emergency: data about a third person. */
    EMERGENCY_CONTACT("Emergency contact (a third person's name and contact details)", false),
    /** National identification and social security numbers. */
    NATIONAL_IDENTIFIER("National identification number", false),
    /** Bank account for salary payments. */
    BANK_ACCOUNT("Bank account (IBAN)", false),
    /** Why someone is absent, in their words: may reveal health (GDPR Art. 9). */
    ABSENCE_REASON("Reason given for an absence (may be health data)", true),
    /** The personal values of recorded changes (the audit trail). */
    CHANGE_HISTORY("Earlier values of the personal data above, in the audit trail", false),
    /** Who made a data-subject request: the name and address it came from. */
    REQUESTER("The name and e-mail address a data-subject request came from", false),
    /** What a data subject asked, how their identity was checked, and the answer. */
    REQUEST_CORRESPONDENCE("A data-subject request: what was asked, how the identity was checked, the answer", false);

    private final String description;
    private final boolean special;

    DataCategory(String description, boolean special) {
        this.description = description;
        this.special = special;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    /** A special category of personal data (GDPR Art. 9: health and the like). */
    public boolean special() {
        return special;
    }
}
