package io.strongroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.strongroom.bench.Results.Figure;

/**
 * Runs every scenario of the harness for about two seconds against the packaged application and
 * Keycloak, so the harness never rots. It asserts only that everything ran without errors: timings
 * on a shared CI machine mean nothing, and full runs are never part of the test suite.
 */
class BenchSmokeTest {

    @Test
    void everyScenarioRunsWithoutErrors() throws Exception {
        Path jar = Path.of(System.getProperty("strongroom.jar"));
        assertThat(jar).as("the application jar (built by the app module)").isRegularFile();
        Path target = Path.of("target");
        Path work = Files.createTempDirectory(target, "bench-smoke-work-");
        String cache = System.getenv().getOrDefault("STRONGROOM_BENCH_CACHE",
                Path.of(System.getProperty("user.home"), ".cache", "strongroom-bench").toString());
        Options options = Options.smoke(jar, Path.of(System.getProperty("keycloak.zip")),
                System.getProperty("keycloak.version"), Path.of(cache), work, target.resolve("bench-smoke"));

        Results results;
        try {
            results = new Bench(options).run();
        } finally {
            Bench.deleteTree(work);
        }
        Path json = Report.writeJson(results, options.resultsDir());
        Files.writeString(options.resultsDir().resolve("smoke.md"), Report.markdown(results, json));

        for (String scenario : new String[] {"1 sign-in", "2 session renewal", "3 read one person", "4 update",
                "6 isolation at scale", "8 encryption at rest"}) {
            assertThat(results.figures).as(scenario).anyMatch(f -> f.scenario().startsWith(scenario));
        }
        assertThat(results.figures).anyMatch(f -> f.system().startsWith("Keycloak"));
        assertThat(results.figures).as("the read's references").anyMatch(f -> f.scenario().startsWith("3 read")
                && f.system().startsWith("Keycloak")).anyMatch(f -> f.system().startsWith("bare endpoint"));
        for (Figure figure : results.figures) {
            assertThat(figure.errors()).as(figure.scenario() + " / " + figure.system() + ": " + figure.firstError())
                    .isZero();
            assertThat(figure.rounds()).as(figure.scenario() + " / " + figure.system())
                    .allMatch(round -> round.calls() > 0);
        }
        assertThat(results.microbenchmarks).extracting(Results.Microbenchmark::name)
                .containsExactlyInAnyOrder("strongroomEs256", "strongroomRemembered", "nimbusHs256", "authenticatorCode",
                        "encryptField", "decryptField", "blindIndex");
        assertThat(results.figures).as("encryption on and off").anyMatch(f -> f.system().endsWith("encrypted"))
                .anyMatch(f -> f.system().endsWith("in clear"));
        assertThat(results.microbenchmarks).allMatch(m -> m.score() > 0);
        assertThat(results.comparisons).hasSizeGreaterThanOrEqualTo(10);
        assertThat(results.process).containsKeys("strongroom_first_start_to_healthy_ms",
                "strongroom_restart_to_healthy_ms", "strongroom_peak_rss_bytes", "keycloak_start_to_ready_ms",
                "reencryption_rows_per_second_" + options.scaleLargeTenants() + "_tenants");
    }
}
