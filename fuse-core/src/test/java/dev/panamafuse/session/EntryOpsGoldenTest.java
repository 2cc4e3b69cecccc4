package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamafuse.Errno;
import dev.panamafuse.Request;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.ReplyView;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Golden request and reply frames of the entry operations ({@link
 * dev.panamafuse.session.ops.EntryOps}) that {@link SessionTest} does not already cover: READLINK,
 * SYMLINK, MKNOD, MKDIR, UNLINK, RMDIR, RENAME, LINK (see {@link GoldenFixture}).
 */
@DisplayName("Golden frames: entries")
class EntryOpsGoldenTest extends GoldenFixture {

    @Nested
    @DisplayName("READLINK")
    class Readlink {
        @Test
        @DisplayName("the target follows the header, without a NUL")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "28 00 00 00 05 00 00 00", // len=40, opcode=READLINK (5)
                    "01 01 00 00 00 00 00 00", // unique=0x101
                    "05 00 00 00 00 00 00 00", // nodeid=5
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00"  // pid=4242, total_extlen=0, padding=0
            ));
            assertBytes(hex(
                    "17 00 00 00 00 00 00 00", // len=23, error=0
                    "01 01 00 00 00 00 00 00", // unique=0x101
                    "2f 74 61 72 67 65 74"     // "/target" (no NUL)
            ), r.bytes());
            assertEquals("readlink 5", nextCall());
        }

        @Test
        @DisplayName("a target longer than the reply buffer is ENAMETOOLONG")
        void tooLong() throws Exception {
            mount(new RecordingFs() {
                @Override
                public String readlink(Request req, long nodeid) {
                    return "x".repeat(4 << 20);
                }
            });
            assertError(call(req(Opcode.READLINK, 0x102, 5).build()), 0x102, Errno.ENAMETOOLONG);
        }
    }

    @Nested
    @DisplayName("SYMLINK")
    class Symlink {
        @Test
        @DisplayName("the new name comes first, then the target; fuse_entry_out")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "34 00 00 00 06 00 00 00", // len=52, opcode=SYMLINK (6)
                    "02 01 00 00 00 00 00 00", // unique=0x102
                    "01 00 00 00 00 00 00 00", // nodeid=1 (the directory)
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "6c 6e 6b 00 2f 74 61 72", // name="lnk\0", then the target: "/tar"
                    "67 65 74 00"              //   "get\0"
            ));
            assertBytes(hex(rows(new String[] {
                "90 00 00 00 00 00 00 00", // len=144, error=0
                "02 01 00 00 00 00 00 00", // unique=0x102
                "05 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=5
                "00 00 00 00 00 00 00 00", // generation=0
            }, MOUNT_TIMEOUT_ROWS, SYMLINK_ATTR_ROWS)), r.bytes());
            assertEquals("symlink parent=1 name=lnk target=/target", nextCall());
        }
    }

    @Nested
    @DisplayName("MKNOD")
    class Mknod {
        @Test
        @DisplayName("fuse_mknod_in (mode, rdev, umask) and the name; fuse_entry_out")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "3d 00 00 00 08 00 00 00", // len=61, opcode=MKNOD (8)
                    "03 01 00 00 00 00 00 00", // unique=0x103
                    "01 00 00 00 00 00 00 00", // nodeid=1 (the directory)
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "80 21 00 00 03 01 00 00", // fuse_mknod_in: mode=020600 (S_IFCHR|0600), rdev=0x103 (1:3)
                    "12 00 00 00 00 00 00 00", // umask=022, padding=0
                    "6e 75 6c 6c 00"           // name="null\0"
            ));
            assertBytes(hex(rows(new String[] {
                "90 00 00 00 00 00 00 00", // len=144, error=0
                "03 01 00 00 00 00 00 00", // unique=0x103
                "07 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=7
                "00 00 00 00 00 00 00 00", // generation=0
            }, MOUNT_TIMEOUT_ROWS, DEVICE_ATTR_ROWS)), r.bytes());
            assertEquals("mknod parent=1 name=null mode=020600 rdev=0x103 umask=022", nextCall());
        }
    }

    @Nested
    @DisplayName("MKDIR")
    class Mkdir {
        @Test
        @DisplayName("fuse_mkdir_in (mode, umask) and the name; the entry's own timeouts and generation")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "34 00 00 00 09 00 00 00", // len=52, opcode=MKDIR (9)
                    "04 01 00 00 00 00 00 00", // unique=0x104
                    "01 00 00 00 00 00 00 00", // nodeid=1 (the directory)
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "ff 01 00 00 12 00 00 00", // fuse_mkdir_in: mode=0777, umask=022
                    "73 75 62 00"              // name="sub\0"
            ));
            assertBytes(hex(rows(new String[] {
                "90 00 00 00 00 00 00 00", // len=144, error=0
                "04 01 00 00 00 00 00 00", // unique=0x104
                "06 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=6
                "03 00 00 00 00 00 00 00", // generation=3
                "0a 00 00 00 00 00 00 00", // entry_valid=10 (the entry's own)
                "00 00 00 00 00 00 00 00", // attr_valid=0 (the entry's own)
                "00 00 00 00 00 00 00 00", // entry_valid_nsec=0, attr_valid_nsec=0
            }, DIR_ATTR_ROWS)), r.bytes());
            assertEquals("mkdir parent=1 name=sub mode=0777 umask=022", nextCall());
        }
    }

    @Nested
    @DisplayName("UNLINK and RMDIR")
    class UnlinkRmdir {
        @Test
        @DisplayName("UNLINK: the name; an empty reply")
        void unlink() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "2d 00 00 00 0a 00 00 00", // len=45, opcode=UNLINK (10)
                    "05 01 00 00 00 00 00 00", // unique=0x105
                    "01 00 00 00 00 00 00 00", // nodeid=1 (the directory)
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "67 6f 6e 65 00"           // name="gone\0"
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "05 01 00 00 00 00 00 00"  // unique=0x105
            ), r.bytes());
            assertEquals("unlink parent=1 name=gone", nextCall());
        }

        @Test
        @DisplayName("RMDIR: the name; an empty reply")
        void rmdir() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "2f 00 00 00 0b 00 00 00", // len=47, opcode=RMDIR (11)
                    "06 01 00 00 00 00 00 00", // unique=0x106
                    "01 00 00 00 00 00 00 00", // nodeid=1 (the directory)
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "6f 6c 64 64 69 72 00"     // name="olddir\0"
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "06 01 00 00 00 00 00 00"  // unique=0x106
            ), r.bytes());
            assertEquals("rmdir parent=1 name=olddir", nextCall());
        }
    }

    @Nested
    @DisplayName("RENAME")
    class Rename {
        @Test
        @DisplayName("the 8-byte fuse_rename_in (newdir only), the old then the new name; flags 0")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "34 00 00 00 0c 00 00 00", // len=52, opcode=RENAME (12)
                    "07 01 00 00 00 00 00 00", // unique=0x107
                    "01 00 00 00 00 00 00 00", // nodeid=1 (the old directory)
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "06 00 00 00 00 00 00 00", // fuse_rename_in: newdir=6
                    "61 00 62 00"              // oldname="a\0", newname="b\0"
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "07 01 00 00 00 00 00 00"  // unique=0x107
            ), r.bytes());
            assertEquals("rename 1 a -> 6 b flags=0", nextCall());
        }
    }

    @Nested
    @DisplayName("LINK")
    class Link {
        @Test
        @DisplayName("fuse_link_in (oldnodeid), the header's node is the new parent; fuse_entry_out")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "37 00 00 00 0d 00 00 00", // len=55, opcode=LINK (13)
                    "08 01 00 00 00 00 00 00", // unique=0x108
                    "01 00 00 00 00 00 00 00", // nodeid=1 (the new parent)
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "02 00 00 00 00 00 00 00", // fuse_link_in: oldnodeid=2
                    "68 65 6c 6c 6f 32 00"     // newname="hello2\0"
            ));
            assertBytes(hex(rows(new String[] {
                "90 00 00 00 00 00 00 00", // len=144, error=0
                "08 01 00 00 00 00 00 00", // unique=0x108
                "02 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=2
                "00 00 00 00 00 00 00 00", // generation=0
            }, MOUNT_TIMEOUT_ROWS, LINKED_ATTR_ROWS)), r.bytes());
            assertEquals("link node=2 newParent=1 newName=hello2", nextCall());
        }
    }
}
