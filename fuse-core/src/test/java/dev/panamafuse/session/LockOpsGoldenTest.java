package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamafuse.Errno;
import dev.panamafuse.FileLock;
import dev.panamafuse.FuseException;
import dev.panamafuse.Request;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.protocol.OperationFlags;
import dev.panamafuse.testing.ReplyView;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden request and reply frames of the lock operations ({@link
 * dev.panamafuse.session.ops.LockOps}): GETLK, SETLK, SETLKW and flock through SETLK (see {@link
 * GoldenFixture}).
 */
@DisplayName("Golden frames: locks")
class LockOpsGoldenTest extends GoldenFixture {

    @Nested
    @DisplayName("GETLK")
    class Getlk {
        @Test
        @DisplayName("fuse_lk_in; the conflicting lock in fuse_lk_out")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "58 00 00 00 1f 00 00 00", // len=88, opcode=GETLK (31)
                    "1c 01 00 00 00 00 00 00", // unique=0x11c
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_lk_in: fh=0x10
                    "bc 0a 00 00 00 00 00 00", // owner=0xabc
                    "00 00 00 00 00 00 00 00", // lk.start=0
                    "ff ff ff ff ff ff ff 7f", // lk.end=OFFSET_MAX
                    "01 00 00 00 92 10 00 00", // lk.type=F_WRLCK, lk.pid=4242
                    "00 00 00 00 00 00 00 00"  // lk_flags=0, padding=0
            ));
            assertBytes(hex(
                    "28 00 00 00 00 00 00 00", // len=40, error=0
                    "1c 01 00 00 00 00 00 00", // unique=0x11c
                    "64 00 00 00 00 00 00 00", // fuse_lk_out: lk.start=100
                    "c7 00 00 00 00 00 00 00", // lk.end=199
                    "00 00 00 00 09 03 00 00"  // lk.type=F_RDLCK, lk.pid=777
            ), r.bytes());
            assertEquals("getlk 2 fh=16 owner=0xabc " + new FileLock(0, OFFSET_MAX, FileLock.F_WRLCK, 4242),
                    nextCall());
        }
    }

    @Nested
    @DisplayName("SETLK and SETLKW (POSIX record locks)")
    class Setlk {
        @Test
        @DisplayName("SETLK: the lock, sleep=false; an empty reply")
        void setlk() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "58 00 00 00 20 00 00 00", // len=88, opcode=SETLK (32)
                    "1d 01 00 00 00 00 00 00", // unique=0x11d
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_lk_in: fh=0x10
                    "bc 0a 00 00 00 00 00 00", // owner=0xabc
                    "0a 00 00 00 00 00 00 00", // lk.start=10
                    "13 00 00 00 00 00 00 00", // lk.end=19
                    "00 00 00 00 92 10 00 00", // lk.type=F_RDLCK, lk.pid=4242
                    "00 00 00 00 00 00 00 00"  // lk_flags=0, padding=0
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "1d 01 00 00 00 00 00 00"  // unique=0x11d
            ), r.bytes());
            assertEquals("setlk 2 fh=16 owner=0xabc " + new FileLock(10, 19, FileLock.F_RDLCK, 4242) + " sleep=false",
                    nextCall());
        }

        @Test
        @DisplayName("SETLKW: sleep=true")
        void setlkw() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "58 00 00 00 21 00 00 00", // len=88, opcode=SETLKW (33)
                    "1e 01 00 00 00 00 00 00", // unique=0x11e
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_lk_in: fh=0x10
                    "bc 0a 00 00 00 00 00 00", // owner=0xabc
                    "00 00 00 00 00 00 00 00", // lk.start=0
                    "ff ff ff ff ff ff ff 7f", // lk.end=OFFSET_MAX
                    "01 00 00 00 92 10 00 00", // lk.type=F_WRLCK, lk.pid=4242
                    "00 00 00 00 00 00 00 00"  // lk_flags=0, padding=0
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "1e 01 00 00 00 00 00 00"  // unique=0x11e
            ), r.bytes());
            assertEquals("setlk 2 fh=16 owner=0xabc " + new FileLock(0, OFFSET_MAX, FileLock.F_WRLCK, 4242)
                    + " sleep=true", nextCall());
        }

        @Test
        @DisplayName("a conflict is the handler's EAGAIN")
        void conflict() throws Exception {
            mount(new RecordingFs() {
                @Override
                public void setlk(Request req, long nodeid, long fh, long owner, FileLock lock, boolean sleep) {
                    throw new FuseException(Errno.EAGAIN);
                }
            });
            assertError(call(req(Opcode.SETLK, 0x11f, 2).u64(0x10).u64(0xabc).u64(0).u64(0).u32(1).u32(1).u32(0)
                    .u32(0).build()), 0x11f, Errno.EAGAIN);
        }
    }

    @Nested
    @DisplayName("flock(2): SETLK and SETLKW with FUSE_LK_FLOCK")
    class Flock {
        @Test
        @DisplayName("SETLK F_WRLCK with FUSE_LK_FLOCK is flock(LOCK_EX|LOCK_NB); setlk is not called")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "58 00 00 00 20 00 00 00", // len=88, opcode=SETLK (32)
                    "20 01 00 00 00 00 00 00", // unique=0x120
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_lk_in: fh=0x10
                    "bc 0a 00 00 00 00 00 00", // owner=0xabc (the open file)
                    "00 00 00 00 00 00 00 00", // lk.start=0
                    "ff ff ff ff ff ff ff 7f", // lk.end=OFFSET_MAX
                    "01 00 00 00 92 10 00 00", // lk.type=F_WRLCK, lk.pid=4242
                    "01 00 00 00 00 00 00 00"  // lk_flags=FUSE_LK_FLOCK, padding=0
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "20 01 00 00 00 00 00 00"  // unique=0x120
            ), r.bytes());
            assertEquals("flock 2 fh=16 owner=0xabc op=" + (LOCK_EX | LOCK_NB), nextCall());
            assertNoMoreCalls();
        }

        @ParameterizedTest(name = "{0} type={1}: operation {2}")
        @CsvSource({
            "SETLK,  0, 5", // F_RDLCK -> LOCK_SH|LOCK_NB
            "SETLK,  1, 6", // F_WRLCK -> LOCK_EX|LOCK_NB
            "SETLK,  2, 8", // F_UNLCK -> LOCK_UN
            "SETLKW, 0, 1", // F_RDLCK -> LOCK_SH
            "SETLKW, 1, 2", // F_WRLCK -> LOCK_EX
            "SETLKW, 2, 8", // F_UNLCK -> LOCK_UN
        })
        @DisplayName("lock type and opcode map to LOCK_SH/LOCK_EX/LOCK_UN, LOCK_NB added for SETLK")
        void mapping(Opcode op, int type, int expected) throws Exception {
            mount(new RecordingFs());
            int pid = type == FileLock.F_UNLCK ? 0 : 4242;
            assertEmptySuccess(call(req(op, 0x121, 2).u64(0x10).u64(0xabc).u64(0).u64(OFFSET_MAX).u32(type)
                    .u32(pid).u32(OperationFlags.LK_FLOCK).u32(0).build()), 0x121);
            assertEquals("flock 2 fh=16 owner=0xabc op=" + expected, nextCall());
            assertNoMoreCalls();
            assertEquals(expected, switch (type) {
                case FileLock.F_RDLCK -> LOCK_SH | (op == Opcode.SETLK ? LOCK_NB : 0);
                case FileLock.F_WRLCK -> LOCK_EX | (op == Opcode.SETLK ? LOCK_NB : 0);
                default -> LOCK_UN;
            });
        }

        @Test
        @DisplayName("a held lock is the handler's EWOULDBLOCK (EAGAIN on Linux)")
        void wouldBlock() throws Exception {
            mount(new RecordingFs() {
                @Override
                public void flock(Request req, long nodeid, long fh, long owner, int operation) {
                    throw new FuseException(Errno.EAGAIN);
                }
            });
            assertError(call(req(Opcode.SETLK, 0x122, 2).u64(0x10).u64(0xabc).u64(0).u64(OFFSET_MAX).u32(1)
                    .u32(4242).u32(OperationFlags.LK_FLOCK).u32(0).build()), 0x122, Errno.EAGAIN);
        }
    }
}
