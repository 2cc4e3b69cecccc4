package dev.panamafuse.benchmarks.mounted;

import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;
import dev.panamafuse.ffm.posix.StatxResult;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Client workloads through the kernel against a mounted system ({@link MountedTarget#system}):
 * every operation is one or a few real system calls on the mount, made through FFM. Scores are
 * operations per second; the report turns reads and writes into MiB/s ({@code ops × block}).
 *
 * <p>Run one thread ({@code -t 1}) and two ({@code -t 2}). The mounts come from
 * {@code benchmarks/compare}, which runs every system in the same JMH run, so each figure can be
 * read as a ratio against the others.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 1, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class MountedBenchmark {
    private static final int DIRENT_RECLEN = 16;

    /** Made by JMH. */
    public MountedBenchmark() {
    }

    /**
     * {@code stat(2)} of {@code /zero}; with zero timeouts every call asks the server.
     *
     * @param t the mount
     * @param c the thread's state
     * @return the file's size field, so the call is not dead code
     * @throws LibcException when a system call fails
     */
    @Benchmark
    public int stat(MountedTarget t, ClientThread c) throws LibcException {
        AtCalls.statx(AtCalls.AT_FDCWD, c.zeroPath, 0, StatxResult.STATX_BASIC_STATS, c.statBuf);
        int r = c.statBuf.get(ValueLayout.JAVA_INT, 0);
        t.ops.increment();
        return r;
    }

    /**
     * A 4 KiB {@code O_DIRECT} read at a random aligned offset of {@code /zero}.
     *
     * @param t the mount
     * @param c the thread's state
     * @return bytes read
     * @throws LibcException when a system call fails
     */
    @Benchmark
    public long randomRead4kDirect(MountedTarget t, ClientThread c) throws LibcException {
        long offset = ThreadLocalRandom.current().nextLong(MountedTarget.ZERO_SIZE >> 12) << 12;
        long n = DescriptorCalls.pread(c.zeroDirectFd, c.buf4k, offset);
        t.ops.increment();
        return n;
    }

    /**
     * Sequential reads of {@code /zero}, of 128 KiB or 1 MiB ({@link SequentialIo#block}), through
     * the page cache or {@code O_DIRECT} ({@link SequentialIo#io}); each thread reads its own
     * region and wraps at its end (reopening the cached descriptor, which drops the page cache).
     * Reported as {@code seqRead128k}, {@code seqRead1m}, {@code seqRead128kDirect} and
     * {@code seqRead1mDirect}.
     *
     * @param t the mount
     * @param c the thread's state
     * @param s the block size and kind of I/O
     * @return bytes read
     * @throws LibcException when a system call fails
     */
    @Benchmark
    public long seqRead(MountedTarget t, ClientThread c, SequentialIo s) throws LibcException {
        if (s.wrap(c.regionSize) && !s.direct) {
            c.reopenCached();
        }
        long n = DescriptorCalls.pread(s.direct ? c.zeroDirectFd : c.zeroCachedFd, s.buf, c.regionStart + s.advance());
        t.ops.increment();
        return n;
    }

    /**
     * Sequential writes of 128 KiB or 1 MiB ({@link SequentialIo#block}) into the thread's own
     * file, through the page cache (write-through: no writeback cache) or {@code O_DIRECT}
     * ({@link SequentialIo#io}), wrapping at 64 MiB. Reported as {@code seqWrite128k},
     * {@code seqWrite1m}, {@code seqWrite128kDirect} and {@code seqWrite1mDirect}.
     *
     * @param t the mount
     * @param c the thread's state
     * @param s the block size and kind of I/O
     * @return bytes written
     * @throws LibcException when a system call fails
     */
    @Benchmark
    public long seqWrite(MountedTarget t, ClientThread c, SequentialIo s) throws LibcException {
        s.wrap(ClientThread.WRITE_SPAN);
        long n = DescriptorCalls.pwrite(s.direct ? c.writeDirectFd : c.writeFd, s.buf, s.advance());
        t.ops.increment();
        return n;
    }

    /**
     * Creates a new file ({@code O_CREAT|O_EXCL}), writes 4 KiB, closes it; the files are removed
     * after each iteration, outside the measurement.
     *
     * @param t the mount
     * @param c the thread's state
     * @return bytes written
     * @throws LibcException when a system call fails
     */
    @Benchmark
    public long createWriteClose4k(MountedTarget t, ClientThread c) throws LibcException {
        int fd = ClientThread.open(c.nextSmallFile(), OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL, 0644);
        long n = DescriptorCalls.pwrite(fd, c.buf4k, 0);
        DescriptorCalls.close(fd);
        t.ops.increment();
        return n;
    }

    /**
     * Lists the 10,000-entry directory: open, {@code getdents64} until the end, close.
     *
     * @param t the mount
     * @param c the thread's state
     * @return entries seen (10,002 with {@code .} and {@code ..})
     * @throws LibcException when a system call fails
     */
    @Benchmark
    public int listDir10k(MountedTarget t, ClientThread c) throws LibcException {
        int fd = ClientThread.open(c.dirPath, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY, 0);
        int entries = 0;
        try {
            long n;
            while ((n = DescriptorCalls.getdents64(fd, c.direntBuf)) > 0) {
                for (long at = 0; at < n; at += Short.toUnsignedInt(
                        c.direntBuf.get(ValueLayout.JAVA_SHORT_UNALIGNED, at + DIRENT_RECLEN))) {
                    entries++;
                }
            }
        } finally {
            DescriptorCalls.close(fd);
        }
        if (entries != MountedTarget.DIR_ENTRIES + 2) {
            throw new IllegalStateException(t.system + ": listed " + entries + " entries, expected "
                    + (MountedTarget.DIR_ENTRIES + 2));
        }
        t.ops.increment();
        return entries;
    }
}
