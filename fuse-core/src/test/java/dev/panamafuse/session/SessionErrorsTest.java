package dev.panamafuse.session;

import static dev.panamafuse.session.SessionTest.HELLO;
import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Request;
import dev.panamafuse.StatFs;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.LogCapture;
import dev.panamafuse.testing.ReplyView;
import dev.panamafuse.testing.SessionHarness;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Drives a whole {@link Session} over a {@link dev.panamafuse.testing.FakeChannel}, without a
 * kernel: errors: ENOSYS defaults, exceptions to errnos, malformed and unknown frames.
 */
@DisplayName("Session over a fake channel: errors")
class SessionErrorsTest extends SessionHarness {
    @Test
    @DisplayName("a default method answers ENOSYS: SYMLINK on an empty filesystem")
    void symlinkEnosys() throws Exception {
        mount(new EmptyFs());
        assertError(call(req(Opcode.SYMLINK, 7, 1).name("lnk").name("/target").build()), 7, Errno.ENOSYS);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Opcode.class, names = {"LOOKUP", "GETATTR", "SETATTR", "READLINK", "MKNOD", "MKDIR",
        "UNLINK", "RMDIR", "RENAME", "LINK", "OPEN", "READ", "WRITE", "SETXATTR", "GETXATTR", "LISTXATTR",
        "REMOVEXATTR", "ACCESS", "CREATE", "READDIR", "BMAP", "FALLOCATE", "LSEEK", "POLL"})
    @DisplayName("every other unimplemented operation answers ENOSYS")
    void defaultsEnosys(Opcode op) throws Exception {
        mount(new EmptyFs());
        // enough zeroed argument bytes for any fixed struct, then two names
        byte[] f = req(op, 8, 2).zeros(128).name("a").name("b").build();
        assertError(call(f), 8, Errno.ENOSYS);
    }

    @Test
    @DisplayName("defaults that succeed: OPENDIR gives handle 0, FLUSH/RELEASE/FSYNC answer empty, STATFS gives StatFs.EMPTY")
    void defaultsThatSucceed() throws Exception {
        mount(new EmptyFs());
        assertBytes(hex(
                "20 00 00 00 00 00 00 00", // len=32, error=0
                "09 00 00 00 00 00 00 00", // unique=9
                "00 00 00 00 00 00 00 00", // fuse_open_out: fh=0
                "00 00 00 00 00 00 00 00"  // open_flags=0, backing_id=0
        ), call(req(Opcode.OPENDIR, 9, 1).u32(0x10000).u32(0).build()).bytes());
        for (Opcode op : List.of(Opcode.FLUSH, Opcode.RELEASE, Opcode.RELEASEDIR, Opcode.FSYNC, Opcode.FSYNCDIR)) {
            ReplyView r = call(req(op, 10, 2).zeros(24).build());
            assertEquals(0, r.error(), op + ": " + r);
            assertEquals(16, r.len(), op + ": " + r);
        }
        ReplyView st = call(req(Opcode.STATFS, 11, 1).build());
        assertEquals(96, st.len());
        assertEquals(512, st.u32(16 + 40), "bsize");
        assertEquals(255, st.u32(16 + 44), "namelen");
    }

    @Test
    @DisplayName("FuseException(EACCES) from a handler is answered -13")
    void fuseException() throws Exception {
        mount(new FileSystem() {
            @Override
            public Entry lookup(Request req, long parent, String name) {
                throw new FuseException(Errno.EACCES);
            }
        });
        ReplyView r = call(req(Opcode.LOOKUP, 12, 1).name("secret").build());
        assertBytes(hex(
                "10 00 00 00 f3 ff ff ff", // len=16, error=-13 (EACCES)
                "0c 00 00 00 00 00 00 00"  // unique=12
        ), r.bytes());
    }

    @Test
    @DisplayName("any other exception is EIO, logged with opcode and unique, and the session answers the next request")
    void runtimeException() throws Exception {
        try (LogCapture log = LogCapture.of(Session.class)) {
            mount(new FileSystem() {
                @Override
                public Entry lookup(Request req, long parent, String name) {
                    if (name.equals("boom")) {
                        throw new IllegalStateException("boom");
                    }
                    return Entry.of(HELLO);
                }
            });
            assertError(call(req(Opcode.LOOKUP, 13, 1).name("boom").build()), 13, Errno.EIO);
            ReplyView next = call(req(Opcode.LOOKUP, 14, 1).name("hello").build());
            assertEquals(0, next.error());
            assertEquals(14, next.unique());
            assertTrue(log.warned("LOOKUP unique 13"), log.warnings()::toString);
        }
    }

    @Test
    @DisplayName("an Error from a handler is EIO too")
    void error() throws Exception {
        try (LogCapture log = LogCapture.of(Session.class)) {
            mount(new FileSystem() {
                @Override
                public Attr getattr(Request req, long nodeid, long fh) {
                    throw new StackOverflowError();
                }
            });
            assertError(call(req(Opcode.GETATTR, 15, 1).zeros(16).build()), 15, Errno.EIO);
        }
    }

    @Test
    @DisplayName("a handler returning null where a record is required is EIO")
    void nullResult() throws Exception {
        mount(new FileSystem() {
            @Override
            public Attr getattr(Request req, long nodeid, long fh) {
                return null;
            }
        });
        assertError(call(req(Opcode.GETATTR, 16, 1).zeros(16).build()), 16, Errno.EIO);
    }

    @ParameterizedTest(name = "opcode {0}")
    @CsvSource({"99", "7", "19", "54", "4096", "-1"})
    @DisplayName("an unknown opcode is ENOSYS")
    void unknownOpcode(int opcode) throws Exception {
        mount(new EmptyFs());
        assertError(call(Frames.request(opcode, 17, 1).zeros(8).build()), 17, Errno.ENOSYS);
        assertEquals(0, call(req(Opcode.STATFS, 18, 1).build()).error(), "still serving");
    }

    @Test
    @DisplayName("a frame whose len disagrees with the bytes read is EIO, and the session goes on")
    void lenMismatch() throws Exception {
        try (LogCapture log = LogCapture.of(Session.class)) {
            mount(new EmptyFs());
            assertError(call(req(Opcode.GETATTR, 19, 1).len(100).zeros(16).build()), 19, Errno.EIO);
            assertEquals(0, call(req(Opcode.STATFS, 20, 1).build()).error());
            assertTrue(log.warned("unique 19"), log.warnings()::toString);
        }
    }

    @Test
    @DisplayName("garbage shorter than a unique gets no reply, and the session goes on")
    void garbage() throws Exception {
        try (LogCapture log = LogCapture.of(Session.class)) {
            mount(new EmptyFs());
            channel.send(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
            ReplyView next = call(req(Opcode.STATFS, 21, 1).build());
            assertEquals(21, next.unique(), "the garbage was not answered: " + next);
            channel.assertNoReply(QUIET);
        }
    }

    @Test
    @DisplayName("a header-sized but short frame is EIO with its unique")
    void shortFrame() throws Exception {
        try (LogCapture log = LogCapture.of(Session.class)) {
            mount(new EmptyFs());
            byte[] f = java.util.Arrays.copyOf(req(Opcode.STATFS, 22, 1).build(), 24);
            assertError(call(f), 22, Errno.EIO);
        }
    }

    @Test
    @DisplayName("arguments cut short or a name without NUL are EIO")
    void shortArguments() throws Exception {
        try (LogCapture log = LogCapture.of(Session.class)) {
            mount(new FileSystem() {
                @Override
                public Entry lookup(Request req, long parent, String name) {
                    return Entry.of(HELLO);
                }

                @Override
                public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
                    return 0;
                }
            });
            assertError(call(req(Opcode.READ, 23, 2).zeros(8).build()), 23, Errno.EIO);
            assertError(call(req(Opcode.LOOKUP, 24, 1).put("abc".getBytes(StandardCharsets.US_ASCII)).build()),
                    24, Errno.EIO);
            assertEquals(0, call(req(Opcode.LOOKUP, 25, 1).name("abc").build()).error());
        }
    }
}
