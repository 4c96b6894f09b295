package io.strongroom.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Everything one run measured, in the shape written to {@code bench/results/<timestamp>.json}. */
final class Results {

    /** min / median / max of one quantity over the rounds. */
    record Spread(double min, double median, double max) {

        static Spread of(List<RoundResult> rounds, ToDoubleFunction<RoundResult> value) {
            List<Double> values = rounds.stream().map(value::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
            if (values.isEmpty()) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN);
            }
            int n = values.size();
            double median = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
            return new Spread(values.getFirst(), median, values.getLast());
        }
    }

    /** One measured system in one scenario. */
    record Figure(String scenario, String system, String operation, int concurrency, List<RoundResult> rounds,
            Spread throughput, Spread p50, Spread p90, Spread p99, double max, long errors,
            Map<String, Double> cpuMicrosPerCall) {

        static Figure of(String scenario, String system, String operation, int concurrency, List<RoundResult> rounds) {
            Map<String, Double> cpu = new LinkedHashMap<>();
            rounds.getFirst().cpuMicrosPerCall().keySet().forEach(process -> cpu.put(process,
                    Spread.of(rounds, r -> r.cpuMicrosPerCall().get(process)).median()));
            return new Figure(scenario, system, operation, concurrency, rounds,
                    Spread.of(rounds, RoundResult::throughput), Spread.of(rounds, RoundResult::p50),
                    Spread.of(rounds, RoundResult::p90), Spread.of(rounds, RoundResult::p99),
                    rounds.stream().mapToDouble(RoundResult::max).max().orElse(Double.NaN),
                    rounds.stream().mapToLong(RoundResult::errors).sum(), cpu);
        }

        String firstError() {
            return rounds.stream().map(RoundResult::firstError).filter(e -> e != null).findFirst().orElse(null);
        }
    }

    /** A ratio of ours to a reference, and the target it is held against. */
    record Comparison(String scenario, String what, double ours, double reference, double ratio, String target,
            double targetRatio, Boolean met) {

        /** ratio = ours / reference, met when the ratio reaches {@code targetRatio}. */
        static Comparison atLeast(String scenario, String what, double ours, double reference, double targetRatio,
                String target) {
            double ratio = ours / reference;
            return new Comparison(scenario, what, ours, reference, ratio, target, targetRatio, ratio >= targetRatio);
        }

        /** ratio = ours / reference, shown next to a reference that sets no target. */
        static Comparison reference(String scenario, String what, double ours, double reference) {
            return new Comparison(scenario, what, ours, reference, ours / reference, "none (reference)", Double.NaN,
                    null);
        }

        /** ratio = ours / reference, met when the ratio stays below {@code targetRatio}. */
        static Comparison below(String scenario, String what, double ours, double reference, double targetRatio,
                String target) {
            double ratio = ours / reference;
            return new Comparison(scenario, what, ours, reference, ratio, target, targetRatio, ratio < targetRatio);
        }
    }

    /** A JMH result: operations per second on one thread, per measurement iteration. */
    record Microbenchmark(String name, double score, double error, Spread iterations) {
    }

    final Map<String, Object> environment = new LinkedHashMap<>();
    final Map<String, Object> parameters = new LinkedHashMap<>();
    final List<Figure> figures = new ArrayList<>();
    final List<Comparison> comparisons = new ArrayList<>();
    final List<Microbenchmark> microbenchmarks = new ArrayList<>();
    final Map<String, Object> process = new LinkedHashMap<>();
    final Map<String, Object> notes = new LinkedHashMap<>();

    Figure add(Figure figure) {
        figures.add(figure);
        return figure;
    }

    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("environment", environment);
        json.put("parameters", parameters);
        json.put("figures", figures);
        json.put("comparisons", comparisons);
        json.put("microbenchmarks", microbenchmarks);
        json.put("process", process);
        json.put("notes", notes);
        return json;
    }
}
