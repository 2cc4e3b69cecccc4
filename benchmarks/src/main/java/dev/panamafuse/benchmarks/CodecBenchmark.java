package dev.panamafuse.benchmarks;

import dev.panamafuse.Attr;
import dev.panamafuse.codec.AttrEncoder;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.protocol.ReplyStructs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding and encoding cost of the codec, without a kernel: a GETATTR frame decoded and its
 * {@code fuse_attr_out} reply encoded (the hot path of {@code stat}), and a LOOKUP frame whose
 * name is decoded. Run with {@code -prof gc} to see bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CodecBenchmark {
    private Arena arena;
    private MemorySegment getattr;
    private MemorySegment lookup;
    private int lookupLen;
    private ReplyFrame reply;
    private final RequestFrame frame = new RequestFrame();
    private final Attr attr = Attr.of(42, dev.panamafuse.Mode.S_IFREG | 0644, 1, 1000, 1000, 4096,
            Instant.ofEpochSecond(1_700_000_000L));
    private final Duration timeout = Duration.ofSeconds(1);

    /** Builds the frames and the reply buffer. */
    @Setup
    public void setup() {
        arena = Arena.ofConfined();
        getattr = header(arena.allocate(4096, 4096), 56, Opcode.GETATTR.code());
        byte[] name = "some-file-name.txt\0".getBytes(StandardCharsets.UTF_8);
        lookupLen = 40 + name.length;
        lookup = header(arena.allocate(4096, 4096), lookupLen, Opcode.LOOKUP.code());
        MemorySegment.copy(name, 0, lookup, ValueLayout.JAVA_BYTE, 40, name.length);
        reply = new ReplyFrame(arena.allocate(8192, 4096), arena.allocate(32, 8));
    }

    private static MemorySegment header(MemorySegment s, int len, int opcode) {
        s.set(ValueLayout.JAVA_INT, 0, len);
        s.set(ValueLayout.JAVA_INT, 4, opcode);
        s.set(ValueLayout.JAVA_LONG, 8, 7);
        s.set(ValueLayout.JAVA_LONG, 16, 42);
        return s;
    }

    /** Frees the buffers. */
    @TearDown
    public void tearDown() {
        arena.close();
    }

    /** Decode a GETATTR frame and encode its attr_out reply. */
    @Benchmark
    public int getattrDecodeEncode() {
        frame.wrap(getattr, 56);
        long at = frame.argument(16);
        reply.begin(frame.unique());
        long o = reply.reserve(ReplyStructs.FUSE_ATTR_OUT.byteSize());
        AttrEncoder.attrOut(reply.buffer(), o, attr, timeout);
        reply.finish();
        return reply.length() + frame.getInt(at);
    }

    /** Decode a LOOKUP frame's name into a String. */
    @Benchmark
    public String lookupDecodeName() {
        frame.wrap(lookup, lookupLen);
        return frame.name();
    }
}
