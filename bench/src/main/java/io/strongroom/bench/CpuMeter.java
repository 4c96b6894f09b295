package io.strongroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * CPU time used by the processes taking part in a measurement (the load generator itself, the
 * system under test, its database), so each figure can say where a call's CPU went.
 */
final class CpuMeter {

    /** Linux reports process times in clock ticks of 1/100 s on every mainstream configuration. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Map<String, LongSupplier> processes = new LinkedHashMap<>();

    CpuMeter add(String name, LongSupplier cpuNanos) {
        processes.put(name, cpuNanos);
        return this;
    }

    /** The load generator: this JVM. */
    static long harness() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
    }

    /** User + system time of one process (all its threads). */
    static long process(long pid) {
        return ticks(pid) * NANOS_PER_TICK;
    }

    /** User + system time of a process and all its descendants. */
    static long withDescendants(long pid) {
        return ProcessHandle.of(pid).map(root -> Stream.concat(Stream.of(root), root.descendants())
                .mapToLong(p -> ticks(p.pid())).sum() * NANOS_PER_TICK).orElse(-1L);
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    Map<String, Long> sample() {
        Map<String, Long> sample = new LinkedHashMap<>();
        processes.forEach((name, supplier) -> sample.put(name, supplier.getAsLong()));
        return sample;
    }

    /** CPU microseconds per call of each process between two samples. */
    static Map<String, Double> perCall(Map<String, Long> before, Map<String, Long> after, long calls) {
        Map<String, Double> perCall = new LinkedHashMap<>();
        before.forEach((name, start) -> perCall.put(name, calls == 0 ? Double.NaN
                : (after.get(name) - start) / 1000.0 / calls));
        return perCall;
    }
}
