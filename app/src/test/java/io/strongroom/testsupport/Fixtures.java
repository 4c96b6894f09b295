package io.strongroom.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Test data builders. */
public final class Fixtures {

    public static final String STRONG_PASSWORD = "quiet-lantern-orbit-7-maple";
    public static final String OWNER_EMAIL = "olive.owner@example.com";

    private Fixtures() {
    }

    /** A workspace slug nobody else in this test JVM uses. */
    public static String uniqueWorkspace(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A valid signup body; change fields with {@link Map#put}. */
    public static Map<String, Object> signup(String workspace) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspace", workspace);
        body.put("company_name", "Company " + workspace);
        body.put("admin_email", OWNER_EMAIL);
        body.put("admin_name", "Olive Owner");
        body.put("password", STRONG_PASSWORD);
        return body;
    }
}
