package dev.panamafuse.benchmarks.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The comparison as an SVG bar chart: for each workload and thread count, every system's median
 * divided by the best libfuse configuration's, so 1.0 is libfuse at its best.
 */
final class Chart {
    private static final Map<String, String> COLORS = Map.of("panama", "#1f77b4", "libfuse-st", "#7f7f7f",
            "libfuse-mt", "#bcbcbc", "jfuse", "#ff7f0e", "jnr-fuse", "#d62728",
            "panama-inline", "#17becf", "panama-hybrid", "#2ca02c", "panama-virtual", "#9467bd");
    private static final int BAR = 9;
    private static final int LABEL_WIDTH = 200;
    private static final int PLOT_WIDTH = 520;
    private static final double MAX_RATIO = 2.0;

    private Chart() {
    }

    static String svg(List<Row> rows) {
        Set<String> systems = Report.systemsIn(rows);
        int group = systems.size() * BAR + 10;
        int height = 40 + rows.size() * group + 20 * systems.size() + 20;
        int width = LABEL_WIDTH + PLOT_WIDTH + 60;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"11\">\n", width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"10\" y=\"18\" font-size=\"13\">Median throughput ÷ best libfuse (1.0 = libfuse at its best;"
                + " bars cut at 2.0)</text>\n");
        double one = LABEL_WIDTH + PLOT_WIDTH / MAX_RATIO;
        int y = 40;
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s, %d thread%s</text>\n",
                    LABEL_WIDTH - 8, y + group / 2, r.workload(), r.threads(), r.threads() == 1 ? "" : "s"));
            int by = y;
            double best = r.bestLibfuse();
            for (String sys : systems) {
                Stats st = r.stats().get(sys);
                if (st != null && !Double.isNaN(best)) {
                    double ratio = st.median() / best;
                    double w = Math.min(ratio, MAX_RATIO) / MAX_RATIO * PLOT_WIDTH;
                    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" font-size=\"9\">%.2f</text>\n", LABEL_WIDTH, by, w, BAR - 1,
                            COLORS.getOrDefault(sys, "#000"), LABEL_WIDTH + w + 3, by + BAR - 1, ratio));
                }
                by += BAR;
            }
            y += group;
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\""
                + " stroke-dasharray=\"3,3\"/>\n", one, one, y));
        for (String sys : systems) {
            y += 20;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>\n", LABEL_WIDTH, y - 10, COLORS.getOrDefault(sys, "#000"),
                    LABEL_WIDTH + 18, y, sys));
        }
        return s.append("</svg>\n").toString();
    }
}
