package dev.panamafuse.benchmarks.session;

import dev.panamafuse.benchmarks.InMemoryRun;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.session.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * One {@code FUSE_NOTIFY_POLL} through a session's notifier into an in-memory
 * {@link FeedChannel}, from two threads at once (a notification may come from any thread). With
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is the heap allocated per notification: the
 * notifier's frame is allocated once per session, so it should be 0. The notifier is reached the
 * way {@code PollHandle.notifyReady()} reaches it, {@code Session.notifyPoll(kh)}, which is
 * package-private: the benchmark runs on the class path and looks it up privately.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class NotifyBenchmark extends InMemoryRun {
    private FeedSession feed;
    private MethodHandle notifyPoll;

    /** Made by JMH. */
    public NotifyBenchmark() {
    }

    /**
     * Starts a session and completes INIT.
     *
     * @throws Throwable when INIT fails or the notifier cannot be reached
     */
    @Setup(Level.Trial)
    public void start() throws Throwable {
        feed = new FeedSession(MountOptions.builder().readers(1).build());
        notifyPoll = MethodHandles.privateLookupIn(Session.class, MethodHandles.lookup())
                .findVirtual(Session.class, "notifyPoll", MethodType.methodType(void.class, long.class));
    }

    /**
     * Checks that notifications arrived, and stops the session.
     *
     * @throws InterruptedException if interrupted
     */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        long sent = feed.channel.notificationsSent();
        feed.close();
        if (sent == 0) {
            throw new IllegalStateException("no notification reached the channel");
        }
    }

    /**
     * One poll wakeup for kernel handle 42.
     *
     * @throws Throwable never, in practice
     */
    @Benchmark
    public void notifyPoll() throws Throwable {
        notifyPoll.invokeExact(feed.session, 42L);
    }
}
