package dev.panamafuse.benchmarks.mounted;

import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The two parameters of the sequential read and write benchmarks, {@code block} (128 KiB or
 * 1 MiB per call) and {@code io} (through the page cache, or {@code O_DIRECT}), and the thread's
 * buffer they pick, and the cursor of the sequence. Only {@link MountedBenchmark#seqRead} and {@link MountedBenchmark#seqWrite}
 * use this state, so the other benchmarks do not run once per combination.
 *
 * <p>Each combination is reported as its own workload, named as the benchmark methods once were:
 * {@code seqRead128k}, {@code seqRead1mDirect} and so on ({@link #workload}).
 */
@State(Scope.Thread)
public class SequentialIo {
    /** Bytes per call: {@code 128k} or {@code 1m}. */
    @Param({"128k", "1m"})
    public String block;

    /** {@code cached} (through the page cache) or {@code direct} ({@code O_DIRECT}). */
    @Param({"cached", "direct"})
    public String io;

    MemorySegment buf;
    boolean direct;
    /** The offset of the next block, from the start of the span the benchmark reads or writes. */
    private long cursor;

    /** Made by JMH, once per benchmark thread. */
    public SequentialIo() {
    }

    /**
     * Picks the thread's buffer of the block size.
     *
     * @param c the thread's files and buffers
     */
    @Setup(Level.Trial)
    public void choose(ClientThread c) {
        buf = switch (block) {
            case "128k" -> c.buf128k;
            case "1m" -> c.buf1m;
            default -> throw new IllegalArgumentException("block " + block + ": 128k or 1m");
        };
        direct = switch (io) {
            case "cached" -> false;
            case "direct" -> true;
            default -> throw new IllegalArgumentException("io " + io + ": cached or direct");
        };
    }

    /**
     * Starts again at offset 0 when the next block would pass the end of the span.
     *
     * @param span the bytes the benchmark reads or writes before it wraps
     * @return whether it wrapped
     */
    boolean wrap(long span) {
        if (cursor + buf.byteSize() > span) {
            cursor = 0;
            return true;
        }
        return false;
    }

    /** {@return the offset of the next block, moving the cursor past it} */
    long advance() {
        long at = cursor;
        cursor += buf.byteSize();
        return at;
    }

    /**
     * The workload name of a benchmark run: the method's name, followed for the sequential ones
     * by the block size and {@code Direct} for {@code O_DIRECT} ({@code seqRead} with
     * {@code block=1m}, {@code io=direct} is {@code seqRead1mDirect}).
     *
     * @param method the benchmark method's name
     * @param block  the {@code block} parameter, or null or empty when the benchmark has none
     * @param io     the {@code io} parameter, or null or empty when the benchmark has none
     * @return the workload name
     */
    public static String workload(String method, String block, String io) {
        if (block == null || block.isEmpty()) {
            return method;
        }
        return method + block + ("direct".equals(io) ? "Direct" : "");
    }
}
