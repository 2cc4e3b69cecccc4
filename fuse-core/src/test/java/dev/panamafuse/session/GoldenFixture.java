package dev.panamafuse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.panamafuse.Statx;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.ReplyView;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * What the golden-frame tests of the operation families share: a session over a
 * {@link FakeChannel} after a 7.45 INIT, with {@code entry_timeout=1.5 s} and
 * {@code attr_timeout=2 s}; a {@link RecordingFs} that records every handler call as one line and
 * returns a fixed answer; golden attribute rows; and helpers to send a frame and check a reply.
 * Each family's test class ({@link EntryOpsGoldenTest}, {@link AttrOpsGoldenTest},
 * {@link FileOpsGoldenTest}, {@link DirOpsGoldenTest}, {@link XattrOpsGoldenTest},
 * {@link LockOpsGoldenTest}, {@link ControlOpsGoldenTest}, {@link DefaultsGoldenTest}) writes each
 * request out as hex rows with a field comment per row, checks the arguments the
 * {@link FileSystem} handler receives, and compares the reply bytes with a golden hex dump.
 *
 * <p>All frames come from uid 1000, gid 1000, pid 4242 ({@code e8 03}, {@code e8 03},
 * {@code 92 10}) unless said otherwise.
 */
abstract class GoldenFixture {
    static final Duration T = SessionTest.T;
    static final Duration QUIET = SessionTest.QUIET;
    static final Instant TIME = SessionTest.TIME;
    static final HexFormat HEX = HexFormat.of();

    /** {@code F_GETLK}'s "to the end of the file": the kernel's {@code OFFSET_MAX}. */
    static final long OFFSET_MAX = Long.MAX_VALUE;
    static final int LOCK_SH = 1;
    static final int LOCK_EX = 2;
    static final int LOCK_NB = 4;
    static final int LOCK_UN = 8;
    static final int STATX_BASIC_STATS = 0x7ff;
    static final int STATX_BTIME = 0x800;

    /** The reply header rows of a bare success: the frames share them, only the unique differs. */
    static final String OK_LEN_16 = "10 00 00 00 00 00 00 00"; // len=16, error=0

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

    final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    FakeChannel channel;
    Session session;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (session != null) {
            session.stop();
            channel.close();
            assertTrue(session.awaitEnd(Duration.ofSeconds(10)), "the session should end after close");
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    void start(FileSystem fs) {
        channel = new FakeChannel();
        session = new Session(fs, channel, MountOptions.builder().unmountGrace(Duration.ofSeconds(2))
                .entryTimeout(Duration.ofMillis(1500)).attrTimeout(Duration.ofSeconds(2)).build());
    }

    /** Starts a session and completes INIT as a 7.45 kernel offering {@code offered}. */
    void mount(FileSystem fs, long offered) throws Exception {
        start(fs);
        session.start();
        channel.send(Frames.initExt(1, 7, 45, SessionTest.READAHEAD, offered));
        ReplyView r = channel.reply(T);
        assertEquals(0, r.error(), r::toString);
        session.awaitInit(T);
    }

    void mount(FileSystem fs) throws Exception {
        mount(fs, SessionTest.K45);
    }

    /** The session's dispatcher, to see what INIT decided (and to force the extended SETXATTR body). */
    static Dispatcher dispatcher(Session s) throws ReflectiveOperationException {
        Field f = Session.class.getDeclaredField("dispatcher");
        f.setAccessible(true);
        return (Dispatcher) f.get(s);
    }

    /** A request frame from uid 1000, gid 1000, pid 4242, for the variants that need no golden request. */
    static Frames.Request req(Opcode op, long unique, long nodeid) {
        return Frames.request(op.code(), unique, nodeid).uid(1000).gid(1000).pid(4242);
    }

    ReplyView call(byte[] frame) {
        channel.send(frame);
        return channel.reply(T);
    }

    static void assertError(ReplyView r, long unique, Errno errno) {
        assertEquals(16, r.len(), r::toString);
        assertEquals(-errno.code(), r.error(), () -> "expected -" + errno + ": " + r);
        assertEquals(unique, r.unique(), r::toString);
    }

    static void assertEmptySuccess(ReplyView r, long unique) {
        assertEquals(16, r.len(), r::toString);
        assertEquals(0, r.error(), r::toString);
        assertEquals(unique, r.unique(), r::toString);
    }

    static String[] rows(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[]::new);
    }

    String nextCall() throws InterruptedException {
        String c = calls.poll(T.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(c, "no handler call within " + T);
        return c;
    }

    void assertNoMoreCalls() {
        assertTrue(calls.isEmpty(), () -> "unexpected handler calls: " + calls);
    }

    static String hexOf(MemorySegment s) {
        return HEX.formatHex(s.toArray(ValueLayout.JAVA_BYTE));
    }

    static String octal(int v) {
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

    /** A well-formed request for {@code op}: its argument struct and names, as the kernel would send it. */
    static byte[] wellFormed(Opcode op, long unique) {
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
}
