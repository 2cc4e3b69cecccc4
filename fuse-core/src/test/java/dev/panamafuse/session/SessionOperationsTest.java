package dev.panamafuse.session;

import static dev.panamafuse.session.SessionTest.HELLO_ATTR_ROWS;
import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Errno;
import dev.panamafuse.Mode;
import dev.panamafuse.SetAttr;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.LogCapture;
import dev.panamafuse.testing.ReplyView;
import dev.panamafuse.testing.SessionHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Drives a whole {@link Session} over a {@link dev.panamafuse.testing.FakeChannel}, without a
 * kernel: golden replies for the operations of a small hello filesystem.
 */
@DisplayName("Session over a fake channel: operations of a hello filesystem (golden replies)")
class SessionOperationsTest extends SessionHarness {
    private final HelloTestFs fs = new HelloTestFs();

    private void mountHello() throws Exception {
        mount(fs, options().entryTimeout(Duration.ofMillis(1500)).attrTimeout(Duration.ofSeconds(2)).build());
    }

    @Test
    @DisplayName("LOOKUP: fuse_entry_out with the mount's timeouts; the handler sees the request context")
    void lookup() throws Exception {
        mountHello();
        ReplyView r = call(req(Opcode.LOOKUP, 0x10, 1).name("hello").build());
        assertBytes(hex(rows(new String[] {
            "90 00 00 00 00 00 00 00", // len=144, error=0
            "10 00 00 00 00 00 00 00", // unique=16
            "02 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=2
            "00 00 00 00 00 00 00 00", // generation=0
            "01 00 00 00 00 00 00 00", // entry_valid=1 (of 1.5 s)
            "02 00 00 00 00 00 00 00", // attr_valid=2
            "00 65 cd 1d 00 00 00 00", // entry_valid_nsec=500000000, attr_valid_nsec=0
        }, HELLO_ATTR_ROWS)), r.bytes());
        assertEquals("lookup 1 hello unique=16 op=LOOKUP node=1 uid=1000 gid=1000 pid=4242", poll(fs.calls));
    }

    @Test
    @DisplayName("LOOKUP of a missing name: ENOENT, or a cacheable negative entry with negative_timeout")
    void lookupMissing() throws Exception {
        mountHello();
        assertError(call(req(Opcode.LOOKUP, 0x11, 1).name("nope").build()), 0x11, Errno.ENOENT);
    }

    @Test
    @DisplayName("LOOKUP of a missing name with negative_timeout=5: entry_out with nodeid 0")
    void negativeEntry() throws Exception {
        mount(fs, options().negativeTimeout(Duration.ofSeconds(5)).build());
        ReplyView r = call(req(Opcode.LOOKUP, 0x12, 1).name("nope").build());
        String[] zeros = new String[11];
        java.util.Arrays.fill(zeros, "00 00 00 00 00 00 00 00"); // fuse_attr all zero
        assertBytes(hex(rows(new String[] {
            "90 00 00 00 00 00 00 00", // len=144, error=0
            "12 00 00 00 00 00 00 00", // unique=18
            "00 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=0 (negative entry)
            "00 00 00 00 00 00 00 00", // generation=0
            "05 00 00 00 00 00 00 00", // entry_valid=5 (negative_timeout)
            "00 00 00 00 00 00 00 00", // attr_valid=0
            "00 00 00 00 00 00 00 00", // entry_valid_nsec=0, attr_valid_nsec=0
        }, zeros)), r.bytes());
    }

    @Test
    @DisplayName("GETATTR without FUSE_GETATTR_FH: fh is NO_FH; fuse_attr_out with attr_timeout")
    void getattr() throws Exception {
        mountHello();
        ReplyView r = call(req(Opcode.GETATTR, 0x11, 2).u32(0).u32(0).u64(99).build());
        assertBytes(hex(rows(new String[] {
            "78 00 00 00 00 00 00 00", // len=120, error=0
            "11 00 00 00 00 00 00 00", // unique=17
            "02 00 00 00 00 00 00 00", // fuse_attr_out: attr_valid=2
            "00 00 00 00 00 00 00 00", // attr_valid_nsec=0, dummy=0
        }, HELLO_ATTR_ROWS)), r.bytes());
        assertEquals("getattr 2 fh=-1", poll(fs.calls));
    }

    @Test
    @DisplayName("GETATTR with FUSE_GETATTR_FH passes the handle")
    void getattrFh() throws Exception {
        mountHello();
        ReplyView r = call(req(Opcode.GETATTR, 0x12, 2).u32(1).u32(0).u64(7).build());
        assertEquals(0, r.error());
        assertEquals(120, r.len());
        assertEquals("getattr 2 fh=7", poll(fs.calls));
    }

    @Test
    @DisplayName("GETATTR of the root with a header-only frame (no fuse_getattr_in)")
    void getattrRootNoArgument() throws Exception {
        mountHello();
        ReplyView r = call(req(Opcode.GETATTR, 0x13, 1).build());
        assertEquals(0, r.error());
        assertEquals(Mode.S_IFDIR | 0755, r.u32(16 + 16 + 60), "attr.mode");
        assertEquals(2, r.u32(16 + 16 + 64), "attr.nlink");
        assertEquals("getattr 1 fh=-1", poll(fs.calls));
    }

    @Test
    @DisplayName("OPEN: fuse_open_out with fh and FOPEN flags")
    void open() throws Exception {
        mountHello();
        ReplyView r = call(req(Opcode.OPEN, 0x12, 2).u32(0x8000).u32(0).build());
        assertBytes(hex(
                "20 00 00 00 00 00 00 00", // len=32, error=0
                "12 00 00 00 00 00 00 00", // unique=18
                "10 00 00 00 00 00 00 00", // fuse_open_out: fh=0x10
                "02 00 00 00 00 00 00 00"  // open_flags=FOPEN_KEEP_CACHE, backing_id=0
        ), r.bytes());
        assertEquals("open 2 flags=0x8000", poll(fs.calls));
        assertError(call(req(Opcode.OPEN, 0x13, 1).u32(0).u32(0).build()), 0x13, Errno.EISDIR);
    }

    @Test
    @DisplayName("READ: data written in place after the header, one iovec")
    void read() throws Exception {
        mountHello();
        ReplyView r = call(req(Opcode.READ, 0x13, 2).u64(0x10).u64(0).u32(4096).u32(0).u64(0).u32(0x8000)
                .u32(0).build());
        assertBytes(hex(
                "1e 00 00 00 00 00 00 00", // len=30, error=0
                "13 00 00 00 00 00 00 00", // unique=19
                "48 65 6c 6c 6f 2c 20 77", // "Hello, w"
                "6f 72 6c 64 21 0a"        // "orld!\n"
        ), r.bytes());
        assertEquals(1, r.iovecs());
        assertEquals("read 2 fh=16 off=0 size=4096", poll(fs.calls));
    }

    @Test
    @DisplayName("READ near the end: a short read; at the end: an empty reply")
    void shortRead() throws Exception {
        mountHello();
        ReplyView r = call(req(Opcode.READ, 0x14, 2).u64(0x10).u64(7).u32(100).zeros(20).build());
        assertBytes(hex(
                "17 00 00 00 00 00 00 00", // len=23, error=0
                "14 00 00 00 00 00 00 00", // unique=20
                "77 6f 72 6c 64 21 0a"     // "world!\n"
        ), r.bytes());
        ReplyView small = call(req(Opcode.READ, 0x15, 2).u64(0x10).u64(0).u32(4).zeros(20).build());
        assertEquals("Hell", new String(small.body(), StandardCharsets.US_ASCII));
        ReplyView eof = call(req(Opcode.READ, 0x16, 2).u64(0x10).u64(14).u32(4096).zeros(20).build());
        assertEquals(16, eof.len());
        assertEquals(0, eof.error());
    }

    @Test
    @DisplayName("READDIR: fuse_dirent records, resumed from an offset, bounded by size")
    void readdir() throws Exception {
        mountHello();
        ReplyView r = call(req(Opcode.READDIR, 0x17, 1).u64(0).u64(0).u32(4096).zeros(20).build());
        assertBytes(hex(
                "70 00 00 00 00 00 00 00", // len=112, error=0
                "17 00 00 00 00 00 00 00", // unique=23
                "01 00 00 00 00 00 00 00", // ino=1
                "01 00 00 00 00 00 00 00", // off=1
                "01 00 00 00 04 00 00 00", // namelen=1, type=DT_DIR
                "2e 00 00 00 00 00 00 00", // name=".", padding
                "01 00 00 00 00 00 00 00", // ino=1
                "02 00 00 00 00 00 00 00", // off=2
                "02 00 00 00 04 00 00 00", // namelen=2, type=DT_DIR
                "2e 2e 00 00 00 00 00 00", // name="..", padding
                "02 00 00 00 00 00 00 00", // ino=2
                "03 00 00 00 00 00 00 00", // off=3
                "05 00 00 00 08 00 00 00", // namelen=5, type=DT_REG
                "68 65 6c 6c 6f 00 00 00"  // name="hello", padding
        ), r.bytes());
        ReplyView rest = call(req(Opcode.READDIR, 0x18, 1).u64(0).u64(2).u32(4096).zeros(20).build());
        assertEquals(16 + 32, rest.len());
        assertEquals("hello", new String(rest.body(), 24, 5, StandardCharsets.US_ASCII));
        ReplyView small = call(req(Opcode.READDIR, 0x19, 1).u64(0).u64(0).u32(40).zeros(20).build());
        assertEquals(16 + 32, small.len(), "only \".\" fits in 40 bytes");
        ReplyView end = call(req(Opcode.READDIR, 0x1a, 1).u64(0).u64(3).u32(4096).zeros(20).build());
        assertEquals(16, end.len(), "the end of the directory is an empty reply");
    }

    @Test
    @DisplayName("STATFS: fuse_statfs_out")
    void statfs() throws Exception {
        mountHello();
        ReplyView r = call(req(Opcode.STATFS, 0x1b, 1).build());
        assertBytes(hex(
                "60 00 00 00 00 00 00 00", // len=96, error=0
                "1b 00 00 00 00 00 00 00", // unique=27
                "e8 03 00 00 00 00 00 00", // fuse_kstatfs: blocks=1000
                "20 03 00 00 00 00 00 00", // bfree=800
                "bc 02 00 00 00 00 00 00", // bavail=700
                "32 00 00 00 00 00 00 00", // files=50
                "28 00 00 00 00 00 00 00", // ffree=40
                "00 10 00 00 ff 00 00 00", // bsize=4096, namelen=255
                "00 10 00 00 00 00 00 00", // frsize=4096, padding=0
                "00 00 00 00 00 00 00 00", // spare
                "00 00 00 00 00 00 00 00", // spare
                "00 00 00 00 00 00 00 00"  // spare
        ), r.bytes());
    }

    @Test
    @DisplayName("RELEASE: the handle and open flags reach the handler; an empty reply")
    void release() throws Exception {
        mountHello();
        ReplyView r = call(req(Opcode.RELEASE, 0x1c, 2).u64(0x10).u32(0x8000).u32(0).u64(0).build());
        assertBytes(hex(
                "10 00 00 00 00 00 00 00", // len=16, error=0
                "1c 00 00 00 00 00 00 00"  // unique=28
        ), r.bytes());
        assertEquals("release 2 fh=16 flags=0x8000", poll(fs.calls));
    }

    @Test
    @DisplayName("WRITE: a read-only slice with the data; fuse_write_out.size")
    void write() throws Exception {
        mountHello();
        byte[] frame = hex(
                "56 00 00 00 10 00 00 00", // len=86, opcode=WRITE (16)
                "1d 00 00 00 00 00 00 00", // unique=29
                "02 00 00 00 00 00 00 00", // nodeid=2
                "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                "10 00 00 00 00 00 00 00", // fuse_write_in: fh=0x10
                "64 00 00 00 00 00 00 00", // offset=100
                "06 00 00 00 02 00 00 00", // size=6, write_flags=FUSE_WRITE_LOCKOWNER
                "2a 00 00 00 00 00 00 00", // lock_owner=42
                "01 80 00 00 00 00 00 00", // flags=O_WRONLY|O_LARGEFILE, padding=0
                "61 62 63 64 65 66"        // data="abcdef"
        );
        ReplyView r = call(frame);
        assertBytes(hex(
                "18 00 00 00 00 00 00 00", // len=24, error=0
                "1d 00 00 00 00 00 00 00", // unique=29
                "06 00 00 00 00 00 00 00"  // fuse_write_out: size=6, padding=0
        ), r.bytes());
        assertEquals("write 2 fh=16 off=100 flags=2 readOnly=true", poll(fs.calls));
        assertEquals("abcdef", new String(fs.written.get(), StandardCharsets.US_ASCII));
    }

    @Test
    @DisplayName("WRITE whose size exceeds the frame is EIO")
    void writeTruncated() throws Exception {
        try (LogCapture log = LogCapture.of(Session.class)) {
            mountHello();
            ReplyView r = call(req(Opcode.WRITE, 0x1e, 2).u64(0x10).u64(0).u32(100).zeros(20).put(new byte[10])
                    .build());
            assertError(r, 0x1e, Errno.EIO);
        }
    }

    @Test
    @DisplayName("CREATE: fuse_entry_out followed by fuse_open_out")
    void create() throws Exception {
        mountHello();
        ReplyView r = call(req(Opcode.CREATE, 0x16, 1).u32(0x8241).u32(0100666).u32(022).u32(0).name("new")
                .build());
        assertBytes(hex(
                "a0 00 00 00 00 00 00 00", // len=160, error=0
                "16 00 00 00 00 00 00 00", // unique=22
                "03 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=3
                "07 00 00 00 00 00 00 00", // generation=7
                "01 00 00 00 00 00 00 00", // entry_valid=1
                "02 00 00 00 00 00 00 00", // attr_valid=2
                "00 65 cd 1d 00 00 00 00", // entry_valid_nsec=500000000, attr_valid_nsec=0
                "03 00 00 00 00 00 00 00", // attr.ino=3
                "00 00 00 00 00 00 00 00", // attr.size=0
                "00 00 00 00 00 00 00 00", // attr.blocks=0
                "00 f1 53 65 00 00 00 00", // attr.atime=1700000000
                "00 f1 53 65 00 00 00 00", // attr.mtime
                "00 f1 53 65 00 00 00 00", // attr.ctime
                "15 cd 5b 07 15 cd 5b 07", // attr.atimensec, attr.mtimensec=123456789
                "15 cd 5b 07 a4 81 00 00", // attr.ctimensec, attr.mode=0100644 (0666 & ~022)
                "01 00 00 00 e8 03 00 00", // attr.nlink=1, attr.uid=1000 (the caller's)
                "e8 03 00 00 00 00 00 00", // attr.gid=1000, attr.rdev=0
                "00 00 00 00 00 00 00 00", // attr.blksize=0, attr.flags=0
                "20 00 00 00 00 00 00 00", // fuse_open_out: fh=0x20
                "01 00 00 00 00 00 00 00"  // open_flags=FOPEN_DIRECT_IO, backing_id=0
        ), r.bytes());
        assertEquals("create 1 new mode=0100666 umask=022 flags=0x8241", poll(fs.calls));
    }

    @Test
    @DisplayName("SETATTR: SetAttr fields decoded, times only when valid")
    void setattr() throws Exception {
        mountHello();
        int valid = SetAttr.FATTR_MODE | SetAttr.FATTR_SIZE | SetAttr.FATTR_MTIME | SetAttr.FATTR_FH;
        byte[] frame = hex(
                "80 00 00 00 04 00 00 00", // len=128, opcode=SETATTR (4)
                "17 00 00 00 00 00 00 00", // unique=23
                "02 00 00 00 00 00 00 00", // nodeid=2
                "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                "69 00 00 00 00 00 00 00", // fuse_setattr_in: valid=MODE|SIZE|MTIME|FH (0x69), padding
                "10 00 00 00 00 00 00 00", // fh=0x10
                "d2 04 00 00 00 00 00 00", // size=1234
                "00 00 00 00 00 00 00 00", // lock_owner=0
                "6f 00 00 00 00 00 00 00", // atime=111 (not valid)
                "00 10 5e 5f 00 00 00 00", // mtime=1600000000
                "4d 01 00 00 00 00 00 00", // ctime=333 (not valid)
                "05 00 00 00 e7 03 00 00", // atimensec=5, mtimensec=999
                "06 00 00 00 80 81 00 00", // ctimensec=6, mode=0100600
                "00 00 00 00 37 00 00 00", // unused4, uid=55 (not valid)
                "42 00 00 00 00 00 00 00"  // gid=66 (not valid), unused5
        );
        ReplyView r = call(frame);
        assertEquals(0, r.error(), r::toString);
        assertEquals(120, r.len());
        SetAttr s = fs.setattr.get();
        assertEquals(valid, s.valid());
        assertTrue(s.hasMode());
        assertTrue(s.hasSize());
        assertTrue(s.hasMtime());
        assertTrue(s.hasFh());
        assertFalse(s.hasAtime());
        assertFalse(s.hasCtime());
        assertFalse(s.hasUid());
        assertFalse(s.hasGid());
        assertFalse(s.mtimeNow());
        assertFalse(s.hasLockOwner());
        assertEquals(0x10, s.fh());
        assertEquals(1234, s.size());
        assertEquals(0100600, s.mode());
        assertEquals(Instant.ofEpochSecond(1_600_000_000L, 999), s.mtime());
        assertNull(s.atime(), "atime is not decoded unless FATTR_ATIME");
        assertNull(s.ctime(), "ctime is not decoded unless FATTR_CTIME");
        assertEquals(1234, r.u64(16 + 16 + 8), "attr.size of the reply");
        assertEquals(0100600, r.u32(16 + 16 + 60), "attr.mode of the reply");
    }

    @Test
    @DisplayName("SETATTR with ATIME|ATIME_NOW and CTIME: utimensat(UTIME_NOW) and an explicit ctime")
    void setattrNowAndCtime() throws Exception {
        mountHello();
        int valid = SetAttr.FATTR_ATIME | SetAttr.FATTR_ATIME_NOW | SetAttr.FATTR_CTIME;
        byte[] frame = req(Opcode.SETATTR, 0x18, 2).u32(valid).u32(0).u64(0).u64(0).u64(0)
                .u64(10).u64(20).u64(30).u32(1).u32(2).u32(3).u32(0).u32(0).u32(0).u32(0).u32(0).build();
        assertEquals(0, call(frame).error());
        SetAttr s = fs.setattr.get();
        assertTrue(s.hasAtime());
        assertTrue(s.atimeNow());
        assertTrue(s.hasCtime());
        assertFalse(s.hasMtime());
        assertEquals(Instant.ofEpochSecond(10, 1), s.atime());
        assertEquals(Instant.ofEpochSecond(30, 3), s.ctime());
        assertNull(s.mtime());
    }

    @ParameterizedTest(name = "flags={0}")
    @CsvSource({"0", "1", "2", "4"})
    @DisplayName("RENAME2: both names and the RENAME_* flags reach the handler")
    void rename2(int flags) throws Exception {
        mountHello();
        ReplyView r = call(req(Opcode.RENAME2, 0x19, 1).u64(5).u32(flags).u32(0).name("hello").name("bye")
                .build());
        assertBytes(hex(
                "10 00 00 00 00 00 00 00", // len=16, error=0
                "19 00 00 00 00 00 00 00"  // unique=25
        ), r.bytes());
        assertEquals("rename 1 hello -> 5 bye flags=" + flags, poll(fs.calls));
    }

    @Test
    @DisplayName("RENAME (no flags): fuse_rename_in")
    void rename() throws Exception {
        mountHello();
        assertEquals(0, call(req(Opcode.RENAME, 0x1a, 1).u64(1).name("a").name("b").build()).error());
        assertEquals("rename 1 a -> 1 b flags=0", poll(fs.calls));
    }

    @Test
    @DisplayName("GETXATTR: size 0 probes with fuse_getxattr_out; too small is ERANGE; enough gives the value")
    void getxattr() throws Exception {
        mountHello();
        ReplyView probe = call(req(Opcode.GETXATTR, 0x20, 2).u32(0).u32(0).name("user.greeting").build());
        assertBytes(hex(
                "18 00 00 00 00 00 00 00", // len=24, error=0
                "20 00 00 00 00 00 00 00", // unique=32
                "08 00 00 00 00 00 00 00"  // fuse_getxattr_out: size=8, padding=0
        ), probe.bytes());
        assertError(call(req(Opcode.GETXATTR, 0x21, 2).u32(7).u32(0).name("user.greeting").build()), 0x21,
                Errno.ERANGE);
        ReplyView value = call(req(Opcode.GETXATTR, 0x22, 2).u32(8).u32(0).name("user.greeting").build());
        assertBytes(hex(
                "18 00 00 00 00 00 00 00", // len=24, error=0
                "22 00 00 00 00 00 00 00", // unique=34
                "68 69 20 74 68 65 72 65"  // value="hi there"
        ), value.bytes());
        ReplyView larger = call(req(Opcode.GETXATTR, 0x23, 2).u32(4096).u32(0).name("user.greeting").build());
        assertEquals(24, larger.len());
        assertError(call(req(Opcode.GETXATTR, 0x24, 2).u32(0).u32(0).name("user.none").build()), 0x24,
                Errno.ENODATA);
    }

    @Test
    @DisplayName("LISTXATTR: NUL-separated names; size probe and ERANGE")
    void listxattr() throws Exception {
        mountHello();
        ReplyView probe = call(req(Opcode.LISTXATTR, 0x25, 2).u32(0).u32(0).build());
        assertBytes(hex(
                "18 00 00 00 00 00 00 00", // len=24, error=0
                "25 00 00 00 00 00 00 00", // unique=37
                "15 00 00 00 00 00 00 00"  // fuse_getxattr_out: size=21, padding=0
        ), probe.bytes());
        ReplyView list = call(req(Opcode.LISTXATTR, 0x26, 2).u32(100).u32(0).build());
        assertBytes(hex(
                "25 00 00 00 00 00 00 00", // len=37, error=0
                "26 00 00 00 00 00 00 00", // unique=38
                "75 73 65 72 2e 67 72 65", // "user.gre"
                "65 74 69 6e 67 00 75 73", // "eting\0us"
                "65 72 2e 78 00"           // "er.x\0"
        ), list.bytes());
        assertError(call(req(Opcode.LISTXATTR, 0x27, 2).u32(20).u32(0).build()), 0x27, Errno.ERANGE);
    }
}
