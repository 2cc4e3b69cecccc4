package dev.panamafuse.benchmarks;

import dev.panamafuse.Attr;
import dev.panamafuse.Entry;
import dev.panamafuse.codec.AttrEncoder;
import dev.panamafuse.codec.DirentWriter;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.protocol.ReplyStructs;
import dev.panamafuse.protocol.RequestStructs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decoding and encoding cost of the codec per opcode, without a kernel: GETATTR (decode, encode
 * {@code fuse_attr_out}: the hot path of {@code stat}), LOOKUP (the name alone, and with
 * {@code fuse_entry_out}), WRITE of 128 KiB (the data as a slice, {@code fuse_write_out}), READ
 * answered from the filesystem's own segment, and a READDIR reply of 100 entries. Run with
 * {@code -prof gc} to see bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark extends InMemoryRun {
    private Arena arena;
    private MemorySegment getattr;
    private MemorySegment lookup;
    private int lookupLen;
    private ReplyFrame reply;
    private final RequestFrame frame = new RequestFrame();
    private final Attr attr = Attr.of(42, dev.panamafuse.Mode.S_IFREG | 0644, 1, 1000, 1000, 4096,
            Instant.ofEpochSecond(1_700_000_000L));
    private final Duration timeout = Duration.ofSeconds(1);
    private final Entry entry = Entry.of(attr);
    private final DirentWriter dirents = new DirentWriter();
    private final String[] names = new String[100];
    private MemorySegment write;
    private int writeLen;
    private MemorySegment read;
    private MemorySegment data;

    /** Made by JMH, once per trial. */
    public CodecBenchmark() {
    }

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
        writeLen = 40 + 40 + (128 << 10);
        write = header(arena.allocate(writeLen, 4096), writeLen, Opcode.WRITE.code());
        write.set(ValueLayout.JAVA_INT, 40 + 16, 128 << 10);
        read = header(arena.allocate(4096, 4096), 80, Opcode.READ.code());
        read.set(ValueLayout.JAVA_INT, 40 + 16, 128 << 10);
        data = arena.allocate(128 << 10, 4096);
        for (int i = 0; i < names.length; i++) {
            names[i] = String.format("file-%07d", i);
        }
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

    /** {@return decode a GETATTR frame and encode its attr_out reply} */
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

    /** {@return decode a LOOKUP frame's name into a String} */
    @Benchmark
    public String lookupDecodeName() {
        frame.wrap(lookup, lookupLen);
        return frame.name();
    }

    /** {@return decode a LOOKUP frame's name and encode its {@code fuse_entry_out} reply} */
    @Benchmark
    public int lookupDecodeEncode() {
        frame.wrap(lookup, lookupLen);
        String name = frame.name();
        reply.begin(frame.unique());
        long o = reply.reserve(ReplyStructs.FUSE_ENTRY_OUT.byteSize());
        AttrEncoder.entryOut(reply.buffer(), o, entry, timeout, timeout);
        reply.finish();
        return reply.length() + name.length();
    }

    /** {@return decode a 128 KiB WRITE frame (its data as a read-only slice) and encode {@code fuse_write_out}} */
    @Benchmark
    public long writeDecodeEncode() {
        frame.wrap(write, writeLen);
        long at = frame.argument(RequestStructs.FUSE_WRITE_IN.byteSize());
        long size = Integer.toUnsignedLong(frame.getInt(at + 16));
        MemorySegment data = frame.data(size);
        reply.begin(frame.unique());
        long o = reply.reserve(ReplyStructs.FUSE_WRITE_OUT.byteSize());
        reply.buffer().set(ValueLayout.JAVA_INT_UNALIGNED, o, (int) data.byteSize());
        reply.finish();
        return reply.length();
    }

    /** {@return decode a READ frame and answer 128 KiB from a segment of the filesystem's own (second iovec)} */
    @Benchmark
    public int readDecodeAttach() {
        frame.wrap(read, 80);
        long at = frame.argument(RequestStructs.FUSE_READ_IN.byteSize());
        long size = Integer.toUnsignedLong(frame.getInt(at + 16));
        reply.begin(frame.unique());
        reply.attach(data.asSlice(0, Math.min(size, data.byteSize())));
        reply.finish();
        return reply.length();
    }

    /** {@return encode a READDIR reply of 100 entries with 12-character names into a 4 KiB-plus buffer} */
    @Benchmark
    public int readdir100() {
        reply.begin(7);
        dirents.start(reply, 8192 - 16, false, timeout, timeout);
        for (int i = 0; i < names.length; i++) {
            dirents.add(names[i], 1000 + i, dev.panamafuse.Mode.S_IFREG | 0644, i + 3);
        }
        reply.finish();
        return reply.length();
    }
}
