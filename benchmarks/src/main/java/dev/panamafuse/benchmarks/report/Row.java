package dev.panamafuse.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the comparison: a workload at a thread count, with every system's {@link Stats}.
 *
 * @param workload the benchmark method
 * @param threads  client threads
 * @param stats    figures per system
 */
public record Row(String workload, int threads, Map<String, Stats> stats) {
    /**
     * Groups samples by workload, threads and system, keeping the order they first appear in.
     *
     * @param samples every measured iteration
     * @return one row per workload and thread count
     */
    static List<Row> summarize(List<Sample> samples) {
        Map<String, Map<String, List<Sample>>> groups = new LinkedHashMap<>();
        for (Sample s : samples) {
            groups.computeIfAbsent(s.workload() + "/" + s.threads(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(s.system(), k -> new ArrayList<>()).add(s);
        }
        List<Row> rows = new ArrayList<>();
        for (Map<String, List<Sample>> bySystem : groups.values()) {
            Sample first = bySystem.values().iterator().next().get(0);
            Map<String, Stats> stats = new LinkedHashMap<>();
            for (Map.Entry<String, List<Sample>> e : bySystem.entrySet()) {
                List<Double> scores = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                long rss = -1;
                for (Sample s : e.getValue()) {
                    scores.add(Report.inUnit(s.workload(), s.score()));
                    if (!Double.isNaN(s.cpuPerOp())) {
                        cpu.add(s.cpuPerOp());
                    }
                    rss = Math.max(rss, s.peakRssKib());
                }
                stats.put(e.getKey(), new Stats(Report.median(scores),
                        scores.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                        scores.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                        Report.median(cpu), rss));
            }
            rows.add(new Row(first.workload(), first.threads(), stats));
        }
        return rows;
    }

    /** The higher median of the two libfuse configurations, NaN when neither ran. */
    double bestLibfuse() {
        double best = Double.NaN;
        for (String s : List.of("libfuse-st", "libfuse-mt")) {
            Stats st = stats.get(s);
            if (st != null && (Double.isNaN(best) || st.median() > best)) {
                best = st.median();
            }
        }
        return best;
    }

    /** panama-fuse's median divided by {@code system}'s (NaN if either is missing). */
    double ratioTo(String system) {
        Stats p = stats.get("panama");
        Stats o = stats.get(system);
        return p == null || o == null ? Double.NaN : p.median() / o.median();
    }
}
