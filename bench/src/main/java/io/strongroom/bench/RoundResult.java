package io.strongroom.bench;

import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What one measured round of a closed loop produced; latencies in milliseconds, CPU in
 * microseconds per call for each process measured (client = the load generator).
 */
record RoundResult(long calls, long errors, double seconds, double throughput, double p50, double p90, double p99,
        double max, String firstError, Map<String, Double> cpuMicrosPerCall) {

    static RoundResult of(Histogram micros, long errors, long elapsedNanos, String firstError,
            Map<String, Double> cpuMicrosPerCall) {
        double seconds = elapsedNanos / 1e9;
        long calls = micros.getTotalCount();
        return new RoundResult(calls, errors, seconds, calls / seconds,
                micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(90) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0,
                errors == 0 ? null : firstError, cpuMicrosPerCall);
    }
}
