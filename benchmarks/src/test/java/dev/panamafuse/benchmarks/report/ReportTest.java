package dev.panamafuse.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report joins JMH's CSVs with the daemon lines and summarizes rounds into medians and ratios. */
class ReportTest {
    private static final String HEADER = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\","
            + "\"Score Error (99.9%)\",\"Unit\",\"Param: system\"";

    private static String line(String bench, int threads, double score, String system) {
        return "\"dev.panamafuse.benchmarks.mounted.MountedBenchmark." + bench + "\",\"thrpt\"," + threads
                + ",1," + score + ",NaN,\"ops/s\",\"" + system + "\"";
    }

    @Test
    void mediansRatiosAndDaemonCpu(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("results"));
        for (int r = 1; r <= 3; r++) {
            Files.write(root.resolve("results/r" + r + "-t1.csv"), List.of(HEADER,
                    line("stat", 1, 100 * r, "panama"), line("stat", 1, 50 * r, "libfuse-st"),
                    line("stat", 1, 80, "libfuse-mt"), line("seqRead1mDirect", 1, 1000 + r, "panama")));
        }
        Files.write(root.resolve("daemon.tsv"), List.of("stat\t1\tpanama\t200\t2000000\t2000000000\t10240",
                "stat\t1\tpanama\t400\t2000000\t2000000000\t20480", "stat\t1\tpanama\t600\t3000000\t2000000000\t10240"));
        List<Row> rows = Row.summarize(Report.read(root));
        assertEquals(2, rows.size());
        Row stat = rows.get(0);
        assertEquals("stat", stat.workload());
        Stats p = stat.stats().get("panama");
        assertEquals(200, p.median());
        assertEquals(100, p.min());
        assertEquals(300, p.max());
        assertEquals(5000, p.cpuPerOp(), 1e-9, "median of 10, 5 and 5 µs per op, in ns");
        assertEquals(20480, p.peakRssKib());
        assertEquals(100, stat.bestLibfuse(), "the better libfuse median: st 100 against mt 80");
        assertEquals(2.0, stat.ratioTo("libfuse-st"));
        Row read = rows.get(1);
        assertEquals(1002, read.stats().get("panama").median(), "1 MiB per op: ops/s equals MiB/s");
        String md = Markdown.table(rows);
        assertTrue(md.contains("| stat | 1 | stat/s | 200 <sub>100–300</sub> |"), md);
        assertTrue(md.contains("2.00×"), md);
        assertTrue(Chart.svg(rows).startsWith("<svg"));
    }

    @Test
    void csvFieldsWithQuotesAndCommas() {
        assertEquals(List.of("a,b", "c\"d", "", "e"), CsvLine.fields("\"a,b\",\"c\"\"d\",,e"));
    }
}
