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
    void sequentialParametersNameTheWorkload(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("results"));
        String prefix = "\"dev.panamafuse.benchmarks.mounted.MountedBenchmark.";
        Files.write(root.resolve("results/r1-t1.csv"), List.of(
                "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\","
                        + "\"Param: block\",\"Param: io\",\"Param: system\"",
                prefix + "seqRead\",\"thrpt\",1,1,2048,NaN,\"ops/s\",1m,direct,\"panama\"",
                prefix + "seqWrite\",\"thrpt\",1,1,8,NaN,\"ops/s\",128k,cached,\"jfuse\"",
                prefix + "stat\",\"thrpt\",1,1,100,NaN,\"ops/s\",,,\"panama\""));
        Files.write(root.resolve("daemon.tsv"), List.of("seqRead1mDirect\t1\tpanama\t4096\t8192\t2000000000\t10240"));
        List<Sample> samples = Report.read(root);
        assertEquals(List.of("seqRead1mDirect", "seqWrite128k", "stat"),
                samples.stream().map(Sample::workload).toList());
        assertEquals(List.of("panama", "jfuse", "panama"), samples.stream().map(Sample::system).toList());
        assertEquals(2, samples.get(0).cpuPerOp(), 1e-9, "the daemon line of seqRead1mDirect: 8192 ns / 4096 ops");
        List<Row> rows = Row.summarize(samples);
        Row write = rows.stream().filter(r -> r.workload().equals("seqWrite128k")).findFirst().orElseThrow();
        assertEquals(1, write.stats().get("jfuse").median(), "8 ops of 128 KiB: 1 MiB/s");
    }

    @Test
    void csvFieldsWithQuotesAndCommas() {
        assertEquals(List.of("a,b", "c\"d", "", "e"), CsvLine.fields("\"a,b\",\"c\"\"d\",,e"));
    }
}
