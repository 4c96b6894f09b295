package io.strongroom.platform;

/** CSV cells that no spreadsheet runs (CSV injection, as OWASP recommends). */
public final class SpreadsheetCells {

    private SpreadsheetCells() {
    }

    /**
     * {@code value} with a leading apostrophe when a spreadsheet would run it as a formula (it starts
     * with {@code = + - @}, a tab or a carriage return); otherwise unchanged.
     */
    public static String neutralised(String value) {
        return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
