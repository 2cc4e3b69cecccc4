package dev.panamafuse.benchmarks.mounted;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The mounted filesystem a benchmark runs against, shared by its client threads. The driver
 * ({@code benchmarks/compare}) mounts every system under {@code $PFBENCH_ROOT/mnt/SYSTEM} and
 * writes the server's pid to {@code $PFBENCH_ROOT/pid/SYSTEM}; the {@code system} parameter picks
 * one.
 *
 * <p>Around every measured iteration it reads the server's CPU time ({@code /proc/PID/stat})
 * and, after resetting it, its peak resident memory ({@code VmHWM}), and appends one line to
 * {@code $PFBENCH_ROOT/daemon.tsv}: benchmark, threads, system, operations, daemon CPU
 * nanoseconds, wall nanoseconds, peak RSS KiB. The report divides them into CPU per operation.
 */
@State(Scope.Benchmark)
public class MountedTarget {
    /** Size of the served {@code /zero} file the read benchmarks use. */
    public static final long ZERO_SIZE = 4L << 30;
    /** Entries of the directory {@code listDir10k} lists. */
    public static final int DIR_ENTRIES = 10_000;
    private static final long CLOCK_TICK_NANOS = 10_000_000L;

    /** Which mounted system: panama, libfuse-st, libfuse-mt, jfuse, jnr-fuse. */
    @Param({"panama"})
    public String system;

    /** Operations completed in this iteration, counted by the client threads. */
    public final LongAdder ops = new LongAdder();

    Path root;
    Path mount;
    private long pid;
    private long cpuAtStart;
    private long wallAtStart;

    /** Made by JMH, once per trial. */
    public MountedTarget() {
    }

    /** {@return the root of the comparison's files: {@code $PFBENCH_ROOT}, default {@code /tmp/pfbench}} */
    public static Path benchRoot() {
        String r = System.getenv("PFBENCH_ROOT");
        return Path.of(r == null || r.isEmpty() ? "/tmp/pfbench" : r);
    }

    /**
     * Finds the mount and the server, and makes the shared fixtures once per server: the
     * directories {@code w} and {@code small}, and {@code dir10k} with 10,000 empty files.
     *
     * @throws IOException when the system is not mounted or a fixture cannot be made
     */
    @Setup(Level.Trial)
    public void trial() throws IOException {
        root = benchRoot();
        mount = root.resolve("mnt").resolve(system);
        if (!Files.isRegularFile(mount.resolve("zero"))) {
            throw new IOException(system + " is not mounted at " + mount + " (no zero file); run benchmarks/compare");
        }
        pid = Long.parseLong(Files.readString(root.resolve("pid").resolve(system)).trim());
        Files.createDirectories(mount.resolve("w"));
        Files.createDirectories(mount.resolve("small"));
        Path dir = mount.resolve("dir10k");
        if (!Files.exists(dir.resolve(name(DIR_ENTRIES - 1)))) {
            Files.createDirectories(dir);
            for (int i = 0; i < DIR_ENTRIES; i++) {
                Path f = dir.resolve(name(i));
                if (!Files.exists(f)) {
                    Files.createFile(f);
                }
            }
        }
    }

    static String name(int i) {
        return String.format("f%05d", i);
    }

    /**
     * Starts the daemon accounting of an iteration.
     *
     * @throws IOException when the server's /proc files cannot be read
     */
    @Setup(Level.Iteration)
    public void iterationStart() throws IOException {
        ops.reset();
        try {
            Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
        } catch (IOException e) {
            // Not permitted: VmHWM then is the peak since the server started.
        }
        cpuAtStart = cpuNanos();
        wallAtStart = System.nanoTime();
    }

    /**
     * Appends the iteration's daemon line (measured iterations only).
     *
     * @param benchmark the benchmark's parameters
     * @param iteration the iteration's parameters
     * @throws IOException when the log cannot be written
     */
    @TearDown(Level.Iteration)
    public void iterationEnd(BenchmarkParams benchmark, IterationParams iteration) throws IOException {
        long wall = System.nanoTime() - wallAtStart;
        long cpu = cpuNanos() - cpuAtStart;
        if (iteration.getType() != IterationType.MEASUREMENT) {
            return;
        }
        String name = benchmark.getBenchmark();
        String workload = SequentialIo.workload(name.substring(name.lastIndexOf('.') + 1),
                benchmark.getParam("block"), benchmark.getParam("io"));
        String line = String.join("\t", workload,
                Integer.toString(benchmark.getThreads()), system, Long.toString(ops.sum()), Long.toString(cpu),
                Long.toString(wall), Long.toString(peakRssKib())) + "\n";
        Files.writeString(root.resolve("daemon.tsv"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // Fields 14 and 15 of proc(5) (utime, stime); f[0] is field 3.
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * CLOCK_TICK_NANOS;
    }

    private long peakRssKib() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
        for (String l : lines) {
            if (l.startsWith("VmHWM:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
