package dev.panamafuse.ffm.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct statx} (256 bytes, the same on every Linux architecture) and readers of its
 * fields, for the buffer {@link LibcAt#statx} fills. Unsigned fields are returned as Java
 * {@code int}/{@code long} bit patterns.
 */
public final class StatxStruct {

    /** {@code struct statx_timestamp { __s64 tv_sec; __u32 tv_nsec; __s32 reserved; }} (16 bytes). */
    public static final StructLayout TIMESTAMP = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_INT.withName("tv_nsec"), JAVA_INT.withName("reserved"))
            .withName("statx_timestamp");

    /** {@code struct statx}: the fields up to {@code stx_mnt_id}, padded to 256 bytes. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("stx_mask"),
            JAVA_INT.withName("stx_blksize"),
            JAVA_LONG.withName("stx_attributes"),
            JAVA_INT.withName("stx_nlink"),
            JAVA_INT.withName("stx_uid"),
            JAVA_INT.withName("stx_gid"),
            JAVA_SHORT.withName("stx_mode"),
            MemoryLayout.paddingLayout(2),
            JAVA_LONG.withName("stx_ino"),
            JAVA_LONG.withName("stx_size"),
            JAVA_LONG.withName("stx_blocks"),
            JAVA_LONG.withName("stx_attributes_mask"),
            TIMESTAMP.withName("stx_atime"),
            TIMESTAMP.withName("stx_btime"),
            TIMESTAMP.withName("stx_ctime"),
            TIMESTAMP.withName("stx_mtime"),
            JAVA_INT.withName("stx_rdev_major"),
            JAVA_INT.withName("stx_rdev_minor"),
            JAVA_INT.withName("stx_dev_major"),
            JAVA_INT.withName("stx_dev_minor"),
            JAVA_LONG.withName("stx_mnt_id"),
            MemoryLayout.paddingLayout(104)).withName("statx");

    /** Offset of {@code stx_atime}. */
    public static final long ATIME = 64;
    /** Offset of {@code stx_btime}. */
    public static final long BTIME = 80;
    /** Offset of {@code stx_ctime}. */
    public static final long CTIME = 96;
    /** Offset of {@code stx_mtime}. */
    public static final long MTIME = 112;

    private StatxStruct() {
    }

    /** {@code stx_mask}: the {@code STATX_*} fields filled in. */
    public static int mask(MemorySegment s) {
        return s.get(JAVA_INT, 0);
    }

    /** {@code stx_blksize}. */
    public static int blksize(MemorySegment s) {
        return s.get(JAVA_INT, 4);
    }

    /** {@code stx_attributes}. */
    public static long attributes(MemorySegment s) {
        return s.get(JAVA_LONG, 8);
    }

    /** {@code stx_nlink}. */
    public static int nlink(MemorySegment s) {
        return s.get(JAVA_INT, 16);
    }

    /** {@code stx_uid}. */
    public static int uid(MemorySegment s) {
        return s.get(JAVA_INT, 20);
    }

    /** {@code stx_gid}. */
    public static int gid(MemorySegment s) {
        return s.get(JAVA_INT, 24);
    }

    /** {@code stx_mode}: type and permissions. */
    public static int mode(MemorySegment s) {
        return Short.toUnsignedInt(s.get(JAVA_SHORT, 28));
    }

    /** {@code stx_ino}. */
    public static long ino(MemorySegment s) {
        return s.get(JAVA_LONG, 32);
    }

    /** {@code stx_size}. */
    public static long size(MemorySegment s) {
        return s.get(JAVA_LONG, 40);
    }

    /** {@code stx_blocks}: 512-byte blocks. */
    public static long blocks(MemorySegment s) {
        return s.get(JAVA_LONG, 48);
    }

    /** {@code stx_attributes_mask}. */
    public static long attributesMask(MemorySegment s) {
        return s.get(JAVA_LONG, 56);
    }

    /** Seconds of the timestamp at {@code offset} ({@link #ATIME}, {@link #MTIME}, ...). */
    public static long seconds(MemorySegment s, long offset) {
        return s.get(JAVA_LONG, offset);
    }

    /** Nanoseconds of the timestamp at {@code offset}. */
    public static int nanos(MemorySegment s, long offset) {
        return s.get(JAVA_INT, offset + 8);
    }

    /** {@code stx_rdev_major}. */
    public static int rdevMajor(MemorySegment s) {
        return s.get(JAVA_INT, 128);
    }

    /** {@code stx_rdev_minor}. */
    public static int rdevMinor(MemorySegment s) {
        return s.get(JAVA_INT, 132);
    }

    /** The device of the filesystem holding the file, as one number ({@code major << 32 | minor}). */
    public static long dev(MemorySegment s) {
        return (Integer.toUnsignedLong(s.get(JAVA_INT, 136)) << 32) | Integer.toUnsignedLong(s.get(JAVA_INT, 140));
    }
}
