package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.CreatedFile;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileLock;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.IoctlResult;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.StatFs;
import dev.panamafuse.Statx;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.Flags;
import dev.panamafuse.protocol.InitFlags;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.LogCapture;
import dev.panamafuse.testing.ReplyView;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden request and reply frames for every opcode the session dispatches that {@link SessionTest}
 * does not already cover: each request is written out as hex rows with a field comment per row,
 * the arguments the {@link FileSystem} handler receives are checked, and the reply bytes are
 * compared with a golden hex dump. Also: what each operation answers when the filesystem does not
 * implement it (ENOSYS, or its documented default).
 *
 * <p>All frames come from uid 1000, gid 1000, pid 4242 ({@code e8 03}, {@code e8 03},
 * {@code 92 10}) unless said otherwise; the session runs over a {@link FakeChannel} after a 7.45
 * INIT, with {@code entry_timeout=1.5 s} and {@code attr_timeout=2 s}.
 */
@DisplayName("Golden frames of every other opcode")
class OpcodeGoldenTest {
    private static final Duration T = SessionTest.T;
    private static final Duration QUIET = SessionTest.QUIET;
    private static final Instant TIME = SessionTest.TIME;
    private static final HexFormat HEX = HexFormat.of();

    /** {@code F_GETLK}'s "to the end of the file": the kernel's {@code OFFSET_MAX}. */
    private static final long OFFSET_MAX = Long.MAX_VALUE;
    private static final int LOCK_SH = 1;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int STATX_BTIME = 0x800;

    /** The reply header rows of a bare success: the frames share them, only the unique differs. */
    private static final String OK_LEN_16 = "10 00 00 00 00 00 00 00"; // len=16, error=0

    /** A symbolic link "lnk" -> "/target" (7 bytes). */
    static final Attr SYMLINK_ATTR = Attr.of(5, Mode.S_IFLNK | 0777, 1, 1000, 1000, 7, TIME);
    static final String[] SYMLINK_ATTR_ROWS = {
        "05 00 00 00 00 00 00 00", // attr.ino=5
        "07 00 00 00 00 00 00 00", // attr.size=7
        "01 00 00 00 00 00 00 00", // attr.blocks=1
        "00 f1 53 65 00 00 00 00", // attr.atime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.mtime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.ctime=1700000000
        "15 cd 5b 07 15 cd 5b 07", // attr.atimensec=123456789, attr.mtimensec=123456789
        "15 cd 5b 07 ff a1 00 00", // attr.ctimensec=123456789, attr.mode=0120777 (S_IFLNK)
        "01 00 00 00 e8 03 00 00", // attr.nlink=1, attr.uid=1000
        "e8 03 00 00 00 00 00 00", // attr.gid=1000, attr.rdev=0
        "00 00 00 00 00 00 00 00", // attr.blksize=0, attr.flags=0
    };

    /** A character device 1:3, as mknod creates it. */
    static final Attr DEVICE_ATTR = new Attr(7, Mode.S_IFCHR | 0600, 1, 1000, 1000, 0x103, 0, 0, 0, TIME, TIME,
            TIME, 0);
    static final String[] DEVICE_ATTR_ROWS = {
        "07 00 00 00 00 00 00 00", // attr.ino=7
        "00 00 00 00 00 00 00 00", // attr.size=0
        "00 00 00 00 00 00 00 00", // attr.blocks=0
        "00 f1 53 65 00 00 00 00", // attr.atime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.mtime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.ctime=1700000000
        "15 cd 5b 07 15 cd 5b 07", // attr.atimensec=123456789, attr.mtimensec=123456789
        "15 cd 5b 07 80 21 00 00", // attr.ctimensec=123456789, attr.mode=020600 (S_IFCHR)
        "01 00 00 00 e8 03 00 00", // attr.nlink=1, attr.uid=1000
        "e8 03 00 00 03 01 00 00", // attr.gid=1000, attr.rdev=0x103 (1:3)
        "00 00 00 00 00 00 00 00", // attr.blksize=0, attr.flags=0
    };

    /** A new directory. */
    static final Attr DIR_ATTR = Attr.of(6, Mode.S_IFDIR | 0755, 2, 1000, 1000, 0, TIME);
    static final String[] DIR_ATTR_ROWS = {
        "06 00 00 00 00 00 00 00", // attr.ino=6
        "00 00 00 00 00 00 00 00", // attr.size=0
        "00 00 00 00 00 00 00 00", // attr.blocks=0
        "00 f1 53 65 00 00 00 00", // attr.atime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.mtime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.ctime=1700000000
        "15 cd 5b 07 15 cd 5b 07", // attr.atimensec=123456789, attr.mtimensec=123456789
        "15 cd 5b 07 ed 41 00 00", // attr.ctimensec=123456789, attr.mode=040755 (S_IFDIR)
        "02 00 00 00 e8 03 00 00", // attr.nlink=2, attr.uid=1000
        "e8 03 00 00 00 00 00 00", // attr.gid=1000, attr.rdev=0
        "00 00 00 00 00 00 00 00", // attr.blksize=0, attr.flags=0
    };

    /** "hello" after a hard link was added: nlink 2. */
    static final Attr LINKED_ATTR = new Attr(2, Mode.S_IFREG | 0644, 2, 1000, 1000, 0, 14, 1, 0, TIME, TIME, TIME, 0);
    static final String[] LINKED_ATTR_ROWS = {
        "02 00 00 00 00 00 00 00", // attr.ino=2
        "0e 00 00 00 00 00 00 00", // attr.size=14
        "01 00 00 00 00 00 00 00", // attr.blocks=1
        "00 f1 53 65 00 00 00 00", // attr.atime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.mtime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.ctime=1700000000
        "15 cd 5b 07 15 cd 5b 07", // attr.atimensec=123456789, attr.mtimensec=123456789
        "15 cd 5b 07 a4 81 00 00", // attr.ctimensec=123456789, attr.mode=0100644
        "02 00 00 00 e8 03 00 00", // attr.nlink=2, attr.uid=1000
        "e8 03 00 00 00 00 00 00", // attr.gid=1000, attr.rdev=0
        "00 00 00 00 00 00 00 00", // attr.blksize=0, attr.flags=0
    };

    /** An unnamed temporary file: no link yet. */
    static final Attr TMP_ATTR = Attr.of(8, Mode.S_IFREG | 0600, 0, 1000, 1000, 0, TIME);
    static final String[] TMP_ATTR_ROWS = {
        "08 00 00 00 00 00 00 00", // attr.ino=8
        "00 00 00 00 00 00 00 00", // attr.size=0
        "00 00 00 00 00 00 00 00", // attr.blocks=0
        "00 f1 53 65 00 00 00 00", // attr.atime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.mtime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.ctime=1700000000
        "15 cd 5b 07 15 cd 5b 07", // attr.atimensec=123456789, attr.mtimensec=123456789
        "15 cd 5b 07 80 81 00 00", // attr.ctimensec=123456789, attr.mode=0100600
        "00 00 00 00 e8 03 00 00", // attr.nlink=0, attr.uid=1000
        "e8 03 00 00 00 00 00 00", // attr.gid=1000, attr.rdev=0
        "00 00 00 00 00 00 00 00", // attr.blksize=0, attr.flags=0
    };

    /** The root directory (as {@link SessionTest#ROOT}). */
    static final String[] ROOT_ATTR_ROWS = {
        "01 00 00 00 00 00 00 00", // attr.ino=1
        "00 00 00 00 00 00 00 00", // attr.size=0
        "00 00 00 00 00 00 00 00", // attr.blocks=0
        "00 f1 53 65 00 00 00 00", // attr.atime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.mtime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.ctime=1700000000
        "15 cd 5b 07 15 cd 5b 07", // attr.atimensec=123456789, attr.mtimensec=123456789
        "15 cd 5b 07 ed 41 00 00", // attr.ctimensec=123456789, attr.mode=040755
        "02 00 00 00 e8 03 00 00", // attr.nlink=2, attr.uid=1000
        "e8 03 00 00 00 00 00 00", // attr.gid=1000, attr.rdev=0
        "00 00 00 00 00 00 00 00", // attr.blksize=0, attr.flags=0
    };

    /** The entry_out head every entry with the mount's timeouts starts with, after its node id and generation. */
    static final String[] MOUNT_TIMEOUT_ROWS = {
        "01 00 00 00 00 00 00 00", // entry_valid=1 (of 1.5 s)
        "02 00 00 00 00 00 00 00", // attr_valid=2
        "00 65 cd 1d 00 00 00 00", // entry_valid_nsec=500000000, attr_valid_nsec=0
    };

    private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    private FakeChannel channel;
    private Session session;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (session != null) {
            session.stop();
            channel.close();
            assertTrue(session.awaitEnd(Duration.ofSeconds(10)), "the session should end after close");
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    private void start(FileSystem fs) {
        channel = new FakeChannel();
        session = new Session(fs, channel, MountOptions.builder().unmountGrace(Duration.ofSeconds(2))
                .entryTimeout(Duration.ofMillis(1500)).attrTimeout(Duration.ofSeconds(2)).build());
    }

    /** Starts a session and completes INIT as a 7.45 kernel offering {@code offered}. */
    private void mount(FileSystem fs, long offered) throws Exception {
        start(fs);
        session.start();
        channel.send(Frames.initExt(1, 7, 45, SessionTest.READAHEAD, offered));
        ReplyView r = channel.reply(T);
        assertEquals(0, r.error(), r::toString);
        session.awaitInit(T);
    }

    private void mount(FileSystem fs) throws Exception {
        mount(fs, SessionTest.K45);
    }

    /** The session's dispatcher, to see what INIT decided (and to force the extended SETXATTR body). */
    private static Dispatcher dispatcher(Session s) throws ReflectiveOperationException {
        Field f = Session.class.getDeclaredField("dispatcher");
        f.setAccessible(true);
        return (Dispatcher) f.get(s);
    }

    /** A request frame from uid 1000, gid 1000, pid 4242, for the variants that need no golden request. */
    private static Frames.Request req(Opcode op, long unique, long nodeid) {
        return Frames.request(op.code(), unique, nodeid).uid(1000).gid(1000).pid(4242);
    }

    private ReplyView call(byte[] frame) {
        channel.send(frame);
        return channel.reply(T);
    }

    private static void assertError(ReplyView r, long unique, Errno errno) {
        assertEquals(16, r.len(), r::toString);
        assertEquals(-errno.code(), r.error(), () -> "expected -" + errno + ": " + r);
        assertEquals(unique, r.unique(), r::toString);
    }

    private static void assertEmptySuccess(ReplyView r, long unique) {
        assertEquals(16, r.len(), r::toString);
        assertEquals(0, r.error(), r::toString);
        assertEquals(unique, r.unique(), r::toString);
    }

    private static String[] rows(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[]::new);
    }

    private String nextCall() throws InterruptedException {
        String c = calls.poll(T.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(c, "no handler call within " + T);
        return c;
    }

    private void assertNoMoreCalls() {
        assertTrue(calls.isEmpty(), () -> "unexpected handler calls: " + calls);
    }

    private static String hexOf(MemorySegment s) {
        return HEX.formatHex(s.toArray(ValueLayout.JAVA_BYTE));
    }

    private static String octal(int v) {
        return "0" + Integer.toOctalString(v);
    }

    /**
     * Implements every operation of this test: each call is recorded as one line in
     * {@link #calls}, and a fixed answer is returned.
     */
    class RecordingFs implements FileSystem {
        @Override
        public String readlink(Request req, long nodeid) {
            calls.add("readlink " + nodeid);
            return "/target";
        }

        @Override
        public Entry symlink(Request req, String target, long parent, String name) {
            calls.add("symlink parent=" + parent + " name=" + name + " target=" + target);
            return Entry.of(SYMLINK_ATTR);
        }

        @Override
        public Entry mknod(Request req, long parent, String name, int mode, int rdev, int umask) {
            calls.add("mknod parent=" + parent + " name=" + name + " mode=" + octal(mode) + " rdev=0x"
                    + Integer.toHexString(rdev) + " umask=" + octal(umask));
            return Entry.of(DEVICE_ATTR);
        }

        @Override
        public Entry mkdir(Request req, long parent, String name, int mode, int umask) {
            calls.add("mkdir parent=" + parent + " name=" + name + " mode=" + octal(mode) + " umask=" + octal(umask));
            return new Entry(6, 3, DIR_ATTR, Duration.ofSeconds(10), Duration.ZERO);
        }

        @Override
        public void unlink(Request req, long parent, String name) {
            calls.add("unlink parent=" + parent + " name=" + name);
        }

        @Override
        public void rmdir(Request req, long parent, String name) {
            calls.add("rmdir parent=" + parent + " name=" + name);
        }

        @Override
        public void rename(Request req, long parent, String name, long newParent, String newName, int flags) {
            calls.add("rename " + parent + " " + name + " -> " + newParent + " " + newName + " flags=" + flags);
        }

        @Override
        public Entry link(Request req, long nodeid, long newParent, String newName) {
            calls.add("link node=" + nodeid + " newParent=" + newParent + " newName=" + newName);
            return Entry.of(LINKED_ATTR);
        }

        @Override
        public void flush(Request req, long nodeid, long fh, long lockOwner) {
            calls.add("flush " + nodeid + " fh=" + fh + " owner=0x" + Long.toHexString(lockOwner));
        }

        @Override
        public void release(Request req, long nodeid, long fh, int flags) {
            calls.add("release " + nodeid + " fh=" + fh + " flags=0x" + Integer.toHexString(flags));
        }

        @Override
        public void fsync(Request req, long nodeid, long fh, boolean datasync) {
            calls.add("fsync " + nodeid + " fh=" + fh + " datasync=" + datasync);
        }

        @Override
        public OpenFile opendir(Request req, long nodeid, int flags) {
            calls.add("opendir " + nodeid + " flags=0x" + Integer.toHexString(flags));
            return OpenFile.of(0x30, OpenFile.KEEP_CACHE | OpenFile.CACHE_DIR);
        }

        @Override
        public void readdirplus(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
            calls.add("readdirplus " + nodeid + " fh=" + fh + " off=" + offset + " plus=" + filler.isPlus());
            String[] names = {".", "hello"};
            Entry[] entries = {new Entry(0, 0, SessionTest.ROOT, null, null), Entry.of(SessionTest.HELLO)};
            for (int i = (int) offset; i < names.length; i++) {
                if (!filler.add(names[i], entries[i], i + 1)) {
                    return;
                }
            }
        }

        @Override
        public void releasedir(Request req, long nodeid, long fh) {
            calls.add("releasedir " + nodeid + " fh=" + fh);
        }

        @Override
        public void fsyncdir(Request req, long nodeid, long fh, boolean datasync) {
            calls.add("fsyncdir " + nodeid + " fh=" + fh + " datasync=" + datasync);
        }

        @Override
        public void setxattr(Request req, long nodeid, String name, MemorySegment value, int flags,
                             int setxattrFlags) {
            calls.add("setxattr " + nodeid + " " + name + " value=" + new String(value.toArray(ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8) + " readOnly=" + value.isReadOnly() + " flags=" + flags
                    + " setxattrFlags=" + setxattrFlags);
        }

        @Override
        public void removexattr(Request req, long nodeid, String name) {
            calls.add("removexattr " + nodeid + " " + name);
        }

        @Override
        public void access(Request req, long nodeid, int mask) {
            calls.add("access " + nodeid + " mask=" + mask);
            if ((mask & 2) != 0) {
                throw new FuseException(Errno.EACCES);
            }
        }

        @Override
        public FileLock getlk(Request req, long nodeid, long fh, long owner, FileLock lock) {
            calls.add("getlk " + nodeid + " fh=" + fh + " owner=0x" + Long.toHexString(owner) + " " + lock);
            return new FileLock(100, 199, FileLock.F_RDLCK, 777);
        }

        @Override
        public void setlk(Request req, long nodeid, long fh, long owner, FileLock lock, boolean sleep) {
            calls.add("setlk " + nodeid + " fh=" + fh + " owner=0x" + Long.toHexString(owner) + " " + lock
                    + " sleep=" + sleep);
        }

        @Override
        public void flock(Request req, long nodeid, long fh, long owner, int operation) {
            calls.add("flock " + nodeid + " fh=" + fh + " owner=0x" + Long.toHexString(owner) + " op=" + operation);
        }

        @Override
        public long bmap(Request req, long nodeid, int blocksize, long block) {
            calls.add("bmap " + nodeid + " blocksize=" + blocksize + " block=" + block);
            return 1234;
        }

        @Override
        public IoctlResult ioctl(Request req, long nodeid, long fh, int cmd, long arg, MemorySegment in, int outSize,
                                 int flags) {
            calls.add("ioctl " + nodeid + " fh=" + fh + " cmd=0x" + Integer.toHexString(cmd) + " arg=0x"
                    + Long.toHexString(arg) + " in=" + hexOf(in) + " readOnly=" + in.isReadOnly() + " outSize="
                    + outSize + " flags=" + flags);
            return new IoctlResult(7, new byte[] {0x0a, 0x0b, 0x0c, 0x0d});
        }

        @Override
        public void fallocate(Request req, long nodeid, long fh, int mode, long offset, long length) {
            calls.add("fallocate " + nodeid + " fh=" + fh + " mode=" + mode + " off=" + offset + " len=" + length);
        }

        @Override
        public long lseek(Request req, long nodeid, long fh, long offset, int whence) {
            calls.add("lseek " + nodeid + " fh=" + fh + " off=" + offset + " whence=" + whence);
            if (offset >= 8192) {
                throw new FuseException(Errno.ENXIO);
            }
            return 4096;
        }

        @Override
        public long copyFileRange(Request req, long nodeidIn, long fhIn, long offsetIn, long nodeidOut, long fhOut,
                                  long offsetOut, long length, int flags) {
            calls.add("copy " + nodeidIn + " fh=" + fhIn + " off=" + offsetIn + " -> " + nodeidOut + " fh=" + fhOut
                    + " off=" + offsetOut + " len=0x" + Long.toHexString(length) + " flags=" + flags);
            return length == 0x10000 ? 4096 : length;
        }

        @Override
        public CreatedFile tmpfile(Request req, long parent, int mode, int umask, int flags) {
            calls.add("tmpfile parent=" + parent + " mode=" + octal(mode) + " umask=" + octal(umask) + " flags=0x"
                    + Integer.toHexString(flags));
            return new CreatedFile(new Entry(8, 1, TMP_ATTR, null, null),
                    OpenFile.of(0x40, OpenFile.DIRECT_IO | OpenFile.NOFLUSH));
        }

        @Override
        public Statx statx(Request req, long nodeid, long fh, int flags, int mask) {
            calls.add("statx " + nodeid + " fh=" + fh + " flags=0x" + Integer.toHexString(flags) + " mask=0x"
                    + Integer.toHexString(mask));
            // a terminal: char device 0x123:0x45678, group tty (5), blksize 4096
            Attr a = new Attr(7, Mode.S_IFCHR | 0620, 1, 1000, 5, 0x4561_2378, 0, 0, 4096, TIME, TIME, TIME, 0);
            return new Statx(a, STATX_BASIC_STATS | STATX_BTIME, Instant.ofEpochSecond(1_600_000_000L, 5), 0x20,
                    0x30);
        }

        @Override
        public void syncfs(Request req, long nodeid) {
            calls.add("syncfs " + nodeid);
        }

        @Override
        public void destroy() {
            calls.add("destroy");
        }
    }

    // ------------------------------------------------------------------------------------ names

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

    // ------------------------------------------------------------------------------------ open files

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
            assertEmptySuccess(call(req(Opcode.RELEASE, 0x10d, 2).u64(0x10).u32(0).u32(Flags.RELEASE_FLUSH)
                    .u64(0x99).build()), 0x10d);
            assertEquals("release 2 fh=16 flags=0x0", nextCall());
            channel.assertNoReply(QUIET);
            assertNoMoreCalls();
        }
    }

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
            assertEmptySuccess(call(req(Opcode.FSYNCDIR, 0x111, 1).u64(0x30).u32(Flags.FSYNC_FDATASYNC).u32(0)
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

    // ------------------------------------------------------------------------------------ xattrs

    @Nested
    @DisplayName("SETXATTR")
    class Setxattr {
        private final byte[] compat = hex(
                "3c 00 00 00 15 00 00 00", // len=60, opcode=SETXATTR (21)
                "18 01 00 00 00 00 00 00", // unique=0x118
                "02 00 00 00 00 00 00 00", // nodeid=2
                "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                "05 00 00 00 01 00 00 00", // fuse_setxattr_in (compat, 8 bytes): size=5, flags=XATTR_CREATE
                "75 73 65 72 2e 6b 00 68", // name="user.k\0", value: "h"
                "65 6c 6c 6f"              //   "ello"
        );
        private final byte[] extended = hex(
                "44 00 00 00 15 00 00 00", // len=68, opcode=SETXATTR (21)
                "19 01 00 00 00 00 00 00", // unique=0x119
                "02 00 00 00 00 00 00 00", // nodeid=2
                "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                "05 00 00 00 02 00 00 00", // fuse_setxattr_in: size=5, flags=XATTR_REPLACE
                "01 00 00 00 00 00 00 00", // setxattr_flags=FUSE_SETXATTR_ACL_KILL_SGID, padding=0
                "75 73 65 72 2e 6b 00 68", // name="user.k\0", value: "h"
                "65 6c 6c 6f"              //   "ello"
        );

        @Test
        @DisplayName("SETXATTR_EXT not negotiated: the 8-byte compat struct, setxattrFlags 0")
        void compat() throws Exception {
            mount(new RecordingFs(), SessionTest.K45 & ~InitFlags.FUSE_SETXATTR_EXT);
            assertFalse(session.connection().isEnabled(InitFlags.FUSE_SETXATTR_EXT));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "18 01 00 00 00 00 00 00"  // unique=0x118
            ), call(compat).bytes());
            assertEquals("setxattr 2 user.k value=hello readOnly=true flags=1 setxattrFlags=0", nextCall());
        }

        @Test
        @DisplayName("SETXATTR_EXT negotiated: the 16-byte struct with setxattr_flags")
        void extended() throws Exception {
            mount(new RecordingFs());
            // Whether the session asks for SETXATTR_EXT is the mount options' business; this checks
            // the decoding of the 16-byte body once it is negotiated.
            dispatcher(session).setxattrExt = true;
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "19 01 00 00 00 00 00 00"  // unique=0x119
            ), call(extended).bytes());
            assertEquals("setxattr 2 user.k value=hello readOnly=true flags=2 setxattrFlags=1", nextCall());
        }

        @ParameterizedTest(name = "kernel offers SETXATTR_EXT: {0}")
        @ValueSource(booleans = {true, false})
        @DisplayName("the body size follows what INIT negotiated, whatever the dispatcher held before")
        void decidedByInit(boolean offered) throws Exception {
            start(new RecordingFs());
            Dispatcher d = dispatcher(session);
            d.setxattrExt = true; // a stale value INIT must overwrite
            session.start();
            long flags = offered ? SessionTest.K45 : SessionTest.K45 & ~InitFlags.FUSE_SETXATTR_EXT;
            channel.send(Frames.initExt(1, 7, 45, SessionTest.READAHEAD, flags));
            assertEquals(0, channel.reply(T).error());
            boolean negotiated = session.awaitInit(T).isEnabled(InitFlags.FUSE_SETXATTR_EXT);
            assertEquals(negotiated, d.setxattrExt, "Dispatcher.setxattrExt must follow the negotiated flags");
            assertEmptySuccess(call(negotiated ? extended : compat), negotiated ? 0x119 : 0x118);
            assertEquals(negotiated ? "setxattr 2 user.k value=hello readOnly=true flags=2 setxattrFlags=1"
                    : "setxattr 2 user.k value=hello readOnly=true flags=1 setxattrFlags=0", nextCall());
        }

        @Test
        @DisplayName("a value size beyond the frame is EIO")
        void valueTooLong() throws Exception {
            try (LogCapture log = LogCapture.of(Session.class)) {
                mount(new RecordingFs(), SessionTest.K45 & ~InitFlags.FUSE_SETXATTR_EXT);
                assertError(call(req(Opcode.SETXATTR, 0x11a, 2).u32(50).u32(0).name("user.k").put(new byte[5])
                        .build()), 0x11a, Errno.EIO);
                assertNoMoreCalls();
                assertTrue(log.warned("SETXATTR unique 282: malformed frame"), log.warnings()::toString);
            }
        }
    }

    @Nested
    @DisplayName("REMOVEXATTR")
    class Removexattr {
        @Test
        @DisplayName("the name; an empty reply")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "2f 00 00 00 18 00 00 00", // len=47, opcode=REMOVEXATTR (24)
                    "1b 01 00 00 00 00 00 00", // unique=0x11b
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "75 73 65 72 2e 6b 00"     // name="user.k\0"
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "1b 01 00 00 00 00 00 00"  // unique=0x11b
            ), r.bytes());
            assertEquals("removexattr 2 user.k", nextCall());
        }
    }

    // ------------------------------------------------------------------------------------ locks

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
                    .u32(pid).u32(Flags.LK_FLOCK).u32(0).build()), 0x121);
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
                    .u32(4242).u32(Flags.LK_FLOCK).u32(0).build()), 0x122, Errno.EAGAIN);
        }
    }

    // ------------------------------------------------------------------------------------ the rest

    @Nested
    @DisplayName("ACCESS")
    class Access {
        @Test
        @DisplayName("fuse_access_in mask; an empty reply, or the handler's EACCES")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "30 00 00 00 22 00 00 00", // len=48, opcode=ACCESS (34)
                    "23 01 00 00 00 00 00 00", // unique=0x123
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "05 00 00 00 00 00 00 00"  // fuse_access_in: mask=R_OK|X_OK, padding=0
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "23 01 00 00 00 00 00 00"  // unique=0x123
            ), r.bytes());
            assertEquals("access 2 mask=5", nextCall());
            ReplyView denied = call(req(Opcode.ACCESS, 0x124, 2).u32(2).u32(0).build());
            assertBytes(hex(
                    "10 00 00 00 f3 ff ff ff", // len=16, error=-13 (EACCES)
                    "24 01 00 00 00 00 00 00"  // unique=0x124
            ), denied.bytes());
            assertEquals("access 2 mask=2", nextCall());
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
            ReplyView r = call(req(Opcode.IOCTL, 0x128, 1).u64(0x30).u32(Flags.IOCTL_DIR).u32(0x6601).u64(0).u32(0)
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

    @Nested
    @DisplayName("STATX")
    class StatxOp {
        @Test
        @DisplayName("GETATTR_FH passes fh; fuse_statx_out with btime, attributes and rdev split into major:minor")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "40 00 00 00 34 00 00 00", // len=64, opcode=STATX (52)
                    "31 01 00 00 00 00 00 00", // unique=0x131
                    "07 00 00 00 00 00 00 00", // nodeid=7
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "01 00 00 00 00 00 00 00", // fuse_statx_in: getattr_flags=FUSE_GETATTR_FH, reserved=0
                    "10 00 00 00 00 00 00 00", // fh=0x10
                    "00 20 00 00 ff 0f 00 00"  // sx_flags=AT_STATX_FORCE_SYNC, sx_mask=STATX_BASIC_STATS|STATX_BTIME
            ));
            String zeros = "00 00 00 00 00 00 00 00";
            String[] spare2 = new String[14];
            Arrays.fill(spare2, zeros); // stat.__spare2[14]
            assertBytes(hex(rows(new String[] {
                "30 01 00 00 00 00 00 00", // len=304, error=0
                "31 01 00 00 00 00 00 00", // unique=0x131
                "02 00 00 00 00 00 00 00", // fuse_statx_out: attr_valid=2
                "00 00 00 00 00 00 00 00", // attr_valid_nsec=0, flags=0
                "00 00 00 00 00 00 00 00", // spare[0]
                "00 00 00 00 00 00 00 00", // spare[1]
                "ff 0f 00 00 00 10 00 00", // stat.mask=0xfff, stat.blksize=4096
                "20 00 00 00 00 00 00 00", // stat.attributes=STATX_ATTR_APPEND
                "01 00 00 00 e8 03 00 00", // stat.nlink=1, stat.uid=1000
                "05 00 00 00 90 21 00 00", // stat.gid=5, stat.mode=020620, __spare0=0
                "07 00 00 00 00 00 00 00", // stat.ino=7
                "00 00 00 00 00 00 00 00", // stat.size=0
                "00 00 00 00 00 00 00 00", // stat.blocks=0
                "30 00 00 00 00 00 00 00", // stat.attributes_mask=STATX_ATTR_IMMUTABLE|STATX_ATTR_APPEND
                "00 f1 53 65 00 00 00 00", // stat.atime.tv_sec=1700000000
                "15 cd 5b 07 00 00 00 00", // stat.atime.tv_nsec=123456789, __reserved=0
                "00 10 5e 5f 00 00 00 00", // stat.btime.tv_sec=1600000000
                "05 00 00 00 00 00 00 00", // stat.btime.tv_nsec=5, __reserved=0
                "00 f1 53 65 00 00 00 00", // stat.ctime.tv_sec=1700000000
                "15 cd 5b 07 00 00 00 00", // stat.ctime.tv_nsec=123456789, __reserved=0
                "00 f1 53 65 00 00 00 00", // stat.mtime.tv_sec=1700000000
                "15 cd 5b 07 00 00 00 00", // stat.mtime.tv_nsec=123456789, __reserved=0
                "23 01 00 00 78 56 04 00", // stat.rdev_major=0x123, stat.rdev_minor=0x45678
                "00 00 00 00 00 00 00 00", // stat.dev_major=0, stat.dev_minor=0
            }, spare2)), r.bytes());
            assertEquals("statx 7 fh=16 flags=0x2000 mask=0xfff", nextCall());
        }

        @Test
        @DisplayName("without GETATTR_FH: fh is NO_FH; btime absent: STATX_BTIME cleared and btime zero")
        void noFhNoBtime() throws Exception {
            mount(new RecordingFs() {
                @Override
                public Statx statx(Request req, long nodeid, long fh, int flags, int mask) {
                    calls.add("statx " + nodeid + " fh=" + fh + " flags=0x" + Integer.toHexString(flags) + " mask=0x"
                            + Integer.toHexString(mask));
                    return new Statx(SessionTest.HELLO, STATX_BASIC_STATS | STATX_BTIME, null, 0, 0);
                }
            });
            ReplyView r = call(req(Opcode.STATX, 0x132, 2).u32(0).u32(0).u64(0x99).u32(0).u32(0xfff).build());
            assertEquals(0, r.error(), r::toString);
            assertEquals(304, r.len());
            int stat = 16 + 32;
            assertEquals(STATX_BASIC_STATS, r.u32(stat), "stat.mask without STATX_BTIME");
            assertEquals(0, r.u64(stat + 80), "btime.tv_sec");
            assertEquals(0, r.u64(stat + 88), "btime.tv_nsec");
            assertEquals(1_700_000_000L, r.u64(stat + 64), "atime.tv_sec");
            assertEquals(Mode.S_IFREG | 0644, r.u16(stat + 28), "mode");
            assertEquals(14, r.u64(stat + 40), "size");
            assertEquals("statx 2 fh=-1 flags=0x0 mask=0xfff", nextCall());
        }
    }

    @Nested
    @DisplayName("SYNCFS")
    class Syncfs {
        @Test
        @DisplayName("fuse_syncfs_in (padding only); an empty reply")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "30 00 00 00 32 00 00 00", // len=48, opcode=SYNCFS (50)
                    "33 01 00 00 00 00 00 00", // unique=0x133
                    "01 00 00 00 00 00 00 00", // nodeid=1
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                    "00 00 00 00 00 00 00 00"  // fuse_syncfs_in: padding=0
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "33 01 00 00 00 00 00 00"  // unique=0x133
            ), r.bytes());
            assertEquals("syncfs 1", nextCall());
        }
    }

    // ------------------------------------------------------------------------------------ session-level

    @Nested
    @DisplayName("DESTROY")
    class Destroy {
        @Test
        @DisplayName("destroy() runs once, then the empty reply; the end of the session does not run it again")
        void golden() throws Exception {
            AtomicInteger destroys = new AtomicInteger();
            AtomicBoolean finished = new AtomicBoolean();
            mount(new RecordingFs() {
                @Override
                public void destroy() {
                    destroys.incrementAndGet();
                    try {
                        Thread.sleep(100); // a reply sent before destroy() returned would show up now
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    finished.set(true);
                }
            });
            channel.send(hex(
                    "28 00 00 00 26 00 00 00", // len=40, opcode=DESTROY (38)
                    "34 01 00 00 00 00 00 00", // unique=0x134
                    "00 00 00 00 00 00 00 00", // nodeid=0
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 00 00 00 00"  // pid=0 (sent by the kernel itself), total_extlen=0, padding=0
            ));
            ReplyView r = channel.reply(T);
            assertTrue(finished.get(), "the reply came before destroy() returned");
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "34 01 00 00 00 00 00 00"  // unique=0x134
            ), r.bytes());
            assertEquals(1, destroys.get());
            session.stop();
            channel.close();
            assertTrue(session.awaitEnd(T));
            assertEquals(1, destroys.get(), "destroy() ran again at the end");
        }
    }

    @Nested
    @DisplayName("NOTIFY_REPLY")
    class NotifyReply {
        @Test
        @DisplayName("the kernel's answer to a retrieve gets no reply and reaches no handler; the session goes on")
        void noReply() throws Exception {
            mount(new RecordingFs());
            channel.send(hex(
                    "54 00 00 00 29 00 00 00", // len=84, opcode=NOTIFY_REPLY (41)
                    "07 00 00 00 00 00 00 00", // unique=7 (the notify_unique of the retrieve)
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                    "00 00 00 00 00 00 00 00", // fuse_notify_retrieve_in: dummy1=0
                    "00 00 00 00 00 00 00 00", // offset=0
                    "04 00 00 00 00 00 00 00", // size=4, dummy2=0
                    "00 00 00 00 00 00 00 00", // dummy3=0
                    "00 00 00 00 00 00 00 00", // dummy4=0
                    "41 42 43 44"              // the data
            ));
            channel.assertNoReply(QUIET);
            ReplyView next = call(req(Opcode.SYNCFS, 0x135, 1).u64(0).build());
            assertEmptySuccess(next, 0x135);
            assertEquals("syncfs 1", nextCall());
            assertNoMoreCalls();
            channel.assertNoReply(QUIET);
        }
    }

    @Nested
    @DisplayName("SETUPMAPPING, REMOVEMAPPING, CUSE_INIT")
    class Unsupported {
        @Test
        @DisplayName("SETUPMAPPING (DAX) is ENOSYS")
        void setupmapping() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "50 00 00 00 30 00 00 00", // len=80, opcode=SETUPMAPPING (48)
                    "36 01 00 00 00 00 00 00", // unique=0x136
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_setupmapping_in: fh=0x10
                    "00 00 00 00 00 00 00 00", // foffset=0
                    "00 00 20 00 00 00 00 00", // len=2 MiB
                    "03 00 00 00 00 00 00 00", // flags=WRITE|READ
                    "00 00 00 00 00 00 00 00"  // moffset=0
            ));
            assertBytes(hex(
                    "10 00 00 00 da ff ff ff", // len=16, error=-38 (ENOSYS)
                    "36 01 00 00 00 00 00 00"  // unique=0x136
            ), r.bytes());
            assertNoMoreCalls();
        }

        @Test
        @DisplayName("REMOVEMAPPING (DAX) is ENOSYS")
        void removemapping() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "3c 00 00 00 31 00 00 00", // len=60, opcode=REMOVEMAPPING (49)
                    "37 01 00 00 00 00 00 00", // unique=0x137
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                    "01 00 00 00",             // fuse_removemapping_in: count=1
                    "00 00 00 00 00 00 00 00", // fuse_removemapping_one: moffset=0
                    "00 00 20 00 00 00 00 00"  //   len=2 MiB
            ));
            assertBytes(hex(
                    "10 00 00 00 da ff ff ff", // len=16, error=-38 (ENOSYS)
                    "37 01 00 00 00 00 00 00"  // unique=0x137
            ), r.bytes());
            assertNoMoreCalls();
        }

        @Test
        @DisplayName("CUSE_INIT is ENOSYS (no CUSE server here)")
        void cuseInit() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "38 00 00 00 00 10 00 00", // len=56, opcode=CUSE_INIT (4096)
                    "38 01 00 00 00 00 00 00", // unique=0x138
                    "00 00 00 00 00 00 00 00", // nodeid=0
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                    "07 00 00 00 2d 00 00 00", // cuse_init_in: major=7, minor=45
                    "00 00 00 00 01 00 00 00"  // unused=0, flags=CUSE_UNRESTRICTED_IOCTL
            ));
            assertBytes(hex(
                    "10 00 00 00 da ff ff ff", // len=16, error=-38 (ENOSYS)
                    "38 01 00 00 00 00 00 00"  // unique=0x138
            ), r.bytes());
            assertNoMoreCalls();
            assertEmptySuccess(call(req(Opcode.SYNCFS, 0x139, 1).u64(0).build()), 0x139);
        }
    }

    // ------------------------------------------------------------------------------------ defaults

    /** A well-formed request for {@code op}: its argument struct and names, as the kernel would send it. */
    private static byte[] wellFormed(Opcode op, long unique) {
        Frames.Request r = req(op, unique, 2);
        return switch (op) {
            case READLINK -> r.build();
            case SYMLINK -> r.name("lnk").name("/target").build();
            case MKNOD -> r.u32(Mode.S_IFIFO | 0644).u32(0).u32(022).u32(0).name("fifo").build();
            case MKDIR -> r.u32(0755).u32(022).name("d").build();
            case UNLINK, RMDIR, REMOVEXATTR -> r.name("x").build();
            case RENAME -> r.u64(1).name("a").name("b").build();
            case LINK -> r.u64(3).name("l").build();
            case SETXATTR -> r.u32(1).u32(0).name("user.k").put(new byte[] {'v'}).build();
            case GETLK, SETLK, SETLKW -> r.u64(0x10).u64(0xabc).u64(0).u64(OFFSET_MAX).u32(1).u32(4242).u32(0).u32(0)
                    .build();
            case ACCESS -> r.u32(4).u32(0).build();
            case BMAP -> r.u64(1).u32(4096).u32(0).build();
            case IOCTL -> r.u64(0x10).u32(0).u32(0x5401).u64(0).u32(0).u32(0).build();
            case FALLOCATE -> r.u64(0x10).u64(0).u64(4096).u32(0).u32(0).build();
            case LSEEK -> r.u64(0x10).u64(0).u32(3).u32(0).build();
            case COPY_FILE_RANGE, COPY_FILE_RANGE_64 -> r.u64(0x10).u64(0).u64(3).u64(0x20).u64(0).u64(10).u64(0)
                    .build();
            case TMPFILE -> r.u32(0x418002).u32(0100600).u32(022).u32(0).name("/").build();
            case STATX -> r.u32(0).u32(0).u64(0).u32(0).u32(0xfff).build();
            case READDIRPLUS -> r.u64(0).u64(0).u32(4096).u32(0).u64(0).u32(0).u32(0).build();
            case FLUSH, RELEASE, RELEASEDIR -> r.u64(0x10).u32(0).u32(0).u64(0).build();
            case FSYNC, FSYNCDIR -> r.u64(0x10).u32(1).u32(0).build();
            case OPENDIR -> r.u32(0x18800).u32(0).build();
            case SYNCFS -> r.u64(0).build();
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    @Nested
    @DisplayName("defaults of FileSystem")
    class Defaults {
        @ParameterizedTest(name = "{0}")
        @EnumSource(value = Opcode.class, names = {"READLINK", "SYMLINK", "MKNOD", "MKDIR", "UNLINK", "RMDIR",
            "RENAME", "LINK", "SETXATTR", "REMOVEXATTR", "GETLK", "SETLK", "SETLKW", "ACCESS", "BMAP", "IOCTL",
            "FALLOCATE", "LSEEK", "COPY_FILE_RANGE", "COPY_FILE_RANGE_64", "TMPFILE", "STATX", "READDIRPLUS"})
        @DisplayName("a well-formed request to an unimplemented operation is ENOSYS")
        void enosys(Opcode op) throws Exception {
            mount(new SessionTest.EmptyFs(), SessionTest.K45 & ~InitFlags.FUSE_SETXATTR_EXT);
            ReplyView r = call(wellFormed(op, 0x140));
            assertBytes(hex(
                    "10 00 00 00 da ff ff ff", // len=16, error=-38 (ENOSYS)
                    "40 01 00 00 00 00 00 00"  // unique=0x140
            ), r.bytes());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = Opcode.class, names = {"SETLK", "SETLKW"})
        @DisplayName("flock (SETLK/SETLKW with FUSE_LK_FLOCK) is ENOSYS by default")
        void flockEnosys(Opcode op) throws Exception {
            mount(new SessionTest.EmptyFs());
            assertError(call(req(op, 0x141, 2).u64(0x10).u64(0xabc).u64(0).u64(OFFSET_MAX).u32(1).u32(4242)
                    .u32(Flags.LK_FLOCK).u32(0).build()), 0x141, Errno.ENOSYS);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = Opcode.class, names = {"FLUSH", "FSYNC", "FSYNCDIR", "RELEASE", "RELEASEDIR", "SYNCFS"})
        @DisplayName("flush, fsync, fsyncdir, release, releasedir and syncfs succeed by default")
        void succeed(Opcode op) throws Exception {
            mount(new SessionTest.EmptyFs());
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "42 01 00 00 00 00 00 00"  // unique=0x142
            ), call(wellFormed(op, 0x142)).bytes());
        }

        @Test
        @DisplayName("RELEASE with FLOCK_UNLOCK succeeds by default (flock's ENOSYS is ignored)")
        void releaseFlockUnlock() throws Exception {
            mount(new SessionTest.EmptyFs());
            assertEmptySuccess(call(req(Opcode.RELEASE, 0x143, 2).u64(0x10).u32(0).u32(Flags.RELEASE_FLOCK_UNLOCK)
                    .u64(0x99).build()), 0x143);
        }

        @Test
        @DisplayName("OPENDIR gives handle 0 by default")
        void opendir() throws Exception {
            mount(new SessionTest.EmptyFs());
            assertBytes(hex(
                    "20 00 00 00 00 00 00 00", // len=32, error=0
                    "44 01 00 00 00 00 00 00", // unique=0x144
                    "00 00 00 00 00 00 00 00", // fuse_open_out: fh=0
                    "00 00 00 00 00 00 00 00"  // open_flags=0, backing_id=0
            ), call(wellFormed(Opcode.OPENDIR, 0x144)).bytes());
        }

        @Test
        @DisplayName("STATFS gives StatFs.EMPTY by default: zeros, bsize 512, namelen 255")
        void statfs() throws Exception {
            mount(new SessionTest.EmptyFs());
            assertEquals(new StatFs(0, 0, 0, 0, 0, 512, 255, 0), StatFs.EMPTY);
            assertBytes(hex(
                    "60 00 00 00 00 00 00 00", // len=96, error=0
                    "45 01 00 00 00 00 00 00", // unique=0x145
                    "00 00 00 00 00 00 00 00", // fuse_kstatfs: blocks=0
                    "00 00 00 00 00 00 00 00", // bfree=0
                    "00 00 00 00 00 00 00 00", // bavail=0
                    "00 00 00 00 00 00 00 00", // files=0
                    "00 00 00 00 00 00 00 00", // ffree=0
                    "00 02 00 00 ff 00 00 00", // bsize=512, namelen=255
                    "00 00 00 00 00 00 00 00", // frsize=0, padding=0
                    "00 00 00 00 00 00 00 00", // spare
                    "00 00 00 00 00 00 00 00", // spare
                    "00 00 00 00 00 00 00 00"  // spare
            ), call(req(Opcode.STATFS, 0x145, 1).build()).bytes());
        }

        @Test
        @DisplayName("DESTROY succeeds by default")
        void destroy() throws Exception {
            mount(new SessionTest.EmptyFs());
            assertEmptySuccess(call(req(Opcode.DESTROY, 0x146, 0).build()), 0x146);
        }
    }
}
