package dev.panamafuse.mount;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the kernel's mount gets: the source and type shown in {@code /proc/mounts}, the mount
 * flags and the FUSE options of the kernel's option string. Immutable; set through
 * {@link MountOptions.Builder} (its setters {@code fsName}, {@code subtype}, {@code flag},
 * {@code readOnly}, {@code maxRead}, {@code blksize}), read from {@link MountOptions#kernel()}.
 *
 * <p>The kernel's option string is built here and nowhere else: {@link #mountData(int, int, int)}
 * for {@code mount(2)}, {@link #fusermountOptions(boolean)} for {@code fusermount3 -o}.
 *
 * @param fsName  the source shown in {@code /proc/mounts} and {@code df} ({@code fsname=}); not
 *                empty, no comma, whitespace or control character; default {@code panamafuse}
 * @param subtype the type suffix shown as {@code fuse.SUBTYPE} ({@code subtype=}), the same
 *                rules; null (the default) for plain {@code fuse}
 * @param flags   the yes/no options that are on; default {@link MountFlag#NOSUID} and
 *                {@link MountFlag#NODEV}
 * @param maxRead largest READ request in bytes ({@code max_read=}), 0 to 2147483647; 0 (the
 *                default) for the kernel's own limit
 * @param blksize block size of the mount in bytes ({@code blksize=}, honoured by the kernel for
 *                {@code fuseblk} mounts only): 0 (the default) for the kernel's, or a power of
 *                two from 512 to 65536
 */
public record KernelOptions(String fsName, String subtype, Set<MountFlag> flags, int maxRead, int blksize) {
    static final IntOption MAX_READ = new IntOption("max_read", 0, Integer.MAX_VALUE);
    static final IntOption BLKSIZE = new IntOption("blksize", 0, 65536);
    /** {@code S_IFDIR}: the root of every mount is a directory, and the kernel wants it as {@code rootmode}. */
    private static final int S_IFDIR = 0040000;
    private static final KernelOptions DEFAULTS = new KernelOptions("panamafuse", null,
            EnumSet.of(MountFlag.NOSUID, MountFlag.NODEV), 0, 0);

    /**
     * Checks every value; keeps an unmodifiable copy of {@code flags}.
     *
     * @throws IllegalArgumentException naming the option whose value is invalid
     */
    public KernelOptions {
        OptionText.name("fsname", fsName);
        if (subtype != null) {
            OptionText.name("subtype", subtype);
        }
        Objects.requireNonNull(flags, "flags");
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(MountFlag.class) : EnumSet.copyOf(flags));
        MAX_READ.check(maxRead);
        checkBlksize(blksize);
    }

    /** Checks a {@code blksize}: 0, or a power of two from 512 to 65536; returns it. */
    static int checkBlksize(int bytes) {
        if (BLKSIZE.check(bytes) != 0 && (bytes < 512 || Integer.bitCount(bytes) != 1)) {
            throw OptionText.invalid("blksize", Integer.toString(bytes), "must be a power of two from 512 to 65536");
        }
        return bytes;
    }

    /** {@return the defaults: {@code fsname=panamafuse,nosuid,nodev}, no subtype, the kernel's read and block sizes} */
    public static KernelOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Whether a flag is on.
     *
     * @param flag the flag
     * @return true if on
     */
    public boolean has(MountFlag flag) {
        return flags.contains(flag);
    }

    /**
     * Whether the kernel is told {@code allow_other}: with {@link MountFlag#ALLOW_OTHER} or
     * {@link MountFlag#ALLOW_ROOT}.
     *
     * @return true if other users reach the mount through the kernel
     */
    public boolean kernelAllowsOther() {
        return has(MountFlag.ALLOW_OTHER) || has(MountFlag.ALLOW_ROOT);
    }

    /** {@return the filesystem type for {@code mount(2)}: {@code fuse}, or {@code fuse.SUBTYPE}} */
    public String type() {
        return subtype == null ? "fuse" : "fuse." + subtype;
    }

    /**
     * The data argument of {@code mount(2)}: the connection's descriptor, the root's mode, the
     * owner the kernel checks {@code allow_other} against, then the FUSE options
     * ({@code allow_other}, {@code default_permissions}, {@code max_read=}, {@code blksize=}).
     * The mount flags go to {@code mount(2)} as bits.
     *
     * @param fd  the open {@code /dev/fuse} descriptor ({@code fd=})
     * @param uid the mounting user ({@code user_id=})
     * @param gid the mounting group ({@code group_id=})
     * @return e.g. {@code fd=5,rootmode=40000,user_id=0,group_id=0,default_permissions}
     */
    public String mountData(int fd, int uid, int gid) {
        List<String> s = new ArrayList<>(List.of("fd=" + fd, "rootmode=" + Integer.toOctalString(S_IFDIR),
                "user_id=" + Integer.toUnsignedString(uid), "group_id=" + Integer.toUnsignedString(gid)));
        fuseOptions(s);
        return String.join(",", s);
    }

    /**
     * The {@code -o} text for {@code fusermount3}: the mount flags by name ({@code ro}/{@code rw},
     * {@code nosuid}/{@code suid} and {@code nodev}/{@code dev} always, the others when on), the
     * FUSE options as in {@link #mountData}, {@code fsname=}, {@code subtype=}, and
     * {@code auto_unmount}. fusermount3 adds {@code fd=}, {@code rootmode=}, {@code user_id=} and
     * {@code group_id=} itself.
     *
     * @param autoUnmount whether fusermount3 should stay and unmount when this process dies
     * @return e.g. {@code rw,nosuid,nodev,fsname=panamafuse}
     */
    public String fusermountOptions(boolean autoUnmount) {
        List<String> s = new ArrayList<>();
        words(s, true);
        fuseOptions(s);
        s.add("fsname=" + fsName);
        if (subtype != null) {
            s.add("subtype=" + subtype);
        }
        if (autoUnmount) {
            s.add("auto_unmount");
        }
        return String.join(",", s);
    }

    /** The FUSE options of the kernel's option string. */
    private void fuseOptions(List<String> s) {
        for (MountFlag f : flags) {
            if (!f.isMountFlag() && !s.contains(f.kernelName())) {
                s.add(f.kernelName());
            }
        }
        sizes(s);
    }

    /** {@code max_read=} and {@code blksize=} when set. */
    private void sizes(List<String> s) {
        if (maxRead > 0) {
            s.add("max_read=" + maxRead);
        }
        if (blksize > 0) {
            s.add("blksize=" + blksize);
        }
    }

    /** The words of the flags, of the mount flags only when {@code mountFlagsOnly}. */
    private void words(List<String> s, boolean mountFlagsOnly) {
        for (MountFlag f : MountFlag.values()) {
            String word = f.word(flags.contains(f));
            if (word != null && (f.isMountFlag() || !mountFlagsOnly)) {
                s.add(word);
            }
        }
    }

    /**
     * These options as {@code -o} text that {@link MountOptions.Builder#parse(String)} reads
     * back, e.g. {@code fsname=panamafuse,rw,nosuid,nodev}.
     */
    @Override
    public String toString() {
        List<String> s = new ArrayList<>();
        s.add("fsname=" + OptionText.escape(fsName));
        if (subtype != null) {
            s.add("subtype=" + OptionText.escape(subtype));
        }
        words(s, false);
        sizes(s);
        return String.join(",", s);
    }
}
