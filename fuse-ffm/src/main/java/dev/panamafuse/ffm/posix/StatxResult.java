package dev.panamafuse.ffm.posix;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.time.Instant;

/**
 * What {@code statx(2)} says about a file, as a typed value (see {@link AtCalls#statx(int, String,
 * int, int)}); {@link #LAYOUT} is the C {@code struct statx} (256 bytes, the same on every Linux
 * architecture) for callers that keep a buffer of their own and {@link #read} it. Unsigned
 * fields are Java {@code int}/{@code long} bit patterns; only the fields of {@link #mask} are
 * meaningful.
 *
 * @param mask           {@code stx_mask}: the {@code STATX_*} fields filled in
 * @param blksize        {@code stx_blksize}: the preferred I/O block size
 * @param attributes     {@code stx_attributes}: {@code STATX_ATTR_*} bits
 * @param nlink          {@code stx_nlink}: the number of hard links
 * @param uid            {@code stx_uid}: the owner
 * @param gid            {@code stx_gid}: the group
 * @param mode           {@code stx_mode}: type and permission bits
 * @param ino            {@code stx_ino}: the inode number
 * @param size           {@code stx_size}: the size in bytes
 * @param blocks         {@code stx_blocks}: 512-byte blocks allocated
 * @param attributesMask {@code stx_attributes_mask}: the attribute bits this filesystem supports
 * @param atime          {@code stx_atime}: last access
 * @param btime          {@code stx_btime}: birth (when {@link #STATX_BTIME} is in the mask)
 * @param ctime          {@code stx_ctime}: last status change
 * @param mtime          {@code stx_mtime}: last modification
 * @param rdevMajor      {@code stx_rdev_major}: the device a special file stands for
 * @param rdevMinor      {@code stx_rdev_minor}
 * @param devMajor       {@code stx_dev_major}: the device holding the file
 * @param devMinor       {@code stx_dev_minor}
 */
public record StatxResult(int mask, int blksize, long attributes, int nlink, int uid, int gid, int mode, long ino,
                          long size, long blocks, long attributesMask, Instant atime, Instant btime, Instant ctime,
                          Instant mtime, int rdevMajor, int rdevMinor, int devMajor, int devMinor) {

    /** {@code STATX_BASIC_STATS}: every field {@code stat(2)} has. */
    public static final int STATX_BASIC_STATS = 0x7ff;
    /** {@code STATX_BTIME}: the creation time. */
    public static final int STATX_BTIME = 0x800;

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

    /**
     * Reads a {@code struct statx} that {@code statx(2)} filled.
     *
     * @param s a segment of at least {@link #LAYOUT} size
     * @return its fields
     */
    public static StatxResult read(MemorySegment s) {
        return new StatxResult(s.get(JAVA_INT, 0), s.get(JAVA_INT, 4), s.get(JAVA_LONG, 8), s.get(JAVA_INT, 16),
                s.get(JAVA_INT, 20), s.get(JAVA_INT, 24), Short.toUnsignedInt(s.get(JAVA_SHORT, 28)),
                s.get(JAVA_LONG, 32), s.get(JAVA_LONG, 40), s.get(JAVA_LONG, 48), s.get(JAVA_LONG, 56),
                time(s, 64), time(s, 80), time(s, 96), time(s, 112),
                s.get(JAVA_INT, 128), s.get(JAVA_INT, 132), s.get(JAVA_INT, 136), s.get(JAVA_INT, 140));
    }

    private static Instant time(MemorySegment s, long offset) {
        return Instant.ofEpochSecond(s.get(JAVA_LONG, offset), Integer.toUnsignedLong(s.get(JAVA_INT, offset + 8)));
    }

    /**
     * The device holding the file as one number, for telling filesystems apart.
     *
     * @return {@code devMajor << 32 | devMinor}
     */
    public long dev() {
        return (Integer.toUnsignedLong(devMajor) << 32) | Integer.toUnsignedLong(devMinor);
    }

    /**
     * Whether the birth time was filled in (the filesystem records it and it was asked for).
     *
     * @return true when {@link #STATX_BTIME} is in {@link #mask}
     */
    public boolean hasBtime() {
        return (mask & STATX_BTIME) != 0;
    }
}
