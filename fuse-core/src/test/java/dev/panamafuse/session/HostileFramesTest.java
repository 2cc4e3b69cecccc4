package dev.panamafuse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.LogCapture;
import dev.panamafuse.testing.ReplyView;
import dev.panamafuse.testing.SessionHarness;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Values no kernel sends, as a corrupted or hostile frame carries them: answered with a clean
 * errno at decode, before any handler sees them, and never with a stack trace in the log; and a
 * handler that keeps throwing costs one stack trace, not one per request.
 */
@DisplayName("hostile values in well-formed frames")
class HostileFramesTest extends SessionHarness {
    private static final Attr FILE = Attr.of(2, Mode.S_IFREG | 0644, 1, 0, 0, 10, Instant.EPOCH);

    private final AtomicInteger handlerCalls = new AtomicInteger();
    private LogCapture log;

    @BeforeEach
    void mountHostile() throws Exception {
        log = LogCapture.of(Session.class);
        mount(new FileSystem() {
            @Override
            public Attr setattr(Request req, long nodeid, SetAttr changes) {
                handlerCalls.incrementAndGet();
                return FILE;
            }

            @Override
            public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
                handlerCalls.incrementAndGet();
                return 0;
            }

            @Override
            public int write(Request req, long nodeid, long fh, long offset, MemorySegment data, int flags) {
                handlerCalls.incrementAndGet();
                return (int) data.byteSize();
            }

            @Override
            public long lseek(Request req, long nodeid, long fh, long offset, int whence) {
                handlerCalls.incrementAndGet();
                return offset;
            }

            @Override
            public Attr getattr(Request req, long nodeid, long fh) {
                throw new IllegalStateException("a bug of the handler");
            }
        }, MountOptions.builder().build());
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    private static Frames.Request setattr(long unique, int valid, long atime, int atimensec) {
        return Frames.request(Opcode.SETATTR.code(), unique, 2)
                .u32(valid).u32(0).u64(0).u64(0).u64(0)          // valid, padding, fh, size, lock_owner
                .u64(atime).u64(0).u64(0)                        // atime, mtime, ctime
                .u32(atimensec).u32(0).u32(0).u32(0).u32(0)      // atimensec, mtimensec, ctimensec, mode, unused4
                .u32(0).u32(0).u32(0);                           // uid, gid, unused5
    }

    @Test
    @DisplayName("SETATTR with a time beyond Instant's range, or 2^32-1 nanoseconds: EINVAL, no trace")
    void setattrTimes() {
        assertEquals(-Errno.EINVAL.code(), call(setattr(10, SetAttr.FATTR_ATIME, Long.MAX_VALUE, 0).build()).error());
        assertEquals(-Errno.EINVAL.code(), call(setattr(11, SetAttr.FATTR_ATIME, Long.MIN_VALUE, 0).build()).error());
        assertEquals(-Errno.EINVAL.code(), call(setattr(12, SetAttr.FATTR_ATIME, 0, -1).build()).error());
        assertEquals(0, call(setattr(13, SetAttr.FATTR_ATIME, 1_700_000_000L, 999_999_999).build()).error());
        assertEquals(1, handlerCalls.get(), "only the valid SETATTR reaches the handler");
        assertEquals(List.of(), log.traces());
        assertEquals(List.of(), log.warnings());
    }

    @Test
    @DisplayName("SETATTR of a negative size: EINVAL")
    void setattrNegativeSize() {
        byte[] f = Frames.request(Opcode.SETATTR.code(), 14, 2).u32(SetAttr.FATTR_SIZE).u32(0).u64(0).u64(-5).u64(0)
                .zeros(56).build();
        assertEquals(-Errno.EINVAL.code(), call(f).error());
        assertEquals(0, handlerCalls.get());
    }

    @Test
    @DisplayName("READ at an offset of 2^63 or more, WRITE whose end passes 2^63: EINVAL before the handler")
    void offsets() {
        byte[] read = Frames.request(Opcode.READ.code(), 20, 2)
                .u64(0).u64(Long.MIN_VALUE).u32(4096).u32(0).u64(0).u32(0).u32(0).build();
        assertEquals(-Errno.EINVAL.code(), call(read).error());
        byte[] write = Frames.request(Opcode.WRITE.code(), 21, 2)
                .u64(0).u64(Long.MAX_VALUE - 2).u32(8).u32(0).u64(0).u32(0).u32(0)
                .put(new byte[8]).build();
        assertEquals(-Errno.EINVAL.code(), call(write).error());
        assertEquals(0, handlerCalls.get());
        byte[] ok = Frames.request(Opcode.READ.code(), 22, 2)
                .u64(0).u64(Long.MAX_VALUE - 4096).u32(4096).u32(0).u64(0).u32(0).u32(0).build();
        assertEquals(0, call(ok).error());
        assertEquals(List.of(), log.traces());
    }

    @Test
    @DisplayName("LSEEK from a negative offset: ENXIO, as lseek(2) on tmpfs")
    void lseekNegative() {
        byte[] f = Frames.request(Opcode.LSEEK.code(), 30, 2).u64(0).u64(-1).u32(3).u32(0).build();
        assertEquals(-Errno.ENXIO.code(), call(f).error());
        assertEquals(0, handlerCalls.get());
    }

    @Test
    @DisplayName("1,000 requests whose handler throws the same bug: 1,000 EIO answers, one stack trace")
    void rateLimitedTraces() {
        for (int i = 0; i < 1000; i++) {
            ReplyView r = call(Frames.request(Opcode.GETATTR.code(), 100 + i, 2).zeros(16).build());
            assertEquals(-Errno.EIO.code(), r.error(), r::toString);
        }
        assertEquals(1, log.traces().size(), () -> "traces: " + log.traces().size());
        assertTrue(log.traces().get(0).contains("a bug of the handler"), log.traces().get(0));
    }
}
