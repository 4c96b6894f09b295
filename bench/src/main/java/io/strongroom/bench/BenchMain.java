package io.strongroom.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code bench/run.sh [scenario...] [--smoke] [--warmup 10s] [--round 20s] [--rounds 3]}.
 * Paths come as system properties from run.sh: {@code strongroom.jar}, {@code keycloak.zip},
 * {@code keycloak.version}, {@code bench.cache}, {@code bench.results}, {@code bench.doc}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(required("strongroom.jar"));
        Path zip = Path.of(required("keycloak.zip"));
        String keycloakVersion = required("keycloak.version");
        Path cache = Path.of(required("bench.cache"));
        Path resultsDir = Path.of(required("bench.results"));
        Path doc = Path.of(required("bench.doc"));
        Path work = Files.createTempDirectory("strongroom-bench-");

        boolean smoke = false;
        boolean profile = false;
        Set<String> scenarios = new LinkedHashSet<>();
        Duration warmup = null;
        Duration round = null;
        Integer rounds = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--profile" -> profile = true;
                case "--warmup" -> warmup = seconds(args[++i]);
                case "--round" -> round = seconds(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> {
                    if (!Options.ALL.contains(args[i])) {
                        throw new IllegalArgumentException("Unknown scenario or option '" + args[i] + "'; scenarios: "
                                + Options.ALL);
                    }
                    scenarios.add(args[i]);
                }
            }
        }
        Options options = smoke
                ? Options.smoke(jar, zip, keycloakVersion, cache, work,
                        resultsDir.getParent().resolve("target").resolve("bench-smoke"))
                : Options.full(jar, zip, keycloakVersion, cache, work, resultsDir, doc);
        boolean partial = !scenarios.isEmpty() || warmup != null || round != null || rounds != null;
        if (!scenarios.isEmpty()) {
            options = options.withScenarios(scenarios);
        }
        if (warmup != null || round != null || rounds != null) {
            options = options.withTimes(warmup == null ? options.warmup() : warmup,
                    round == null ? options.round() : round, rounds == null ? options.rounds() : rounds);
        }
        if (partial && !smoke) {
            // only complete runs with the documented parameters go into docs/performance.md
            options = options.withoutDocument();
        }
        if (profile) {
            options = options.withProfile(resultsDir.getParent().resolve("target").resolve("profiles"));
            System.out.println("[bench] recording JFR profiles into " + options.profileDir()
                    + " (read them with: jfr view hot-methods <file>); docs/performance.md is left alone");
        }
        System.out.println("[bench] work directory " + work + " (removed at the end)");
        Results results;
        try {
            results = new Bench(options).run();
        } finally {
            Bench.deleteTree(work);
        }
        if (options.profileDir() != null) {
            try (var recordings = Files.list(options.profileDir())) {
                for (Path recording : recordings.filter(p -> p.toString().endsWith(".jfr")).sorted().toList()) {
                    JfrBreakdown.print(recording, System.out);
                }
            }
        }
        Path json = Report.writeJson(results, options.resultsDir());
        System.out.println(Report.markdown(results, json));
        if (options.performanceDoc() != null) {
            Report.appendMarkdown(results, json, options.performanceDoc());
            System.out.println("[bench] results in " + json + ", table appended to " + options.performanceDoc());
        } else {
            System.out.println("[bench] results in " + json);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("System property " + property + " is required (bench/run.sh sets it)");
        }
        return value;
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis((long) (Double.parseDouble(value.replaceAll("s$", "")) * 1000));
    }
}
