package io.strongroom.web.internal;

/** Opens the package-private form helpers to tests in other packages. */
public final class FormsAccess {

    private FormsAccess() {
    }

    public static String safeNext(String next) {
        return Forms.safeNext(next);
    }
}
