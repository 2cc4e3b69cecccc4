package dev.panamafuse.benchmarks.mounted;

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
 * {@code small/} for the small-file benchmark, page-aligned buffers, and the cursors of its
 * sequential workloads. Each thread reads its own share of {@code /zero}, so two threads do not
 * read the same pages.
 */
@State(Scope.Thread)
public class ClientThread {
    /** How far the write benchmarks go before wrapping to offset 0 (bounds the server's memory). */
    static final long WRITE_SPAN = 64L << 20;
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int PAGE = 4096;

    Syscalls sys;
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
    long readCursor;
    long writeCursor;
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
        sys = new Syscalls(arena);
        int id = IDS.incrementAndGet();
        zeroPath = arena.allocateFrom(target.mount.resolve("zero").toString());
        dirPath = arena.allocateFrom(target.mount.resolve("dir10k").toString());
        statBuf = arena.allocate(Syscalls.STAT_SIZE, 8);
        buf4k = arena.allocate(4096, PAGE);
        buf128k = arena.allocate(128 << 10, PAGE);
        buf1m = arena.allocate(1 << 20, PAGE);
        buf1m.fill((byte) 'x');
        buf128k.fill((byte) 'y');
        buf4k.fill((byte) 'z');
        direntBuf = arena.allocate(64 << 10, 8);
        zeroDirectFd = sys.open(zeroPath, Syscalls.O_RDONLY | Syscalls.O_DIRECT, 0);
        zeroCachedFd = sys.open(zeroPath, Syscalls.O_RDONLY, 0);
        regionSize = MountedTarget.ZERO_SIZE / Math.max(1, threads.getThreadCount());
        regionStart = regionSize * threads.getThreadIndex();
        writePath = target.mount.resolve("w").resolve("t" + id);
        MemorySegment w = arena.allocateFrom(writePath.toString());
        writeFd = sys.open(w, Syscalls.O_WRONLY | Syscalls.O_CREAT, 0644);
        writeDirectFd = sys.open(w, Syscalls.O_WRONLY | Syscalls.O_DIRECT, 0);
        smallDir = target.mount.resolve("small").resolve("t" + id);
        Files.createDirectories(smallDir);
    }

    /** Reopens the cached descriptor on {@code /zero}: the open drops the file's page cache. */
    void reopenCached() {
        sys.close(zeroCachedFd);
        zeroCachedFd = sys.open(zeroPath, Syscalls.O_RDONLY, 0);
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

    /** Removes the small files this iteration made, outside the measurement. */
    @TearDown(Level.Iteration)
    public void removeSmallFiles() {
        for (int i = 0; i < smallCount; i++) {
            sys.unlink(smallNames[i]);
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
        sys.close(zeroDirectFd);
        sys.close(zeroCachedFd);
        sys.close(writeFd);
        sys.close(writeDirectFd);
        Files.deleteIfExists(smallDir);
        Files.deleteIfExists(writePath);
        arena.close();
    }
}
