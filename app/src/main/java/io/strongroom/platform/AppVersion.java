package io.strongroom.platform;

/**
 * The deployed application version and the git commit it was built from; recorded by the audit
 * trail with every record.
 *
 * @param version the Maven project version
 * @param commit the abbreviated git commit id, or {@code unknown} when built outside git
 */
public record AppVersion(String version, String commit) {
}
