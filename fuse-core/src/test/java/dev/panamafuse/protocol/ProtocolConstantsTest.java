package dev.panamafuse.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks every opcode, notification code, flag and ioctl number of the protocol package against
 * the values of the C header of protocol 7.45, carried below as copied from
 * {@code fuse-kernel-7.45/constants.tsv}.
 */
class ProtocolConstantsTest {

    /**
     * {@code kind NAME=value ...}: kind is {@code opcode} ({@code enum fuse_opcode}),
     * {@code notify} ({@code enum fuse_notify_code}), {@code ext} ({@code enum fuse_ext_type}),
     * {@code uring} ({@code enum fuse_uring_cmd}) or {@code define}; values are unsigned 64-bit
     * decimals, as the C compiler evaluated them.
     */
    private static final String MEASURED = """
            ext    FUSE_MAX_NR_SECCTX=31 FUSE_EXT_GROUPS=32
            opcode FUSE_LOOKUP=1 FUSE_FORGET=2 FUSE_GETATTR=3 FUSE_SETATTR=4 FUSE_READLINK=5
            opcode FUSE_SYMLINK=6 FUSE_MKNOD=8 FUSE_MKDIR=9 FUSE_UNLINK=10 FUSE_RMDIR=11 FUSE_RENAME=12
            opcode FUSE_LINK=13 FUSE_OPEN=14 FUSE_READ=15 FUSE_WRITE=16 FUSE_STATFS=17 FUSE_RELEASE=18
            opcode FUSE_FSYNC=20 FUSE_SETXATTR=21 FUSE_GETXATTR=22 FUSE_LISTXATTR=23 FUSE_REMOVEXATTR=24
            opcode FUSE_FLUSH=25 FUSE_INIT=26 FUSE_OPENDIR=27 FUSE_READDIR=28 FUSE_RELEASEDIR=29
            opcode FUSE_FSYNCDIR=30 FUSE_GETLK=31 FUSE_SETLK=32 FUSE_SETLKW=33 FUSE_ACCESS=34
            opcode FUSE_CREATE=35 FUSE_INTERRUPT=36 FUSE_BMAP=37 FUSE_DESTROY=38 FUSE_IOCTL=39
            opcode FUSE_POLL=40 FUSE_NOTIFY_REPLY=41 FUSE_BATCH_FORGET=42 FUSE_FALLOCATE=43
            opcode FUSE_READDIRPLUS=44 FUSE_RENAME2=45 FUSE_LSEEK=46 FUSE_COPY_FILE_RANGE=47
            opcode FUSE_SETUPMAPPING=48 FUSE_REMOVEMAPPING=49 FUSE_SYNCFS=50 FUSE_TMPFILE=51
            opcode FUSE_STATX=52 FUSE_COPY_FILE_RANGE_64=53 CUSE_INIT=4096
            opcode CUSE_INIT_BSWAP_RESERVED=1048576 FUSE_INIT_BSWAP_RESERVED=436207616
            notify FUSE_NOTIFY_POLL=1 FUSE_NOTIFY_INVAL_INODE=2 FUSE_NOTIFY_INVAL_ENTRY=3
            notify FUSE_NOTIFY_STORE=4 FUSE_NOTIFY_RETRIEVE=5 FUSE_NOTIFY_DELETE=6 FUSE_NOTIFY_RESEND=7
            notify FUSE_NOTIFY_INC_EPOCH=8 FUSE_NOTIFY_PRUNE=9
            uring  FUSE_IO_URING_CMD_INVALID=0 FUSE_IO_URING_CMD_REGISTER=1
            uring  FUSE_IO_URING_CMD_COMMIT_AND_FETCH=2
            define CUSE_INIT_INFO_MAX=4096 CUSE_UNRESTRICTED_IOCTL=1 FATTR_ATIME=16 FATTR_ATIME_NOW=128
            define FATTR_CTIME=1024 FATTR_FH=64 FATTR_GID=4 FATTR_KILL_SUIDGID=2048 FATTR_LOCKOWNER=512
            define FATTR_MODE=1 FATTR_MTIME=32 FATTR_MTIME_NOW=256 FATTR_SIZE=8 FATTR_UID=2
            define FOPEN_CACHE_DIR=8 FOPEN_DIRECT_IO=1 FOPEN_KEEP_CACHE=2 FOPEN_NOFLUSH=32
            define FOPEN_NONSEEKABLE=4 FOPEN_PARALLEL_DIRECT_WRITES=64 FOPEN_PASSTHROUGH=128
            define FOPEN_STREAM=16 FUSE_ABORT_ERROR=2097152 FUSE_ALLOW_IDMAP=1099511627776
            define FUSE_ASYNC_DIO=32768 FUSE_ASYNC_READ=1 FUSE_ATOMIC_O_TRUNC=8 FUSE_ATTR_DAX=2
            define FUSE_ATTR_SUBMOUNT=1 FUSE_AUTO_INVAL_DATA=4096 FUSE_BIG_WRITES=32
            define FUSE_CACHE_SYMLINKS=8388608 FUSE_COMPAT_22_INIT_OUT_SIZE=24
            define FUSE_COMPAT_ATTR_OUT_SIZE=96 FUSE_COMPAT_ENTRY_OUT_SIZE=120
            define FUSE_COMPAT_INIT_OUT_SIZE=8 FUSE_COMPAT_MKNOD_IN_SIZE=8
            define FUSE_COMPAT_SETXATTR_IN_SIZE=8 FUSE_COMPAT_STATFS_SIZE=48
            define FUSE_COMPAT_WRITE_IN_SIZE=24 FUSE_CREATE_SUPP_GROUP=17179869184
            define FUSE_DEV_IOC_BACKING_CLOSE=1074062594 FUSE_DEV_IOC_BACKING_OPEN=1074849025
            define FUSE_DEV_IOC_CLONE=2147804416 FUSE_DEV_IOC_MAGIC=229 FUSE_DEV_IOC_SYNC_INIT=58627
            define FUSE_DIRECT_IO_ALLOW_MMAP=68719476736 FUSE_DIRECT_IO_RELAX=68719476736
            define FUSE_DONT_MASK=64 FUSE_DO_READDIRPLUS=8192 FUSE_EXPIRE_ONLY=1
            define FUSE_EXPLICIT_INVAL_DATA=33554432 FUSE_EXPORT_SUPPORT=16 FUSE_FILE_OPS=4
            define FUSE_FLOCK_LOCKS=1024 FUSE_FSYNC_FDATASYNC=1 FUSE_GETATTR_FH=1
            define FUSE_HANDLE_KILLPRIV=524288 FUSE_HANDLE_KILLPRIV_V2=268435456
            define FUSE_HAS_EXPIRE_ONLY=34359738368 FUSE_HAS_INODE_DAX=8589934592
            define FUSE_HAS_IOCTL_DIR=2048 FUSE_HAS_RESEND=549755813888 FUSE_INIT_EXT=1073741824
            define FUSE_INIT_RESERVED=18446744071562067968 FUSE_INVALID_UIDGID=4294967295
            define FUSE_IOCTL_32BIT=8 FUSE_IOCTL_COMPAT=1 FUSE_IOCTL_COMPAT_X32=32 FUSE_IOCTL_DIR=16
            define FUSE_IOCTL_MAX_IOV=256 FUSE_IOCTL_RETRY=4 FUSE_IOCTL_UNRESTRICTED=2
            define FUSE_KERNEL_MINOR_VERSION=45 FUSE_KERNEL_VERSION=7 FUSE_LK_FLOCK=1
            define FUSE_MAP_ALIGNMENT=67108864 FUSE_MAX_PAGES=4194304 FUSE_MIN_READ_BUFFER=8192
            define FUSE_NAME_OFFSET=24 FUSE_NAME_OFFSET_DIRENTPLUS=152
            define FUSE_NO_EXPORT_SUPPORT=274877906944 FUSE_NO_OPENDIR_SUPPORT=16777216
            define FUSE_NO_OPEN_SUPPORT=131072 FUSE_OPEN_KILL_SUIDGID=1 FUSE_OVER_IO_URING=2199023255552
            define FUSE_PARALLEL_DIROPS=262144 FUSE_PASSTHROUGH=137438953472 FUSE_POLL_SCHEDULE_NOTIFY=1
            define FUSE_POSIX_ACL=1048576 FUSE_POSIX_LOCKS=2 FUSE_READDIRPLUS_AUTO=16384
            define FUSE_READ_LOCKOWNER=2 FUSE_RELEASE_FLOCK_UNLOCK=2 FUSE_RELEASE_FLUSH=1
            define FUSE_REQUEST_TIMEOUT=4398046511104 FUSE_ROOT_ID=1 FUSE_SECURITY_CTX=4294967296
            define FUSE_SETUPMAPPING_FLAG_READ=2 FUSE_SETUPMAPPING_FLAG_WRITE=1
            define FUSE_SETXATTR_ACL_KILL_SGID=1 FUSE_SETXATTR_EXT=536870912 FUSE_SPLICE_MOVE=256
            define FUSE_SPLICE_READ=512 FUSE_SPLICE_WRITE=128 FUSE_SUBMOUNTS=134217728
            define FUSE_UNIQUE_RESEND=9223372036854775808 FUSE_URING_IN_OUT_HEADER_SZ=128
            define FUSE_URING_OP_IN_OUT_SZ=128 FUSE_WRITEBACK_CACHE=65536 FUSE_WRITE_CACHE=1
            define FUSE_WRITE_KILL_PRIV=4 FUSE_WRITE_KILL_SUIDGID=4 FUSE_WRITE_LOCKOWNER=2
            """;

    /** Classes whose public static final int/long fields are protocol constants. */
    private static final Class<?>[] CONSTANT_CLASSES = {
        Kernel.class, InitFlags.class, OperationFlags.class,
    };

    /** Constants of this library that are not in the header, with their expected values. */
    private static final Map<String, Long> OWN = Map.of("Kernel.MIN_MINOR", 28L);

    private record Row(String kind, String name, long value) {
    }

    private static Map<String, Row> measured() {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : MEASURED.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] tokens = line.trim().split(" +");
            for (int i = 1; i < tokens.length; i++) {
                String[] nv = tokens[i].split("=");
                Row row = new Row(tokens[0], nv[0], Long.parseUnsignedLong(nv[1]));
                assertNull(rows.put(row.name(), row), "duplicate " + row.name());
            }
        }
        return rows;
    }

    private static Map<String, Row> measured(String kind) {
        Map<String, Row> rows = new LinkedHashMap<>();
        measured().values().stream().filter(r -> r.kind().equals(kind))
                .forEach(r -> rows.put(r.name(), r));
        return rows;
    }

    @Test
    void opcodesMatchTheHeader() {
        Map<String, Row> rows = measured("opcode");
        int checked = 0;
        for (Row row : rows.values()) {
            if (row.name().endsWith("_BSWAP_RESERVED")) {
                continue; // not requests; checked as Kernel constants
            }
            Opcode op = Opcode.valueOf(row.name().replaceFirst("^FUSE_", ""));
            assertEquals(row.name(), op.kernelName());
            assertEquals(row.value(), op.code(), row.name());
            checked++;
        }
        assertEquals(Opcode.values().length, checked, "every opcode is in the header");
        assertEquals(rows.size() - 2, checked);
    }

    @Test
    void opcodeLookupRoundTripsAndRejectsOtherValues() {
        Set<Integer> codes = new HashSet<>();
        for (Opcode op : Opcode.values()) {
            assertSame(op, Opcode.of(op.code()), op.kernelName());
            codes.add(op.code());
        }
        for (int code : new int[] {0, 7, 19, 54, -1, 100000, 4095, 4097, Integer.MIN_VALUE,
                Integer.MAX_VALUE, Kernel.FUSE_INIT_BSWAP_RESERVED,
                Kernel.CUSE_INIT_BSWAP_RESERVED}) {
            assertNull(Opcode.of(code), "code " + code);
        }
        for (int code = -64; code <= 8192; code++) {
            assertEquals(codes.contains(code), Opcode.of(code) != null, "code " + code);
        }
    }

    @Test
    void opcodeSinceAndReply() {
        Map<Opcode, Integer> since = new LinkedHashMap<>();
        since.put(Opcode.LOOKUP, 0);
        since.put(Opcode.INIT, 0);
        since.put(Opcode.WRITE, 1);
        since.put(Opcode.FSYNCDIR, 2);
        since.put(Opcode.CREATE, 3);
        since.put(Opcode.SETLKW, 7);
        since.put(Opcode.INTERRUPT, 7);
        since.put(Opcode.BMAP, 8);
        since.put(Opcode.DESTROY, 8);
        since.put(Opcode.IOCTL, 11);
        since.put(Opcode.POLL, 11);
        since.put(Opcode.NOTIFY_REPLY, 15);
        since.put(Opcode.BATCH_FORGET, 16);
        since.put(Opcode.FALLOCATE, 19);
        since.put(Opcode.READDIRPLUS, 21);
        since.put(Opcode.RENAME2, 23);
        since.put(Opcode.LSEEK, 24);
        since.put(Opcode.COPY_FILE_RANGE, 28);
        since.put(Opcode.SETUPMAPPING, 31);
        since.put(Opcode.REMOVEMAPPING, 31);
        since.put(Opcode.SYNCFS, 34);
        since.put(Opcode.TMPFILE, 37);
        since.put(Opcode.STATX, 39);
        since.put(Opcode.COPY_FILE_RANGE_64, 45);
        since.forEach((op, minor) -> assertEquals(minor, op.since(), op.kernelName()));
        for (Opcode op : Opcode.values()) {
            assertTrue(op.since() >= 0 && op.since() <= Kernel.FUSE_KERNEL_MINOR_VERSION);
            boolean noReply = op == Opcode.FORGET || op == Opcode.BATCH_FORGET
                    || op == Opcode.NOTIFY_REPLY;
            assertEquals(!noReply, op.hasReply(), op.kernelName());
        }
    }

    @Test
    void notifyCodesMatchTheHeader() {
        Map<String, Row> rows = measured("notify");
        assertEquals(rows.size(), NotifyCode.values().length);
        for (NotifyCode c : NotifyCode.values()) {
            Row row = rows.get(c.kernelName());
            assertNotNull(row, c.kernelName());
            assertEquals(row.value(), c.code(), c.kernelName());
            assertSame(c, NotifyCode.of(c.code()));
            assertTrue(c.since() >= 11 && c.since() <= Kernel.FUSE_KERNEL_MINOR_VERSION);
        }
        assertNull(NotifyCode.of(0));
        assertNull(NotifyCode.of(10));
        assertNull(NotifyCode.of(-1));
        assertEquals(45, NotifyCode.PRUNE.since());
        assertEquals(40, NotifyCode.RESEND.since());
    }

    /**
     * Every public constant of the flag and kernel classes equals the header's value of the same
     * name (the Java name, or the Java name with {@code FUSE_} put back), and every constant of
     * the header other than the opcodes and notification codes has such a Java constant.
     */
    @Test
    void everyDefinedConstantMatchesTheHeader() throws IllegalAccessException {
        Map<String, Row> rows = measured();
        Set<String> matched = new HashSet<>();
        for (Class<?> c : CONSTANT_CLASSES) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (!Modifier.isPublic(mod)) {
                    continue;
                }
                assertTrue(Modifier.isStatic(mod) && Modifier.isFinal(mod), f.toString());
                String where = c.getSimpleName() + "." + f.getName();
                long value;
                if (f.getType() == int.class) {
                    value = Integer.toUnsignedLong(f.getInt(null));
                } else if (f.getType() == long.class) {
                    value = f.getLong(null);
                } else {
                    throw new AssertionError(where + " is neither int nor long");
                }
                if (OWN.containsKey(where)) {
                    assertEquals(OWN.get(where), value, where);
                    continue;
                }
                Row row = rows.get(f.getName());
                if (row == null) {
                    row = rows.get("FUSE_" + f.getName());
                }
                assertNotNull(row, where + " has no counterpart in the header");
                matched.add(row.name());
                if (row.name().equals("FUSE_INIT_RESERVED")) {
                    // C evaluates (1 << 31) as a negative int that widens to 0xffffffff80000000;
                    // the flag itself is bit 31 of the 32-bit flags word.
                    assertEquals((int) row.value(), (int) value, where);
                    assertEquals(1L << 31, value, where);
                } else {
                    assertEquals(row.value(), value, where);
                }
            }
        }
        for (Row row : rows.values()) {
            boolean enumConstant = row.kind().equals("notify")
                    || row.kind().equals("opcode") && !row.name().endsWith("_BSWAP_RESERVED");
            if (!enumConstant) {
                assertTrue(matched.contains(row.name()), row.name() + " is not defined");
            }
        }
    }

    @Test
    void versionsAndIoctls() {
        assertEquals(7, Kernel.FUSE_KERNEL_VERSION);
        assertEquals(45, Kernel.KERNEL_MINOR_VERSION);
        assertEquals(28, Kernel.MIN_MINOR);
        assertEquals(0x8004E500L, Kernel.FUSE_DEV_IOC_CLONE);
        assertEquals(0x4010E501L, Kernel.FUSE_DEV_IOC_BACKING_OPEN);
        assertEquals(0x4004E502L, Kernel.FUSE_DEV_IOC_BACKING_CLOSE);
        assertEquals(0xE503L, Kernel.FUSE_DEV_IOC_SYNC_INIT);
        assertEquals(Long.MIN_VALUE, Kernel.FUSE_UNIQUE_RESEND);
        assertEquals(-1, Kernel.FUSE_INVALID_UIDGID);
    }

    @Test
    void initFlagsSplitAndCombine() {
        long word = InitFlags.FUSE_ASYNC_READ | InitFlags.FUSE_INIT_RESERVED
                | InitFlags.FUSE_SECURITY_CTX | InitFlags.FUSE_REQUEST_TIMEOUT;
        assertEquals(0x8000_0001, InitFlags.low(word));
        assertEquals(1 | 1 << 10, InitFlags.high(word));
        assertEquals(word, InitFlags.combine(InitFlags.low(word), InitFlags.high(word)));
        assertEquals(-1L, InitFlags.combine(-1, -1));
    }

    @Test
    void describeNamesEveryBitLikeItsConstant() throws IllegalAccessException {
        assertDescribesOwnBits(InitFlags.class, "", bit -> InitFlags.describe(bit));
        assertDescribesOwnBits(OperationFlags.class, "FOPEN_", bit -> OperationFlags.describeOpenFlags((int) bit));
        assertDescribesOwnBits(OperationFlags.class, "FATTR_", bit -> OperationFlags.describeSetattrValid((int) bit));
        assertEquals("0", InitFlags.describe(0));
        assertEquals("FUSE_ASYNC_READ|FUSE_SECURITY_CTX|0x4000000000000", InitFlags.describe(
                InitFlags.FUSE_ASYNC_READ | InitFlags.FUSE_SECURITY_CTX | 1L << 50));
        assertEquals("0x8000000000000000", InitFlags.describe(Long.MIN_VALUE));
        assertEquals("FOPEN_DIRECT_IO|FOPEN_KEEP_CACHE|0x80000000",
                OperationFlags.describeOpenFlags(OperationFlags.FOPEN_DIRECT_IO | OperationFlags.FOPEN_KEEP_CACHE
                        | Integer.MIN_VALUE));
        assertEquals("FATTR_MODE|FATTR_SIZE",
                OperationFlags.describeSetattrValid(OperationFlags.FATTR_MODE | OperationFlags.FATTR_SIZE));
    }

    private static void assertDescribesOwnBits(Class<?> c, String prefix,
            java.util.function.LongFunction<String> describe) throws IllegalAccessException {
        for (Field f : c.getDeclaredFields()) {
            if (!Modifier.isPublic(f.getModifiers()) || f.isAnnotationPresent(Deprecated.class)
                    || !f.getName().startsWith(prefix)) {
                continue;
            }
            long bit = f.getType() == int.class ? Integer.toUnsignedLong(f.getInt(null))
                    : f.getLong(null);
            assertEquals(1, Long.bitCount(bit), f.getName() + " is one bit");
            assertEquals(f.getName(), describe.apply(bit), f.getName());
        }
    }
}
