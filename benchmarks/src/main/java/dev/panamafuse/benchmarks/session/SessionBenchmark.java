package dev.panamafuse.benchmarks.session;

import dev.panamafuse.benchmarks.InMemoryRun;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.mount.ThreadingPolicy;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.session.Session;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Requests per second through a whole {@link Session} — readers, dispatch, the filesystem
 * ({@link BenchFs}, whose answers are prepared once), reply encoding — over an in-memory
 * {@link FeedChannel}, without a kernel, in batches of 10,000, for each request kind, each
 * {@link ThreadingPolicy} and reader count: GETATTR of the root, LOOKUP of a name in it, and READ
 * of 128 KiB (answered with the filesystem's own buffer, as the second iovec). With
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is the heap allocated per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SessionBenchmark extends InMemoryRun {
    private static final int BATCH = 10_000;

    /** The request: GETATTR, LOOKUP or READ (128 KiB). */
    @Param({"GETATTR", "LOOKUP", "READ"})
    public String op;

    /** The dispatch policy. */
    @Param({"INLINE", "HYBRID", "VIRTUAL"})
    public ThreadingPolicy dispatch;

    /** Reader threads. */
    @Param({"1", "2"})
    public int readers;

    private FeedSession feed;

    /** Made by JMH, once per trial. */
    public SessionBenchmark() {
    }

    /**
     * Starts the session and completes INIT.
     *
     * @throws Exception when INIT fails
     */
    @Setup(Level.Trial)
    public void start() throws Exception {
        feed = new FeedSession(new BenchFs(), frame(op), MountOptions.builder().readers(readers).threading(dispatch)
                .build());
    }

    /** The request frame of {@code op}: header (40 bytes), then its operation struct or name. */
    static byte[] frame(String op) {
        ByteBuffer b = switch (op) {
            case "GETATTR" -> header(56, Opcode.GETATTR, 1);
            case "LOOKUP" -> header(40 + BenchFs.NAME.length() + 1, Opcode.LOOKUP, 1)
                    .put(40, BenchFs.NAME.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            case "READ" -> header(80, Opcode.READ, BenchFs.FILE).putLong(48, 0).putInt(56, 128 << 10);
            default -> throw new IllegalArgumentException("op " + op + ": must be GETATTR, LOOKUP or READ");
        };
        return b.array();
    }

    private static ByteBuffer header(int len, Opcode op, long nodeid) {
        return ByteBuffer.allocate(len).order(ByteOrder.nativeOrder()).putInt(0, len).putInt(4, op.code())
                .putLong(16, nodeid);
    }

    /**
     * Stops the session.
     *
     * @throws InterruptedException if interrupted
     */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        feed.close();
    }

    /**
     * 10,000 requests of kind {@link #op}, read, dispatched and answered.
     *
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void requests() throws InterruptedException {
        feed.channel.run(BATCH);
    }
}
