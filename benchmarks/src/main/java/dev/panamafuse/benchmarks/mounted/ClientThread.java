package dev.panamafuse.benchmarks.mounted;

import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.EntryCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;
import dev.panamafuse.ffm.posix.StatxResult;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One client thread's files and buffers: descriptors on {@code /zero} (with and without
 * {@code O_DIRECT}), a file of its own in {@code w/} for writes, a directory of its own in
 * {@code small/} for the small-file benchmark, and page-aligned buffers (the sequential
 * workloads keep their cursor in {@link SequentialIo}). Each thread reads its own share of
 * {@code /zero}, so two threads do not read the same pages.
 */
@State(Scope.Thread)
public class ClientThread {
    /** How far the write benchmarks go before wrapping to offset 0 (bounds the server's memory). */
    static final long WRITE_SPAN = 64L << 20;
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int PAGE = 4096;

    MemorySegment zeroPath;
    MemorySegment statBuf;
    MemorySegment buf4k;
    MemorySegment buf128k;
    MemorySegment buf1m;
    MemorySegment direntBuf;
    MemorySegment dirPath;
    int zeroDirectFd;
    int zeroCachedFd;
    int writeFd;
    int writeDirectFd;
    long regionStart;
    long regionSize;
    private Arena arena;
    private Path smallDir;
    private Path writePath;
    private MemorySegment[] smallNames = new MemorySegment[0];
    private int smallCount;

    /** Made by JMH, once per benchmark thread. */
    public ClientThread() {
    }

    /**
     * Opens the thread's files.
     *
     * @param target  the mounted system
     * @param threads the thread's index and the thread count
     * @throws IOException when a file cannot be made
     */
    @Setup(Level.Trial)
    public void open(MountedTarget target, ThreadParams threads) throws IOException {
        arena = Arena.ofShared();
        int id = IDS.incrementAndGet();
        zeroPath = arena.allocateFrom(target.mount.resolve("zero").toString());
        dirPath = arena.allocateFrom(target.mount.resolve("dir10k").toString());
        statBuf = arena.allocate(StatxResult.LAYOUT);
        buf4k = arena.allocate(4096, PAGE);
        buf128k = arena.allocate(128 << 10, PAGE);
        buf1m = arena.allocate(1 << 20, PAGE);
        buf1m.fill((byte) 'x');
        buf128k.fill((byte) 'y');
        buf4k.fill((byte) 'z');
        direntBuf = arena.allocate(64 << 10, 8);
        zeroDirectFd = open(zeroPath, OpenFlags.O_RDONLY | OpenFlags.O_DIRECT, 0);
        zeroCachedFd = open(zeroPath, OpenFlags.O_RDONLY, 0);
        regionSize = MountedTarget.ZERO_SIZE / Math.max(1, threads.getThreadCount());
        regionStart = regionSize * threads.getThreadIndex();
        writePath = target.mount.resolve("w").resolve("t" + id);
        MemorySegment w = arena.allocateFrom(writePath.toString());
        writeFd = open(w, OpenFlags.O_WRONLY | OpenFlags.O_CREAT, 0644);
        writeDirectFd = open(w, OpenFlags.O_WRONLY | OpenFlags.O_DIRECT, 0);
        smallDir = target.mount.resolve("small").resolve("t" + id);
        Files.createDirectories(smallDir);
    }

    /**
     * {@code open(path, flags | O_CLOEXEC, mode)} with an encoded path: no allocation per call.
     *
     * @param path  a NUL-terminated path
     * @param flags {@code O_*} flags
     * @param mode  permissions of a created file
     * @return the descriptor
     * @throws LibcException when the call fails
     */
    static int open(MemorySegment path, int flags, int mode) throws LibcException {
        return AtCalls.openat(AtCalls.AT_FDCWD, path, flags | OpenFlags.O_CLOEXEC, mode);
    }

    /** Reopens the cached descriptor on {@code /zero}: the open drops the file's page cache. */
    void reopenCached() throws LibcException {
        DescriptorCalls.close(zeroCachedFd);
        zeroCachedFd = open(zeroPath, OpenFlags.O_RDONLY, 0);
    }

    /** The NUL-terminated path of the next small file, remembered for the iteration's cleanup. */
    MemorySegment nextSmallFile() {
        if (smallCount == smallNames.length) {
            MemorySegment[] more = new MemorySegment[Math.max(1024, smallNames.length * 2)];
            System.arraycopy(smallNames, 0, more, 0, smallNames.length);
            smallNames = more;
        }
        MemorySegment name = smallNames[smallCount];
        if (name == null) {
            name = arena.allocateFrom(smallDir.resolve(MountedTarget.name(smallCount)).toString());
            smallNames[smallCount] = name;
        }
        smallCount++;
        return name;
    }

    /**
     * Removes the small files this iteration made, outside the measurement.
     *
     * @throws LibcException when one cannot be removed
     */
    @TearDown(Level.Iteration)
    public void removeSmallFiles() throws LibcException {
        for (int i = 0; i < smallCount; i++) {
            EntryCalls.unlinkat(AtCalls.AT_FDCWD, smallNames[i], 0);
        }
        smallCount = 0;
    }

    /**
     * Closes the thread's files and removes its write file and directory.
     *
     * @throws IOException when they cannot be removed
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        DescriptorCalls.close(zeroDirectFd);
        DescriptorCalls.close(zeroCachedFd);
        DescriptorCalls.close(writeFd);
        DescriptorCalls.close(writeDirectFd);
        Files.deleteIfExists(smallDir);
        Files.deleteIfExists(writePath);
        arena.close();
    }
}
