package dev.panamafuse.ffm.internal;

import static dev.panamafuse.ffm.internal.Libc.checkString;
import static dev.panamafuse.ffm.internal.Libc.quote;
import static dev.panamafuse.ffm.posix.LibcCall.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.posix.LibcCall.downcall;
import static dev.panamafuse.ffm.posix.LibcCall.run;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.panamafuse.ffm.posix.LibcException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * {@code mount(2)} and {@code umount2(2)} with their flags, for privileged mounting
 * ({@link DirectMount}), the fusectl filesystem and unmounting; in the frame of
 * {@link dev.panamafuse.ffm.posix.LibcCall} like {@link Libc}.
 */
public final class LibcMount {

    // ---- mount(2) flags ------------------------------------------------------------------------

    // the bits of the generic mount flags DirectMount gives (MountFlag.isMountFlag())
    /** Mount read-only. */
    static final int MS_RDONLY = 1;
    /** Ignore set-user-ID and set-group-ID bits. */
    static final int MS_NOSUID = 2;
    /** Disallow access to device special files. */
    static final int MS_NODEV = 4;
    /** Disallow program execution. */
    static final int MS_NOEXEC = 8;
    /** Writes are synced at once. */
    static final int MS_SYNCHRONOUS = 16;
    /** Directory modifications are synchronous. */
    static final int MS_DIRSYNC = 128;
    /** Do not update access times. */
    static final int MS_NOATIME = 1024;

    // ---- umount2(2) flags ----------------------------------------------------------------------

    /** Lazy unmount: detach now, clean up when no longer busy. */
    public static final int MNT_DETACH = 2;
    /** Do not follow a symbolic link in the target. */
    public static final int UMOUNT_NOFOLLOW = 8;

    private static final MethodHandle MOUNT = downcall("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle UMOUNT2 = downcall("umount2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);

    private LibcMount() {
    }

    /**
     * {@code mount(source, target, fstype, mountflags, data)}.
     *
     * @param source     the source, not null
     * @param target     the mount point, not null
     * @param fstype     the filesystem type, not null
     * @param mountflags {@code MS_*} flags
     * @param data       filesystem options, or null for none
     * @throws LibcException if the call fails
     */
    public static void mount(String source, String target, String fstype, long mountflags, String data)
            throws LibcException {
        checkString(source, "source");
        checkString(target, "target");
        checkString(fstype, "fstype");
        if (data != null) {
            checkString(data, "data");
        }
        run("mount", () -> quote(source) + ", " + quote(target) + ", " + quote(fstype),
                (cs, a) -> {
                    MemorySegment cData = data == null ? MemorySegment.NULL : a.allocateFrom(data);
                    return (int) MOUNT.invokeExact(cs, a.allocateFrom(source), a.allocateFrom(target),
                            a.allocateFrom(fstype), mountflags, cData);
                });
    }

    /**
     * {@code umount2(target, flags)}.
     *
     * @param target the mount point, not null
     * @param flags  {@link #MNT_DETACH}, {@link #UMOUNT_NOFOLLOW}, both or 0 (the kernel's
     *               {@code MNT_FORCE} and {@code MNT_EXPIRE} are not used here)
     * @throws LibcException if the call fails
     */
    public static void umount2(String target, int flags) throws LibcException {
        checkString(target, "target");
        run("umount2", () -> quote(target), (cs, a) -> (int) UMOUNT2.invokeExact(cs, a.allocateFrom(target), flags));
    }
}
