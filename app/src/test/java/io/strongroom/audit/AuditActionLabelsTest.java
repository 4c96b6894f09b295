package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.strongroom.identity.IdentityEvent;

/**
 * Every action the application records has a label in the audit pages' messages, so the trail
 * reads "Person changed" rather than a code. The actions are the identity events' and every
 * literal {@code AuditEntry.of("...")} in the sources, so a new action without a label fails here.
 */
class AuditActionLabelsTest {

    /** The first argument of AuditEntry.of: a literal, or a choice between two literals. */
    private static final Pattern RECORDED = Pattern.compile(
            "AuditEntry\\.of\\(\\s*(?:\"([a-z_.]+)\"|[\\w.()]+\\s*\\?\\s*\"([a-z_.]+)\"\\s*:\\s*\"([a-z_.]+)\")");

    @Test
    void everyRecordedActionHasALabel() throws IOException {
        Set<String> actions = new TreeSet<>();
        Arrays.stream(IdentityEvent.Type.values()).map(IdentityEvent.Type::action).forEach(actions::add);
        try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = RECORDED.matcher(Files.readString(source));
                while (m.find()) {
                    for (int group = 1; group <= 3; group++) {
                        if (m.group(group) != null) {
                            actions.add(m.group(group));
                        }
                    }
                }
            }
        }
        assertThat(actions).as("actions found").contains("employee.updated", "role.created", "access.denied",
                "request.failed", "auth.login");
        Properties labels = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/messages/audit.properties")) {
            labels.load(in);
        }
        assertThat(actions.stream().filter(a -> labels.getProperty("audit.action." + a) == null).toList())
                .as("actions without a label in messages/audit.properties").isEmpty();
    }
}
