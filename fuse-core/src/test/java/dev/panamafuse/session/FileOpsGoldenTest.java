package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.IoctlResult;
import dev.panamafuse.Request;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.protocol.OperationFlags;
import dev.panamafuse.testing.LogCapture;
import dev.panamafuse.testing.ReplyView;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Golden request and reply frames of the file operations ({@link
 * dev.panamafuse.session.ops.FileOps}) that {@link SessionTest} does not already cover: FSYNC,
 * FLUSH, RELEASE with a flock unlock, TMPFILE, BMAP, IOCTL, FALLOCATE, LSEEK, COPY_FILE_RANGE(_64)
 * (see {@link GoldenFixture}).
 */
@DisplayName("Golden frames: files")
class FileOpsGoldenTest extends GoldenFixture {

    @Nested
    @DisplayName("FSYNC")
    class Fsync {
        @Test
        @DisplayName("fuse_fsync_in with FUSE_FSYNC_FDATASYNC: datasync=true")
        void datasync() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "38 00 00 00 14 00 00 00", // len=56, opcode=FSYNC (20)
                    "09 01 00 00 00 00 00 00", // unique=0x109
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_fsync_in: fh=0x10
                    "01 00 00 00 00 00 00 00"  // fsync_flags=FUSE_FSYNC_FDATASYNC, padding=0
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "09 01 00 00 00 00 00 00"  // unique=0x109
            ), r.bytes());
            assertEquals("fsync 2 fh=16 datasync=true", nextCall());
        }

        @Test
        @DisplayName("fsync_flags 0: datasync=false")
        void fullSync() throws Exception {
            mount(new RecordingFs());
            assertEmptySuccess(call(req(Opcode.FSYNC, 0x10a, 2).u64(0x10).u32(0).u32(0).build()), 0x10a);
            assertEquals("fsync 2 fh=16 datasync=false", nextCall());
        }
    }

    @Nested
    @DisplayName("FLUSH")
    class Flush {
        @Test
        @DisplayName("fuse_flush_in: fh and lock_owner; an empty reply")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "40 00 00 00 19 00 00 00", // len=64, opcode=FLUSH (25)
                    "0b 01 00 00 00 00 00 00", // unique=0x10b
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_flush_in: fh=0x10
                    "00 00 00 00 00 00 00 00", // unused=0, padding=0
                    "88 77 66 55 44 33 22 11"  // lock_owner=0x1122334455667788
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "0b 01 00 00 00 00 00 00"  // unique=0x10b
            ), r.bytes());
            assertEquals("flush 2 fh=16 owner=0x1122334455667788", nextCall());
        }
    }

    @Nested
    @DisplayName("RELEASE with FUSE_RELEASE_FLOCK_UNLOCK")
    class ReleaseFlockUnlock {
        private final byte[] frame = hex(
                "40 00 00 00 12 00 00 00", // len=64, opcode=RELEASE (18)
                "0c 01 00 00 00 00 00 00", // unique=0x10c
                "02 00 00 00 00 00 00 00", // nodeid=2
                "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                "10 00 00 00 00 00 00 00", // fuse_release_in: fh=0x10
                "02 80 00 00 02 00 00 00", // flags=O_RDWR|O_LARGEFILE, release_flags=FUSE_RELEASE_FLOCK_UNLOCK
                "99 00 00 00 00 00 00 00"  // lock_owner=0x99
        );

        @Test
        @DisplayName("flock(lock_owner, LOCK_UN) first, then release; an empty reply")
        void golden() throws Exception {
            mount(new RecordingFs());
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "0c 01 00 00 00 00 00 00"  // unique=0x10c
            ), call(frame).bytes());
            assertEquals("flock 2 fh=16 owner=0x99 op=" + LOCK_UN, nextCall());
            assertEquals("release 2 fh=16 flags=0x8002", nextCall());
            assertNoMoreCalls();
        }

        @Test
        @DisplayName("a failing unlock does not stop the release")
        void unlockFails() throws Exception {
            mount(new RecordingFs() {
                @Override
                public void flock(Request req, long nodeid, long fh, long owner, int operation) {
                    super.flock(req, nodeid, fh, owner, operation);
                    throw new FuseException(Errno.EBADF);
                }
            });
            assertEmptySuccess(call(frame), 0x10c);
            assertEquals("flock 2 fh=16 owner=0x99 op=" + LOCK_UN, nextCall());
            assertEquals("release 2 fh=16 flags=0x8002", nextCall());
        }

        @Test
        @DisplayName("an unlock that throws a RuntimeException: the release still runs; EIO, logged as RELEASE")
        void unlockThrows() throws Exception {
            try (LogCapture log = LogCapture.of(Session.class)) {
                mount(new RecordingFs() {
                    @Override
                    public void flock(Request req, long nodeid, long fh, long owner, int operation) {
                        super.flock(req, nodeid, fh, owner, operation);
                        throw new IllegalStateException("flock bug (expected by the test)");
                    }
                });
                assertError(call(frame), 0x10c, Errno.EIO);
                assertEquals("flock 2 fh=16 owner=0x99 op=" + LOCK_UN, nextCall());
                assertEquals("release 2 fh=16 flags=0x8002", nextCall(), "the handle must not leak");
                assertTrue(log.warned("RELEASE unique 268"), log.warnings()::toString);
            }
        }

        @Test
        @DisplayName("without the flag (RELEASE_FLUSH only) no flock call")
        void withoutFlag() throws Exception {
            mount(new RecordingFs());
            assertEmptySuccess(call(req(Opcode.RELEASE, 0x10d, 2).u64(0x10).u32(0).u32(OperationFlags.RELEASE_FLUSH)
                    .u64(0x99).build()), 0x10d);
            assertEquals("release 2 fh=16 flags=0x0", nextCall());
            channel.assertNoReply(QUIET);
            assertNoMoreCalls();
        }
    }

    @Nested
    @DisplayName("TMPFILE")
    class Tmpfile {
        @Test
        @DisplayName("fuse_create_in (the name the kernel appends is ignored); fuse_entry_out + fuse_open_out")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "3a 00 00 00 33 00 00 00", // len=58, opcode=TMPFILE (51)
                    "16 01 00 00 00 00 00 00", // unique=0x116
                    "01 00 00 00 00 00 00 00", // nodeid=1 (the directory)
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "02 80 41 00 80 81 00 00", // fuse_create_in: flags=O_RDWR|O_LARGEFILE|O_TMPFILE, mode=0100600
                    "12 00 00 00 00 00 00 00", // umask=022, open_flags=0
                    "2f 00"                    // the tmpfile dentry's name "/\0" (not a real name)
            ));
            assertBytes(hex(rows(new String[] {
                "a0 00 00 00 00 00 00 00", // len=160, error=0
                "16 01 00 00 00 00 00 00", // unique=0x116
                "08 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=8
                "01 00 00 00 00 00 00 00", // generation=1
            }, MOUNT_TIMEOUT_ROWS, TMP_ATTR_ROWS, new String[] {
                "40 00 00 00 00 00 00 00", // fuse_open_out: fh=0x40
                "21 00 00 00 00 00 00 00", // open_flags=FOPEN_DIRECT_IO|FOPEN_NOFLUSH, backing_id=0
            })), r.bytes());
            assertEquals("tmpfile parent=1 mode=0100600 umask=022 flags=0x418002", nextCall());
        }

        @Test
        @DisplayName("without any name after fuse_create_in: the same call")
        void withoutName() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(req(Opcode.TMPFILE, 0x117, 1).u32(0x418002).u32(0100600).u32(022).u32(0).build());
            assertEquals(0, r.error(), r::toString);
            assertEquals(160, r.len());
            assertEquals("tmpfile parent=1 mode=0100600 umask=022 flags=0x418002", nextCall());
        }
    }

    @Nested
    @DisplayName("BMAP")
    class Bmap {
        @Test
        @DisplayName("fuse_bmap_in (block, blocksize); fuse_bmap_out")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "38 00 00 00 25 00 00 00", // len=56, opcode=BMAP (37)
                    "25 01 00 00 00 00 00 00", // unique=0x125
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "0a 00 00 00 00 00 00 00", // fuse_bmap_in: block=10
                    "00 10 00 00 00 00 00 00"  // blocksize=4096, padding=0
            ));
            assertBytes(hex(
                    "18 00 00 00 00 00 00 00", // len=24, error=0
                    "25 01 00 00 00 00 00 00", // unique=0x125
                    "d2 04 00 00 00 00 00 00"  // fuse_bmap_out: block=1234
            ), r.bytes());
            assertEquals("bmap 2 blocksize=4096 block=10", nextCall());
        }
    }

    @Nested
    @DisplayName("IOCTL")
    class Ioctl {
        @Test
        @DisplayName("restricted: the input as a read-only slice; result and output after fuse_ioctl_out")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "4c 00 00 00 27 00 00 00", // len=76, opcode=IOCTL (39)
                    "26 01 00 00 00 00 00 00", // unique=0x126
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_ioctl_in: fh=0x10
                    "00 00 00 00 01 66 04 c0", // flags=0 (restricted), cmd=0xc0046601 (_IOWR('f', 1, int))
                    "00 00 fd 7f 00 00 00 00", // arg=0x7ffd0000 (the caller's pointer)
                    "04 00 00 00 04 00 00 00", // in_size=4, out_size=4
                    "01 02 03 04"              // the input
            ));
            assertBytes(hex(
                    "24 00 00 00 00 00 00 00", // len=36, error=0
                    "26 01 00 00 00 00 00 00", // unique=0x126
                    "07 00 00 00 00 00 00 00", // fuse_ioctl_out: result=7, flags=0
                    "00 00 00 00 00 00 00 00", // in_iovs=0, out_iovs=0
                    "0a 0b 0c 0d"              // the output
            ), r.bytes());
            assertEquals("ioctl 2 fh=16 cmd=0xc0046601 arg=0x7ffd0000 in=01020304 readOnly=true outSize=4 flags=0",
                    nextCall());
        }

        @Test
        @DisplayName("FUSE_IOCTL_UNRESTRICTED (CUSE only) is ENOSYS without calling the handler")
        void unrestricted() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "48 00 00 00 27 00 00 00", // len=72, opcode=IOCTL (39)
                    "27 01 00 00 00 00 00 00", // unique=0x127
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_ioctl_in: fh=0x10
                    "02 00 00 00 01 66 04 c0", // flags=FUSE_IOCTL_UNRESTRICTED, cmd=0xc0046601
                    "00 00 fd 7f 00 00 00 00", // arg=0x7ffd0000
                    "00 00 00 00 00 00 00 00"  // in_size=0, out_size=0
            ));
            assertBytes(hex(
                    "10 00 00 00 da ff ff ff", // len=16, error=-38 (ENOSYS)
                    "27 01 00 00 00 00 00 00"  // unique=0x127
            ), r.bytes());
            channel.assertNoReply(QUIET);
            assertNoMoreCalls();
        }

        @Test
        @DisplayName("a directory ioctl passes FUSE_IOCTL_DIR; no output gives a bare fuse_ioctl_out")
        void directoryNoOutput() throws Exception {
            mount(new RecordingFs() {
                @Override
                public IoctlResult ioctl(Request req, long nodeid, long fh, int cmd, long arg, MemorySegment in,
                                         int outSize, int flags) {
                    super.ioctl(req, nodeid, fh, cmd, arg, in, outSize, flags);
                    return new IoctlResult(0, null);
                }
            });
            ReplyView r = call(req(Opcode.IOCTL, 0x128, 1).u64(0x30).u32(OperationFlags.IOCTL_DIR).u32(0x6601).u64(0).u32(0)
                    .u32(0).build());
            assertEquals(0, r.error(), r::toString);
            assertEquals(32, r.len());
            assertEquals(0, r.u32(16), "result");
            assertEquals("ioctl 1 fh=48 cmd=0x6601 arg=0x0 in= readOnly=true outSize=0 flags=16", nextCall());
        }

        @Test
        @DisplayName("more output than out_size is EIO")
        void tooMuchOutput() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(req(Opcode.IOCTL, 0x129, 2).u64(0x10).u32(0).u32(0x80026601).u64(0).u32(0).u32(2)
                    .build());
            assertError(r, 0x129, Errno.EIO);
            nextCall();
        }
    }

    @Nested
    @DisplayName("FALLOCATE")
    class Fallocate {
        @Test
        @DisplayName("fuse_fallocate_in (fh, offset, length, mode); an empty reply")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "48 00 00 00 2b 00 00 00", // len=72, opcode=FALLOCATE (43)
                    "2a 01 00 00 00 00 00 00", // unique=0x12a
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_fallocate_in: fh=0x10
                    "00 10 00 00 00 00 00 00", // offset=4096
                    "00 20 00 00 00 00 00 00", // length=8192
                    "03 00 00 00 00 00 00 00"  // mode=FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE, padding=0
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "2a 01 00 00 00 00 00 00"  // unique=0x12a
            ), r.bytes());
            assertEquals("fallocate 2 fh=16 mode=3 off=4096 len=8192", nextCall());
        }
    }

    @Nested
    @DisplayName("LSEEK")
    class Lseek {
        @Test
        @DisplayName("fuse_lseek_in (fh, offset, whence); fuse_lseek_out, or the handler's ENXIO")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "40 00 00 00 2e 00 00 00", // len=64, opcode=LSEEK (46)
                    "2b 01 00 00 00 00 00 00", // unique=0x12b
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_lseek_in: fh=0x10
                    "64 00 00 00 00 00 00 00", // offset=100
                    "03 00 00 00 00 00 00 00"  // whence=SEEK_DATA, padding=0
            ));
            assertBytes(hex(
                    "18 00 00 00 00 00 00 00", // len=24, error=0
                    "2b 01 00 00 00 00 00 00", // unique=0x12b
                    "00 10 00 00 00 00 00 00"  // fuse_lseek_out: offset=4096
            ), r.bytes());
            assertEquals("lseek 2 fh=16 off=100 whence=3", nextCall());
            assertError(call(req(Opcode.LSEEK, 0x12c, 2).u64(0x10).u64(9000).u32(4).u32(0).build()), 0x12c,
                    Errno.ENXIO);
            assertEquals("lseek 2 fh=16 off=9000 whence=4", nextCall());
        }
    }

    @Nested
    @DisplayName("COPY_FILE_RANGE and COPY_FILE_RANGE_64")
    class CopyFileRange {
        @Test
        @DisplayName("COPY_FILE_RANGE: fuse_copy_file_range_in; the count in fuse_write_out (32 bits)")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "60 00 00 00 2f 00 00 00", // len=96, opcode=COPY_FILE_RANGE (47)
                    "2d 01 00 00 00 00 00 00", // unique=0x12d
                    "02 00 00 00 00 00 00 00", // nodeid=2 (the source)
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_copy_file_range_in: fh_in=0x10
                    "00 00 00 00 00 00 00 00", // off_in=0
                    "03 00 00 00 00 00 00 00", // nodeid_out=3
                    "20 00 00 00 00 00 00 00", // fh_out=0x20
                    "00 02 00 00 00 00 00 00", // off_out=512
                    "00 00 01 00 00 00 00 00", // len=65536
                    "00 00 00 00 00 00 00 00"  // flags=0
            ));
            assertBytes(hex(
                    "18 00 00 00 00 00 00 00", // len=24, error=0
                    "2d 01 00 00 00 00 00 00", // unique=0x12d
                    "00 10 00 00 00 00 00 00"  // fuse_write_out: size=4096 (a short copy), padding=0
            ), r.bytes());
            assertEquals("copy 2 fh=16 off=0 -> 3 fh=32 off=512 len=0x10000 flags=0", nextCall());
        }

        @Test
        @DisplayName("COPY_FILE_RANGE asks for at most 0xfffff000 bytes, so the count fits fuse_write_out")
        void clamped() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(req(Opcode.COPY_FILE_RANGE, 0x12e, 2).u64(0x10).u64(0).u64(3).u64(0x20).u64(0)
                    .u64(0x1_0000_0005L).u64(0).build());
            assertBytes(hex(
                    "18 00 00 00 00 00 00 00", // len=24, error=0
                    "2e 01 00 00 00 00 00 00", // unique=0x12e
                    "00 f0 ff ff 00 00 00 00"  // fuse_write_out: size=0xfffff000, padding=0
            ), r.bytes());
            assertEquals("copy 2 fh=16 off=0 -> 3 fh=32 off=0 len=0xfffff000 flags=0", nextCall());
        }

        @Test
        @DisplayName("COPY_FILE_RANGE_64: the whole 64-bit length; fuse_copy_file_range_out")
        void wide() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "60 00 00 00 35 00 00 00", // len=96, opcode=COPY_FILE_RANGE_64 (53)
                    "2f 01 00 00 00 00 00 00", // unique=0x12f
                    "02 00 00 00 00 00 00 00", // nodeid=2 (the source)
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_copy_file_range_in: fh_in=0x10
                    "00 00 00 00 00 00 00 00", // off_in=0
                    "03 00 00 00 00 00 00 00", // nodeid_out=3
                    "20 00 00 00 00 00 00 00", // fh_out=0x20
                    "00 00 00 00 00 00 00 00", // off_out=0
                    "00 00 00 00 01 00 00 00", // len=4 GiB
                    "00 00 00 00 00 00 00 00"  // flags=0
            ));
            assertBytes(hex(
                    "18 00 00 00 00 00 00 00", // len=24, error=0
                    "2f 01 00 00 00 00 00 00", // unique=0x12f
                    "00 00 00 00 01 00 00 00"  // fuse_copy_file_range_out: bytes_copied=4 GiB
            ), r.bytes());
            assertEquals("copy 2 fh=16 off=0 -> 3 fh=32 off=0 len=0x100000000 flags=0", nextCall());
        }

        @Test
        @DisplayName("a count above the requested length is EIO")
        void tooMany() throws Exception {
            mount(new RecordingFs() {
                @Override
                public long copyFileRange(Request req, long nodeidIn, long fhIn, long offsetIn, long nodeidOut,
                                          long fhOut, long offsetOut, long length, int flags) {
                    return length + 1;
                }
            });
            assertError(call(req(Opcode.COPY_FILE_RANGE_64, 0x130, 2).u64(0x10).u64(0).u64(3).u64(0x20).u64(0)
                    .u64(10).u64(0).build()), 0x130, Errno.EIO);
        }
    }
}
