package io.strongroom.web;

import java.util.Optional;

/**
 * Who the layout's header shows as signed in. The shell sits below the module that knows the
 * caller (identity), so that module implements this; with no signed-in caller, empty.
 */
public interface PageHeader {

    Optional<SignedIn> current();

    /**
     * What the header shows: the user's name and e-mail, the workspace and its company; and the
     * language and time zone the pages speak to them in (their own choice, else the workspace's).
     */
    record SignedIn(String displayName, String email, String workspace, String companyName,
            java.util.Locale locale, java.time.ZoneId zone) {
    }
}
