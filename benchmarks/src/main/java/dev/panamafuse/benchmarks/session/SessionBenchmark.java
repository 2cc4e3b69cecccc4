package dev.panamafuse.benchmarks.session;

import dev.panamafuse.examples.hello.HelloFs;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.mount.ThreadingPolicy;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.session.Session;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Requests per second through a whole {@link Session} — readers, dispatch, {@link HelloFs},
 * reply encoding — over an in-memory {@link FeedChannel}, without a kernel: GETATTR of the root
 * in batches of 10,000, for each {@link ThreadingPolicy} policy and reader count. With
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is the heap allocated per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SessionBenchmark {
    private static final int BATCH = 10_000;

    /** The dispatch policy. */
    @Param({"INLINE", "HYBRID", "VIRTUAL"})
    public ThreadingPolicy dispatch;

    /** Reader threads. */
    @Param({"1", "2"})
    public int readers;

    private Arena arena;
    private FeedChannel channel;
    private Session session;

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
        arena = Arena.ofShared();
        ByteBuffer getattr = ByteBuffer.allocate(56).order(ByteOrder.nativeOrder());
        getattr.putInt(0, 56).putInt(4, Opcode.GETATTR.code()).putLong(16, 1);
        channel = new FeedChannel(arena, getattr.array());
        session = new Session(new HelloFs(), channel, MountOptions.builder().readers(readers).dispatch(dispatch)
                .build());
        session.start();
        session.awaitInit(Duration.ofSeconds(10));
    }

    /**
     * Stops the session.
     *
     * @throws InterruptedException if interrupted
     */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        session.stop();
        channel.close();
        session.awaitEnd(Duration.ofSeconds(10));
        arena.close();
    }

    /**
     * 10,000 GETATTR requests of the root, read, dispatched and answered.
     *
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void getattr() throws InterruptedException {
        channel.run(BATCH);
    }
}
