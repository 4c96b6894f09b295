package io.strongroom.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a profiled Strongroom spent its CPU: every execution sample of a JFR recording is
 * attributed to the first component found walking from the executing method towards the
 * thread's root (so "TLS" means time inside TLS code, even when Tomcat called it), plus the
 * methods most often on top of the stack. {@code java ... JfrBreakdown recording.jfr}.
 */
public final class JfrBreakdown {

    /** Component, package or class fragment; the first match from the top of the stack wins. */
    private static final List<String[]> COMPONENTS = List.of(
            new String[] {"ECDSA (JDK SunEC)", "sun.security.ec."},
            new String[] {"Argon2id (Bouncy Castle)", "org.bouncycastle."},
            new String[] {"TLS (JSSE)", "sun.security.ssl."},
            new String[] {"other JDK crypto", "com.sun.crypto."},
            new String[] {"JWT (Nimbus)", "com.nimbusds."},
            new String[] {"regular expressions", "java.util.regex."},
            new String[] {"JSON (Jackson)", "tools.jackson."},
            new String[] {"PostgreSQL driver", "org.postgresql."},
            new String[] {"connection pool (HikariCP)", "com.zaxxer.hikari."},
            new String[] {"metrics and observations (Micrometer)", "io.micrometer."},
            new String[] {"logging", "ch.qos.logback."},
            new String[] {"JDBC and transactions (Spring)", "org.springframework.jdbc."},
            new String[] {"JDBC and transactions (Spring)", "org.springframework.transaction."},
            new String[] {"Strongroom code", "io.strongroom."},
            new String[] {"Spring Security", "org.springframework.security."},
            new String[] {"Spring MVC", "org.springframework.web."},
            new String[] {"Tomcat and servlet", "org.apache."},
            new String[] {"jobs (db-scheduler)", "com.github.kagkarlsson."},
            new String[] {"Spring (other)", "org.springframework."});

    /** The tenant keys and field encryption: what encryption at rest costs, wherever it is called from. */
    private static final String TENANT_KEYS = "io.strongroom.crypto.internal.TenantKeyService";

    private JfrBreakdown() {
    }

    public static void main(String[] args) throws IOException {
        for (String file : args) {
            print(Path.of(file), System.out);
        }
    }

    static void print(Path recording, PrintStream out) throws IOException {
        Map<String, Integer> components = new LinkedHashMap<>();
        Map<String, Integer> topMethods = new LinkedHashMap<>();
        int samples = 0;
        int encryption = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            String component = "other (JDK, JIT'd lambdas, GC)";
            search:
            for (RecordedFrame frame : frames) {
                String type = frame.getMethod().getType().getName();
                for (String[] candidate : COMPONENTS) {
                    if (type.contains(candidate[1])) {
                        component = candidate[0];
                        break search;
                    }
                }
            }
            components.merge(component, 1, Integer::sum);
            if (frames.stream().anyMatch(f -> f.getMethod().getType().getName().startsWith(TENANT_KEYS)
                    || f.getMethod().getType().getName().startsWith("com.google.crypto.tink."))) {
                encryption++;
            }
            if (!frames.isEmpty()) {
                RecordedFrame top = frames.getFirst();
                topMethods.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1,
                        Integer::sum);
            }
        }
        int total = Math.max(1, samples);
        out.printf("%n%s: %d execution samples%n%n| Component | Share of samples |%n|---|---:|%n",
                recording.getFileName(), samples);
        sorted(components).forEach(e -> out.printf("| %s | %.1f %% |%n", e.getKey(), 100.0 * e.getValue() / total));
        out.printf("%nField encryption (TenantKeyService or Tink anywhere on the stack): %.2f %% of samples%n",
                100.0 * encryption / total);
        out.printf("%n| Method on top of the stack | Share |%n|---|---:|%n");
        sorted(topMethods).stream().limit(15)
                .forEach(e -> out.printf("| `%s` | %.1f %% |%n", e.getKey(), 100.0 * e.getValue() / total));
    }

    private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .collect(Collectors.toList());
    }
}
