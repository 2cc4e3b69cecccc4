package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.protocol.OperationFlags;
import dev.panamafuse.testing.ReplyView;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Golden request and reply frames of the directory operations ({@link
 * dev.panamafuse.session.ops.DirOps}): OPENDIR, RELEASEDIR, FSYNCDIR, READDIRPLUS (see {@link
 * GoldenFixture}).
 */
@DisplayName("Golden frames: directories")
class DirOpsGoldenTest extends GoldenFixture {

    @Nested
    @DisplayName("OPENDIR, RELEASEDIR, FSYNCDIR")
    class Directories {
        @Test
        @DisplayName("OPENDIR: fuse_open_in flags; fuse_open_out with fh and FOPEN flags")
        void opendir() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "30 00 00 00 1b 00 00 00", // len=48, opcode=OPENDIR (27)
                    "0e 01 00 00 00 00 00 00", // unique=0x10e
                    "01 00 00 00 00 00 00 00", // nodeid=1
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "00 88 01 00 00 00 00 00"  // fuse_open_in: flags=O_NONBLOCK|O_LARGEFILE|O_DIRECTORY, open_flags=0
            ));
            assertBytes(hex(
                    "20 00 00 00 00 00 00 00", // len=32, error=0
                    "0e 01 00 00 00 00 00 00", // unique=0x10e
                    "30 00 00 00 00 00 00 00", // fuse_open_out: fh=0x30
                    "0a 00 00 00 00 00 00 00"  // open_flags=FOPEN_KEEP_CACHE|FOPEN_CACHE_DIR, backing_id=0
            ), r.bytes());
            assertEquals("opendir 1 flags=0x18800", nextCall());
        }

        @Test
        @DisplayName("RELEASEDIR: fuse_release_in fh; an empty reply")
        void releasedir() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "40 00 00 00 1d 00 00 00", // len=64, opcode=RELEASEDIR (29)
                    "0f 01 00 00 00 00 00 00", // unique=0x10f
                    "01 00 00 00 00 00 00 00", // nodeid=1
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "30 00 00 00 00 00 00 00", // fuse_release_in: fh=0x30
                    "00 88 01 00 00 00 00 00", // flags=O_NONBLOCK|O_LARGEFILE|O_DIRECTORY, release_flags=0
                    "00 00 00 00 00 00 00 00"  // lock_owner=0
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "0f 01 00 00 00 00 00 00"  // unique=0x10f
            ), r.bytes());
            assertEquals("releasedir 1 fh=48", nextCall());
        }

        @Test
        @DisplayName("FSYNCDIR: fuse_fsync_in; the datasync flag")
        void fsyncdir() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "38 00 00 00 1e 00 00 00", // len=56, opcode=FSYNCDIR (30)
                    "10 01 00 00 00 00 00 00", // unique=0x110
                    "01 00 00 00 00 00 00 00", // nodeid=1
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "30 00 00 00 00 00 00 00", // fuse_fsync_in: fh=0x30
                    "00 00 00 00 00 00 00 00"  // fsync_flags=0, padding=0
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "10 01 00 00 00 00 00 00"  // unique=0x110
            ), r.bytes());
            assertEquals("fsyncdir 1 fh=48 datasync=false", nextCall());
            assertEmptySuccess(call(req(Opcode.FSYNCDIR, 0x111, 1).u64(0x30).u32(OperationFlags.FSYNC_FDATASYNC).u32(0)
                    .build()), 0x111);
            assertEquals("fsyncdir 1 fh=48 datasync=true", nextCall());
        }
    }

    @Nested
    @DisplayName("READDIRPLUS")
    class Readdirplus {
        private byte[] frame(long unique, long offset, int size) {
            return req(Opcode.READDIRPLUS, unique, 1).u64(0x30).u64(offset).u32(size).u32(0).u64(0).u32(0x18800)
                    .u32(0).build();
        }

        @Test
        @DisplayName("fuse_read_in; fuse_direntplus records (entry_out + dirent + name padded to 8)")
        void golden() throws Exception {
            mount(new RecordingFs());
            byte[] request = hex(
                    "50 00 00 00 2c 00 00 00", // len=80, opcode=READDIRPLUS (44)
                    "12 01 00 00 00 00 00 00", // unique=0x112
                    "01 00 00 00 00 00 00 00", // nodeid=1
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "30 00 00 00 00 00 00 00", // fuse_read_in: fh=0x30
                    "00 00 00 00 00 00 00 00", // offset=0
                    "00 10 00 00 00 00 00 00", // size=4096, read_flags=0
                    "00 00 00 00 00 00 00 00", // lock_owner=0
                    "00 88 01 00 00 00 00 00"  // flags=O_NONBLOCK|O_LARGEFILE|O_DIRECTORY, padding=0
            );
            assertBytes(request, frame(0x112, 0, 4096));
            ReplyView r = call(request);
            assertBytes(hex(rows(new String[] {
                "50 01 00 00 00 00 00 00", // len=336, error=0
                "12 01 00 00 00 00 00 00", // unique=0x112
                "00 00 00 00 00 00 00 00", // [0] entry_out.nodeid=0 ("." counts no lookup)
                "00 00 00 00 00 00 00 00", //     generation=0
            }, MOUNT_TIMEOUT_ROWS, ROOT_ATTR_ROWS, new String[] {
                "01 00 00 00 00 00 00 00", //     dirent.ino=1
                "01 00 00 00 00 00 00 00", //     dirent.off=1
                "01 00 00 00 04 00 00 00", //     dirent.namelen=1, dirent.type=DT_DIR
                "2e 00 00 00 00 00 00 00", //     name=".", padding
                "02 00 00 00 00 00 00 00", // [1] entry_out.nodeid=2
                "00 00 00 00 00 00 00 00", //     generation=0
            }, MOUNT_TIMEOUT_ROWS, SessionTest.HELLO_ATTR_ROWS, new String[] {
                "02 00 00 00 00 00 00 00", //     dirent.ino=2
                "02 00 00 00 00 00 00 00", //     dirent.off=2
                "05 00 00 00 08 00 00 00", //     dirent.namelen=5, dirent.type=DT_REG
                "68 65 6c 6c 6f 00 00 00", //     name="hello", padding
            })), r.bytes());
            assertEquals("readdirplus 1 fh=48 off=0 plus=true", nextCall());
        }

        @Test
        @DisplayName("resumes at an offset; stops at the size the kernel gave; empty at the end")
        void boundedAndResumed() throws Exception {
            mount(new RecordingFs());
            ReplyView rest = call(frame(0x113, 1, 4096));
            assertEquals(16 + 160, rest.len(), rest::toString);
            assertEquals(2, rest.u64(16), "nodeid of hello");
            assertEquals("hello", new String(rest.bytes(), 16 + 152, 5, StandardCharsets.US_ASCII));
            ReplyView small = call(frame(0x114, 0, 200));
            assertEquals(16 + 160, small.len(), "only \".\" fits in 200 bytes: " + small);
            assertEquals('.', small.bytes()[16 + 152]);
            assertEmptySuccess(call(frame(0x115, 2, 4096)), 0x115);
            assertEquals("readdirplus 1 fh=48 off=1 plus=true", nextCall());
            assertEquals("readdirplus 1 fh=48 off=0 plus=true", nextCall());
            assertEquals("readdirplus 1 fh=48 off=2 plus=true", nextCall());
        }
    }
}
