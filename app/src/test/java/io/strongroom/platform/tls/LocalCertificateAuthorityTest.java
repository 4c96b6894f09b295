package io.strongroom.platform.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replication listener's certificates (B8): issued by the installation's authority, re-issued when the names change. */
@Tag("B8")
class LocalCertificateAuthorityTest {

    @TempDir
    Path dir;

    @Test
    void aServerCertificateChainsToTheAuthorityNamesExactlyWhatWasAskedAndKeysStayPrivate() throws Exception {
        var issued = LocalCertificateAuthority.ensure(dir, "db", List.of("10.0.0.5", "DB1.example.com", "::1"));
        X509Certificate authority = Pem.readCertificate(issued.authorityCertificate());
        X509Certificate server = Pem.readCertificate(issued.certificate());
        server.verify(authority.getPublicKey());
        assertThat(authority.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        assertThat(server.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(LocalCertificateAuthority.names(issued.certificate()))
                .containsExactlyInAnyOrder("10.0.0.5", "db1.example.com", "0:0:0:0:0:0:0:1");
        for (Path key : List.of(issued.privateKey(), dir.resolve("db-ca.key"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }

        String before = Files.readString(issued.certificate());
        LocalCertificateAuthority.ensure(dir, "db", List.of("db1.example.com", "10.0.0.5", "0:0:0:0:0:0:0:1"));
        assertThat(Files.readString(issued.certificate())).as("same names: kept").isEqualTo(before);

        String authorityBefore = Files.readString(issued.authorityCertificate());
        LocalCertificateAuthority.ensure(dir, "db", List.of("10.0.0.6"));
        assertThat(Files.readString(issued.certificate())).as("other names: re-issued").isNotEqualTo(before);
        assertThat(LocalCertificateAuthority.names(issued.certificate())).containsExactly("10.0.0.6");
        assertThat(Files.readString(issued.authorityCertificate())).as("by the same authority: standbys keep trusting it")
                .isEqualTo(authorityBefore);
        Pem.readCertificate(issued.certificate()).verify(authority.getPublicKey());
    }

    @Test
    void aDamagedKeyOrAForeignCertificateIsReplaced() throws Exception {
        var issued = LocalCertificateAuthority.ensure(dir, "db", List.of("localhost"));
        Files.writeString(issued.privateKey(), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        LocalCertificateAuthority.ensure(dir, "db", List.of("localhost"));
        assertThat(Files.readString(issued.privateKey())).doesNotContain("AAAA");

        Path other = dir.resolve("other");
        var foreign = LocalCertificateAuthority.ensure(other, "db", List.of("localhost"));
        Files.copy(foreign.certificate(), issued.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(foreign.privateKey(), issued.privateKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        LocalCertificateAuthority.ensure(dir, "db", List.of("localhost"));
        Pem.readCertificate(issued.certificate()).verify(Pem.readCertificate(issued.authorityCertificate()).getPublicKey());

        assertThatThrownBy(() -> LocalCertificateAuthority.ensure(dir, "db", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressesAreRecognisedWithoutLookingAnythingUp() {
        assertThat(LocalCertificateAuthority.isIpLiteral("10.0.0.5")).isTrue();
        assertThat(LocalCertificateAuthority.isIpLiteral("fd00::1")).isTrue();
        assertThat(LocalCertificateAuthority.isIpLiteral("300.0.0.1")).isFalse();
        assertThat(LocalCertificateAuthority.isIpLiteral("10.0.0")).isFalse();
        assertThat(LocalCertificateAuthority.isIpLiteral("db.example.com")).isFalse();
        assertThat(LocalCertificateAuthority.isIpLiteral("fd00::1::2")).isFalse();
        assertThat(LocalCertificateAuthority.normalise("FD00::0001")).isEqualTo("fd00:0:0:0:0:0:0:1");
        assertThat(LocalCertificateAuthority.normalise("DB.Example.COM")).isEqualTo("db.example.com");
    }
}
