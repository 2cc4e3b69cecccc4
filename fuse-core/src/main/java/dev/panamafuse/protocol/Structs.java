package dev.panamafuse.protocol;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * Memory layouts of the core structs of {@code include/uapi/linux/fuse.h} (protocol 7.45): the
 * message headers, the shared nested structs, INIT negotiation and the request extensions, plus the
 * {@link #offset(StructLayout, String)} helper. Request bodies are in {@link RequestStructs}, reply
 * bodies in {@link ReplyStructs}, notifications in {@link NotifyStructs} and the device-level
 * structs in {@link DeviceStructs}.
 *
 * <p>Every layout is named after its C struct and every member after its C field. C integer types
 * map to {@code JAVA_LONG} / {@code JAVA_INT} / {@code JAVA_SHORT} / {@code JAVA_BYTE} (native byte
 * order, natural alignment), fixed arrays to sequence layouts and nested structs to nested
 * layouts. The header pads every struct explicitly (fields named {@code padding}, {@code dummy},
 * {@code unused}, …), so no struct of 7.45 has compiler-inserted padding; those C fields are kept as
 * named value layouts because the protocol expects them to be written as zero. A flexible array
 * member is a zero-length sequence, so the layout ends where the array starts.
 *
 * <p>Unsigned C fields are read into signed Java types; use {@link Integer#toUnsignedLong(int)} and
 * friends where the value may exceed the signed range.
 */
public final class Structs {

    private Structs() {
    }

    /**
     * The byte offset of a top-level field of a layout, for deriving {@code static final long}
     * offset constants.
     *
     * @param layout a struct layout of this package
     * @param field the C field name
     * @return {@code layout.byteOffset(PathElement.groupElement(field))}
     * @throws IllegalArgumentException if the layout has no such field
     */
    public static long offset(StructLayout layout, String field) {
        return layout.byteOffset(PathElement.groupElement(field));
    }

    /**
     * The byte offset of a field reached through nested structs, e.g.
     * {@code offset(FUSE_DIRENTPLUS, "dirent", "name")}.
     *
     * @param layout a struct layout of this package
     * @param path the C field names, outermost first
     * @return the byte offset of the innermost field from the start of {@code layout}
     * @throws IllegalArgumentException if the path does not name a field
     */
    public static long offset(StructLayout layout, String... path) {
        PathElement[] elements = new PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = PathElement.groupElement(path[i]);
        }
        return layout.byteOffset(elements);
    }

    // Package-private shorthands shared by the layout classes of this package.

    static ValueLayout u64(String name) {
        return JAVA_LONG.withName(name);
    }

    static ValueLayout u32(String name) {
        return JAVA_INT.withName(name);
    }

    static ValueLayout u16(String name) {
        return JAVA_SHORT.withName(name);
    }

    static SequenceLayout array(long count, ValueLayout element, String name) {
        return MemoryLayout.sequenceLayout(count, element).withName(name);
    }

    static SequenceLayout chars(long count, String name) {
        return array(count, JAVA_BYTE, name);
    }

    static StructLayout struct(String name, MemoryLayout... members) {
        return MemoryLayout.structLayout(members).withName(name);
    }

    // ---------------------------------------------------------------- headers

    /**
     * {@code struct fuse_in_header} (40 bytes): the header of every request read from the device.
     * {@code total_extlen} (length of the request extensions in 8-byte units) since 7.38; it was
     * padding before.
     */
    public static final StructLayout FUSE_IN_HEADER = struct("fuse_in_header",
            u32("len"), u32("opcode"), u64("unique"), u64("nodeid"),
            u32("uid"), u32("gid"), u32("pid"), u16("total_extlen"), u16("padding"));

    /**
     * {@code struct fuse_out_header} (16 bytes): the header of every reply and notification written
     * to the device; {@code error} is a negated errno, or a notification code when
     * {@code unique} is 0.
     */
    public static final StructLayout FUSE_OUT_HEADER = struct("fuse_out_header",
            u32("len"), u32("error"), u64("unique"));

    // ---------------------------------------------------------------- shared nested structs

    /**
     * {@code struct fuse_attr} (88 bytes): inode attributes, nested in {@code fuse_entry_out},
     * {@code fuse_attr_out} and {@code fuse_direntplus}. {@code blksize} since 7.9 (the 7.8 struct
     * ended before it, see {@link Kernel#FUSE_COMPAT_ATTR_OUT_SIZE}); {@code flags}
     * ({@code FUSE_ATTR_*}) since 7.32, padding before.
     */
    public static final StructLayout FUSE_ATTR = struct("fuse_attr",
            u64("ino"), u64("size"), u64("blocks"), u64("atime"), u64("mtime"), u64("ctime"),
            u32("atimensec"), u32("mtimensec"), u32("ctimensec"), u32("mode"), u32("nlink"),
            u32("uid"), u32("gid"), u32("rdev"), u32("blksize"), u32("flags"));

    /**
     * {@code struct fuse_sx_time} (16 bytes): a {@code statx} timestamp, nested in
     * {@code fuse_statx}. Since 7.39.
     */
    public static final StructLayout FUSE_SX_TIME = struct("fuse_sx_time",
            u64("tv_sec"), u32("tv_nsec"), u32("__reserved"));

    /**
     * {@code struct fuse_statx} (256 bytes): attributes in the {@code statx(2)} ABI, nested in
     * {@code fuse_statx_out}; the four timestamps are nested {@link #FUSE_SX_TIME}. Since 7.39.
     */
    public static final StructLayout FUSE_STATX = struct("fuse_statx",
            u32("mask"), u32("blksize"), u64("attributes"),
            u32("nlink"), u32("uid"), u32("gid"), u16("mode"), array(1, JAVA_SHORT, "__spare0"),
            u64("ino"), u64("size"), u64("blocks"), u64("attributes_mask"),
            FUSE_SX_TIME.withName("atime"), FUSE_SX_TIME.withName("btime"),
            FUSE_SX_TIME.withName("ctime"), FUSE_SX_TIME.withName("mtime"),
            u32("rdev_major"), u32("rdev_minor"), u32("dev_major"), u32("dev_minor"),
            array(14, JAVA_LONG, "__spare2"));

    /**
     * {@code struct fuse_kstatfs} (80 bytes): file-system statistics, nested in
     * {@code fuse_statfs_out}. {@code frsize} since 7.4 (the older reply was
     * {@link Kernel#FUSE_COMPAT_STATFS_SIZE} bytes).
     */
    public static final StructLayout FUSE_KSTATFS = struct("fuse_kstatfs",
            u64("blocks"), u64("bfree"), u64("bavail"), u64("files"), u64("ffree"),
            u32("bsize"), u32("namelen"), u32("frsize"), u32("padding"),
            array(6, JAVA_INT, "spare"));

    /**
     * {@code struct fuse_file_lock} (24 bytes): a POSIX lock range, nested in {@code fuse_lk_in}
     * and {@code fuse_lk_out}; {@code pid} is the owner's thread-group id. Since 7.7.
     */
    public static final StructLayout FUSE_FILE_LOCK = struct("fuse_file_lock",
            u64("start"), u64("end"), u32("type"), u32("pid"));

    // ---------------------------------------------------------------- INIT

    /**
     * {@code struct fuse_init_in} (64 bytes): body of {@code FUSE_INIT}. {@code max_readahead} and
     * {@code flags} since 7.6; {@code flags2} (INIT flag bits 32..63) and the {@code unused}
     * reserve since 7.36, sent only when the kernel sets {@code FUSE_INIT_EXT} (the request body
     * is 16 bytes otherwise).
     */
    public static final StructLayout FUSE_INIT_IN = struct("fuse_init_in",
            u32("major"), u32("minor"), u32("max_readahead"), u32("flags"), u32("flags2"),
            array(11, JAVA_INT, "unused"));

    /**
     * {@code struct fuse_init_out} (64 bytes): reply to {@code FUSE_INIT}. {@code flags} and
     * {@code max_write} since 7.5 ({@link Kernel#FUSE_COMPAT_INIT_OUT_SIZE} before),
     * {@code max_readahead} 7.6, {@code max_background} and {@code congestion_threshold} 7.13,
     * {@code time_gran} and the reserve 7.23 ({@link Kernel#FUSE_COMPAT_22_INIT_OUT_SIZE} before),
     * {@code max_pages} 7.28, {@code map_alignment} 7.31, {@code flags2} 7.36,
     * {@code max_stack_depth} 7.40, {@code request_timeout} 7.43.
     */
    public static final StructLayout FUSE_INIT_OUT = struct("fuse_init_out",
            u32("major"), u32("minor"), u32("max_readahead"), u32("flags"),
            u16("max_background"), u16("congestion_threshold"), u32("max_write"), u32("time_gran"),
            u16("max_pages"), u16("map_alignment"), u32("flags2"), u32("max_stack_depth"),
            u16("request_timeout"), array(11, JAVA_SHORT, "unused"));

    /**
     * {@code struct cuse_init_in} (16 bytes): body of {@code CUSE_INIT} (CUSE, 7.11);
     * {@code flags} holds {@code CUSE_*} bits.
     */
    public static final StructLayout CUSE_INIT_IN = struct("cuse_init_in",
            u32("major"), u32("minor"), u32("unused"), u32("flags"));

    /**
     * {@code struct cuse_init_out} (72 bytes): reply to {@code CUSE_INIT}, followed by up to
     * {@link Kernel#CUSE_INIT_INFO_MAX} bytes of device info strings (CUSE, 7.11).
     */
    public static final StructLayout CUSE_INIT_OUT = struct("cuse_init_out",
            u32("major"), u32("minor"), u32("unused"), u32("flags"), u32("max_read"),
            u32("max_write"), u32("dev_major"), u32("dev_minor"), array(10, JAVA_INT, "spare"));

    // ---------------------------------------------------------------- request extensions

    /**
     * {@code struct fuse_secctx} (8 bytes): one security context of a create-type request,
     * followed by the context name and its value. Since 7.36 ({@code FUSE_SECURITY_CTX}).
     */
    public static final StructLayout FUSE_SECCTX = struct("fuse_secctx",
            u32("size"), u32("padding"));

    /**
     * {@code struct fuse_secctx_header} (8 bytes): count and total size of the
     * {@code fuse_secctx} entries that follow. Since 7.36.
     */
    public static final StructLayout FUSE_SECCTX_HEADER = struct("fuse_secctx_header",
            u32("size"), u32("nr_secctx"));

    /**
     * {@code struct fuse_ext_header} (8 bytes): header of one request extension; {@code size}
     * includes this header, {@code type} is above {@link Flags#MAX_NR_SECCTX} (e.g.
     * {@link Flags#EXT_GROUPS}). Since 7.38.
     */
    public static final StructLayout FUSE_EXT_HEADER = struct("fuse_ext_header",
            u32("size"), u32("type"));

    /**
     * {@code struct fuse_supp_groups} (4 bytes, then {@code nr_groups} 32-bit group ids): the
     * supplementary-group extension. The layout ends at the flexible array {@code groups}
     * (a zero-length member at offset 4). Since 7.38 ({@code FUSE_CREATE_SUPP_GROUP}).
     */
    public static final StructLayout FUSE_SUPP_GROUPS = struct("fuse_supp_groups",
            u32("nr_groups"), array(0, JAVA_INT, "groups"));
}
