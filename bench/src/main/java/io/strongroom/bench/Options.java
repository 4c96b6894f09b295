package io.strongroom.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a benchmark run does. {@link #full} is the documented run; {@link #smoke} runs every
 * scenario for about two seconds with small data, only to prove the harness still works.
 */
record Options(
        Set<String> scenarios,
        Duration warmup,
        Duration round,
        int rounds,
        int authConcurrency,
        int dataConcurrency,
        int people,
        int updateTenants,
        int scaleSmallTenants,
        int scaleLargeTenants,
        int scaleRows,
        int jmhForks,
        int jmhIterations,
        Duration jmhIterationTime,
        Path jar,
        Path keycloakZip,
        String keycloakVersion,
        Path cache,
        Path workDir,
        Path resultsDir,
        Path performanceDoc,
        boolean smoke,
        Path profileDir) {

    static final List<String> ALL = List.of("signin", "refresh", "read", "update", "sessions", "tokens", "scale",
            "encryption", "backup", "timeoff", "lifecycle");

    static Options full(Path jar, Path keycloakZip, String keycloakVersion, Path cache, Path workDir, Path resultsDir,
            Path performanceDoc) {
        return new Options(new LinkedHashSet<>(ALL), Duration.ofSeconds(10), Duration.ofSeconds(20), 3, 16, 50, 1000, 50,
                10, 10_000, 100_000, 1, 5, Duration.ofSeconds(2), jar, keycloakZip, keycloakVersion, cache, workDir,
                resultsDir, performanceDoc, false, null);
    }

    static Options smoke(Path jar, Path keycloakZip, String keycloakVersion, Path cache, Path workDir, Path resultsDir) {
        return new Options(new LinkedHashSet<>(ALL), Duration.ofMillis(500), Duration.ofSeconds(2), 1, 4, 8, 40, 4,
                3, 30, 600, 0, 1, Duration.ofMillis(500), jar, keycloakZip, keycloakVersion, cache, workDir, resultsDir,
                null, true, null);
    }

    Options withScenarios(Set<String> chosen) {
        return new Options(chosen, warmup, round, rounds, authConcurrency, dataConcurrency, people, updateTenants,
                scaleSmallTenants, scaleLargeTenants, scaleRows, jmhForks, jmhIterations, jmhIterationTime, jar,
                keycloakZip, keycloakVersion, cache, workDir, resultsDir, performanceDoc, smoke, profileDir);
    }

    Options withTimes(Duration newWarmup, Duration newRound, int newRounds) {
        return new Options(scenarios, newWarmup, newRound, newRounds, authConcurrency, dataConcurrency, people,
                updateTenants, scaleSmallTenants, scaleLargeTenants, scaleRows, jmhForks, jmhIterations,
                jmhIterationTime, jar, keycloakZip, keycloakVersion, cache, workDir, resultsDir, performanceDoc, smoke,
                profileDir);
    }

    /** Writes the JSON results but leaves docs/performance.md alone. */
    Options withoutDocument() {
        return new Options(scenarios, warmup, round, rounds, authConcurrency, dataConcurrency, people, updateTenants,
                scaleSmallTenants, scaleLargeTenants, scaleRows, jmhForks, jmhIterations, jmhIterationTime, jar,
                keycloakZip, keycloakVersion, cache, workDir, resultsDir, null, smoke, profileDir);
    }

    /**
     * Records a JFR profile of every measured Strongroom process into {@code dir} and writes the
     * results there too: profiled figures never go to bench/results or docs/.
     */
    Options withProfile(Path dir) {
        return new Options(scenarios, warmup, round, rounds, authConcurrency, dataConcurrency, people, updateTenants,
                scaleSmallTenants, scaleLargeTenants, scaleRows, jmhForks, jmhIterations, jmhIterationTime, jar,
                keycloakZip, keycloakVersion, cache, workDir, dir, null, smoke, dir);
    }

    LoadGenerator.Settings load(int concurrency) {
        return new LoadGenerator.Settings(concurrency, warmup, round, rounds);
    }
}
