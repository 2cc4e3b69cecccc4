package dev.panamafuse.benchmarks.report;

import java.util.List;
import java.util.Set;

/** The comparison as Markdown tables: throughput with ratios, then daemon CPU and memory. */
final class Markdown {
    private static final double GIB = 1L << 30;

    private Markdown() {
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "–" : Report.fmt(v) + "×";
    }

    static String table(List<Row> rows) {
        Set<String> systems = Report.systemsIn(rows);
        StringBuilder s = new StringBuilder();
        s.append("| workload | threads | unit |");
        for (String sys : systems) {
            s.append(' ').append(sys).append(" |");
        }
        s.append(" panama ÷ best libfuse | ÷ jfuse | ÷ jnr-fuse |\n|---|---|---|");
        s.append("---|".repeat(systems.size())).append("---|---|---|\n");
        for (Row r : rows) {
            s.append("| ").append(r.workload()).append(" | ").append(r.threads()).append(" | ")
                    .append(Report.unit(r.workload())).append(" |");
            for (String sys : systems) {
                Stats st = r.stats().get(sys);
                s.append(' ').append(st == null ? "–" : Report.fmt(st.median()) + " <sub>" + Report.fmt(st.min())
                        + "–" + Report.fmt(st.max()) + "</sub>").append(" |");
            }
            Stats p = r.stats().get("panama");
            double best = r.bestLibfuse();
            s.append(' ').append(ratio(p == null ? Double.NaN : p.median() / best)).append(" | ")
                    .append(ratio(r.ratioTo("jfuse"))).append(" | ")
                    .append(ratio(r.ratioTo("jnr-fuse"))).append(" |\n");
        }
        s.append("\nDaemon CPU per operation (µs), or per GiB moved (s) for the data workloads, and the daemon's")
                .append(" peak resident memory (MiB) during the workload:\n\n| workload | threads |");
        for (String sys : systems) {
            s.append(' ').append(sys).append(" CPU | ").append(sys).append(" RSS |");
        }
        s.append("\n|---|---|").append("---|---|".repeat(systems.size())).append('\n');
        for (Row r : rows) {
            long block = Report.blockSize(r.workload());
            s.append("| ").append(r.workload()).append(" | ").append(r.threads()).append(" |");
            for (String sys : systems) {
                Stats st = r.stats().get(sys);
                if (st == null) {
                    s.append(" – | – |");
                    continue;
                }
                double cpu = r.workload().startsWith("seq")
                        ? st.cpuPerOp() * (GIB / block) / 1e9 : st.cpuPerOp() / 1e3;
                s.append(' ').append(Report.fmt(cpu)).append(r.workload().startsWith("seq") ? " s/GiB" : " µs")
                        .append(" | ").append(st.peakRssKib() < 0 ? "–" : Report.fmt(st.peakRssKib() / 1024.0))
                        .append(" |");
            }
            s.append('\n');
        }
        return s.toString();
    }
}
