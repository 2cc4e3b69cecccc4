package dev.panamafuse.benchmarks.report;

import dev.panamafuse.benchmarks.mounted.SequentialIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns the raw output of {@code benchmarks/compare} — JMH's CSV files
 * ({@code results/r*-t*.csv}) and the daemon accounting ({@code daemon.tsv}) — into the
 * comparison table ({@code comparison.md}) and chart ({@code comparison.svg}): per workload and
 * thread count, each system's median over the rounds with min and max, the ratio of panama-fuse
 * to the best libfuse configuration and to jfuse and jnr-fuse, the daemon CPU per operation (per
 * GiB for data), and the peak resident memory.
 */
public final class Report {
    /** The systems in table order; the first is the one the ratios are about. */
    static final List<String> SYSTEMS = List.of("panama", "libfuse-st", "libfuse-mt", "jfuse", "jnr-fuse");
    private static final double MIB = 1 << 20;

    private Report() {
    }

    /**
     * Reads {@code ROOT/results/*.csv} and {@code ROOT/daemon.tsv}, writes the report to OUT.
     *
     * @param args ROOT OUT
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Report PFBENCH_ROOT OUTPUT_DIR");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<Sample> samples = read(root);
        if (samples.isEmpty()) {
            System.err.println("report: no results under " + root.resolve("results"));
            System.exit(1);
        }
        Files.createDirectories(out);
        List<Row> rows = Row.summarize(samples);
        String table = Markdown.table(rows);
        Files.writeString(out.resolve("comparison.md"), table);
        Files.writeString(out.resolve("comparison.svg"), Chart.svg(rows));
        System.out.print(table);
        System.out.println("report: wrote " + out.resolve("comparison.md") + " and " + out.resolve("comparison.svg"));
    }

    /**
     * Joins the JMH scores with the daemon lines, in order: the n-th measured iteration of a
     * (workload, threads, system) in the CSVs, sorted by round, meets the n-th daemon line of it.
     *
     * @param root the comparison's root directory
     * @return every sample
     * @throws IOException when a file cannot be read
     */
    static List<Sample> read(Path root) throws IOException {
        Map<String, List<double[]>> daemon = new LinkedHashMap<>();
        Path tsv = root.resolve("daemon.tsv");
        if (Files.exists(tsv)) {
            for (String line : Files.readAllLines(tsv)) {
                String[] f = line.split("\t");
                if (f.length == 7) {
                    double ops = Double.parseDouble(f[3]);
                    daemon.computeIfAbsent(f[0] + "/" + f[1] + "/" + f[2], k -> new ArrayList<>())
                            .add(new double[] {ops > 0 ? Double.parseDouble(f[4]) / ops : Double.NaN,
                                Double.parseDouble(f[6])});
                }
            }
        }
        List<Path> csvs;
        try (Stream<Path> s = Files.list(root.resolve("results"))) {
            csvs = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (Path csv : csvs) {
            List<String> lines = Files.readAllLines(csv);
            if (lines.isEmpty()) {
                continue;
            }
            List<String> header = CsvLine.fields(lines.get(0));
            int systemAt = header.indexOf("Param: system");
            int blockAt = header.indexOf("Param: block");
            int ioAt = header.indexOf("Param: io");
            if (systemAt < 0) {
                throw new IOException(csv + ": no \"Param: system\" column");
            }
            for (String line : lines.subList(1, lines.size())) {
                List<String> f = CsvLine.fields(line);
                String bench = SequentialIo.workload(f.get(0).substring(f.get(0).lastIndexOf('.') + 1),
                        blockAt < 0 ? null : f.get(blockAt), ioAt < 0 ? null : f.get(ioAt));
                int threads = Integer.parseInt(f.get(2));
                double score = Double.parseDouble(f.get(4));
                String system = f.get(systemAt);
                String key = bench + "/" + threads + "/" + system;
                int n = seen.merge(key, 1, Integer::sum) - 1;
                List<double[]> d = daemon.getOrDefault(key, List.of());
                double[] dl = n < d.size() ? d.get(n) : new double[] {Double.NaN, -1};
                samples.add(new Sample(bench, threads, system, score, dl[0], (long) dl[1]));
            }
        }
        return samples;
    }

    /** Bytes moved per operation of a data workload, 0 for the others. */
    static long blockSize(String workload) {
        if (workload.contains("1m")) {
            return 1 << 20;
        }
        if (workload.contains("128k")) {
            return 128 << 10;
        }
        if (workload.startsWith("randomRead4k")) {
            return 4096;
        }
        return 0;
    }

    /** The unit a workload's figures are shown in. */
    static String unit(String workload) {
        if (workload.startsWith("seq")) {
            return "MiB/s";
        }
        return switch (workload) {
            case "stat" -> "stat/s";
            case "randomRead4kDirect" -> "IOPS";
            case "createWriteClose4k" -> "files/s";
            case "listDir10k" -> "listings/s";
            default -> "ops/s";
        };
    }

    /** A score in the workload's unit. */
    static double inUnit(String workload, double opsPerSecond) {
        return workload.startsWith("seq") ? opsPerSecond * blockSize(workload) / MIB : opsPerSecond;
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    static Set<String> systemsIn(List<Row> rows) {
        Set<String> s = new LinkedHashSet<>();
        for (String sys : SYSTEMS) {
            for (Row r : rows) {
                if (r.stats().containsKey(sys)) {
                    s.add(sys);
                }
            }
        }
        for (Row r : rows) {
            s.addAll(r.stats().keySet());
        }
        return s;
    }
}
