package io.strongroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

import io.strongroom.bench.Results.Comparison;
import io.strongroom.bench.Results.Figure;
import io.strongroom.bench.Results.Microbenchmark;
import io.strongroom.bench.Results.Spread;

/** Writes a run's results as JSON and as a Markdown section appended to docs/performance.md. */
final class Report {

    private Report() {
    }

    /** Writes {@code <dir>/<timestamp>.json} and returns its path. */
    static Path writeJson(Results results, Path dir) throws IOException {
        Files.createDirectories(dir);
        String stamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-');
        Path file = dir.resolve(stamp + ".json");
        Path temp = dir.resolve(stamp + ".json.tmp");
        Files.writeString(temp, Https.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results.asJson()));
        Files.move(temp, file);
        return file;
    }

    static void appendMarkdown(Results results, Path json, Path doc) throws IOException {
        Files.writeString(doc, markdown(results, json), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static String markdown(Results results, Path json) {
        Map<String, Object> env = results.environment;
        Map<String, Object> p = results.parameters;
        StringBuilder md = new StringBuilder();
        md.append("\n## Run of ").append(env.get("started_at")).append(" (").append(p.get("mode")).append(")\n\n");
        md.append("- Machine: ").append(env.get("cores")).append(" cores (").append(env.get("cpu")).append("), ")
                .append(gib(env.get("memory_total_bytes"))).append(" GiB, ").append(env.get("os")).append("; JDK ")
                .append(env.get("jdk")).append('\n');
        md.append("- Versions: Strongroom ").append(env.get("strongroom")).append(", PostgreSQL ")
                .append(env.get("postgresql")).append(", Keycloak ").append(env.get("keycloak")).append('\n');
        md.append("- Parameters: warm-up ").append(p.get("warmup_s")).append(" s, then ").append(p.get("rounds"))
                .append(" rounds of ").append(p.get("round_s")).append(" s per figure; ").append(p.get("auth_clients"))
                .append(" clients for sign-in and renewal, ").append(p.get("data_clients"))
                .append(" for reads and updates; pool ").append(p.get("application_pool_size")).append("; ")
                .append(p.get("client")).append('\n');
        md.append("- Strongroom settings: ").append(p.get("strongroom_settings")).append('\n');
        if (p.containsKey("keycloak_stored_credential")) {
            md.append("- Keycloak: ").append(p.get("keycloak_database")).append("; stored credential `")
                    .append(p.get("keycloak_stored_credential")).append("`\n");
        }
        boolean inRepository = json.getParent() != null && json.getParent().endsWith(Path.of("bench", "results"));
        md.append("- Raw data: `").append(inRepository ? "bench/results/" + json.getFileName() : json)
                .append("`\n\n");

        md.append("| Scenario | System | Operation | Clients | Throughput/s min / median / max | p50 ms | p90 ms "
                + "| p99 ms min / median / max | max ms | Errors | CPU µs per call |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Figure f : results.figures) {
            md.append("| ").append(f.scenario()).append(" | ").append(f.system()).append(" | ").append(f.operation())
                    .append(" | ").append(f.concurrency()).append(" | ").append(spread(f.throughput(), 0))
                    .append(" | ").append(num(f.p50().median(), 2)).append(" | ").append(num(f.p90().median(), 2))
                    .append(" | ").append(spread(f.p99(), 2)).append(" | ").append(num(f.max(), 1)).append(" | ")
                    .append(f.errors()).append(" | ").append(cpu(f.cpuMicrosPerCall())).append(" |\n");
        }
        if (!results.microbenchmarks.isEmpty()) {
            md.append("\n| Microbenchmark (JMH, 1 thread) | ops/s (score ± error) | iterations min / median / max |\n");
            md.append("|---|---:|---:|\n");
            for (Microbenchmark m : results.microbenchmarks) {
                md.append("| ").append(m.name()).append(" | ").append(num(m.score(), 0)).append(" ± ")
                        .append(num(m.error(), 0)).append(" | ").append(spread(m.iterations(), 0)).append(" |\n");
            }
        }
        md.append("\n| Comparison | Scenario | Ours | Reference | Ratio | Target | Met |\n");
        md.append("|---|---|---:|---:|---:|---|---|\n");
        for (Comparison c : results.comparisons) {
            md.append("| ").append(c.what()).append(" | ").append(c.scenario()).append(" | ").append(num(c.ours(), 1))
                    .append(" | ").append(num(c.reference(), 1)).append(" | ").append(num(c.ratio(), 2)).append(" | ")
                    .append(c.target()).append(" | ")
                    .append(c.met() == null ? "—" : c.met() ? "yes" : "**no**").append(" |\n");
        }
        md.append("\n| Process | Value |\n|---|---:|\n");
        results.process.forEach((key, value) -> md.append("| ").append(key).append(" | ")
                .append(key.endsWith("_bytes") ? mib(value) + " MiB" : value).append(" |\n"));
        return md.toString();
    }

    private static String cpu(Map<String, Double> perCall) {
        StringBuilder text = new StringBuilder();
        perCall.forEach((process, micros) -> text.append(text.isEmpty() ? "" : ", ").append(process).append(' ')
                .append(num(micros, 0)));
        return text.toString();
    }

    private static String spread(Spread s, int decimals) {
        return num(s.min(), decimals) + " / " + num(s.median(), decimals) + " / " + num(s.max(), decimals);
    }

    private static String num(double value, int decimals) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private static String gib(Object bytes) {
        return num(((Number) bytes).doubleValue() / (1L << 30), 1);
    }

    private static String mib(Object bytes) {
        return num(((Number) bytes).doubleValue() / (1L << 20), 0);
    }
}
