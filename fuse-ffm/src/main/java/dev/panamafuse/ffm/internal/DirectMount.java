package dev.panamafuse.ffm.internal;

import dev.panamafuse.Errno;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.ProcessIds;
import dev.panamafuse.mount.KernelOptions;
import dev.panamafuse.mount.MountException.Reason;
import dev.panamafuse.mount.MountException;
import dev.panamafuse.mount.MountFlag;
import dev.panamafuse.mount.MountOptions;
import java.nio.file.Path;

/**
 * Privileged mounting (needs {@code CAP_SYS_ADMIN}): {@code mount(2)} of type {@code fuse} (or
 * {@code fuse.SUBTYPE}) with the mount flags as bits and the option string of
 * {@link KernelOptions#mountData(int, int, int)}, and {@code umount2(2)} to unmount.
 */
public final class DirectMount {
    private DirectMount() {
    }

    /**
     * Mounts the connection of {@code fd} on {@code mountpoint}.
     *
     * @param fd         an open {@code /dev/fuse} descriptor
     * @param mountpoint an existing directory
     * @param options    the mount options
     * @throws MountException naming the cause when the kernel refuses
     */
    public static void mount(int fd, Path mountpoint, MountOptions options) throws MountException {
        KernelOptions k = options.kernel();
        String data = k.mountData(fd, ProcessIds.getuid(), ProcessIds.getgid());
        try {
            LibcMount.mount(k.fsName(), mountpoint.toString(), k.type(), flags(k), data);
        } catch (LibcException e) {
            throw switch (e.toErrno()) {
                case EPERM, EACCES -> new MountException(Reason.PERMISSION_DENIED, "cannot mount on " + mountpoint
                        + ": mount(2) needs CAP_SYS_ADMIN (run as root)", e);
                case ENODEV -> new MountException(Reason.DEVICE_MISSING,
                        "the kernel has no fuse filesystem type (modprobe fuse)", e);
                case EBUSY -> new MountException(Reason.ALREADY_MOUNTED, mountpoint + " is busy", e);
                case EINVAL -> new MountException(Reason.BAD_OPTIONS, "the kernel rejected the mount options of "
                        + mountpoint + " (" + data + ")", e);
                case null, default -> new MountException(Reason.OTHER, "mounting on " + mountpoint + " failed: "
                        + e.getMessage(), e);
            };
        }
    }

    /**
     * Unmounts {@code mountpoint}; lazily (detached) when it is busy.
     *
     * @param mountpoint the mountpoint
     * @return false if nothing was mounted there any more
     * @throws LibcException when the kernel refuses for another reason
     */
    public static boolean unmount(Path mountpoint) throws LibcException {
        try {
            LibcMount.umount2(mountpoint.toString(), LibcMount.UMOUNT_NOFOLLOW);
            return true;
        } catch (LibcException e) {
            if (e.toErrno() == Errno.EINVAL) {
                return false;
            }
            if (e.toErrno() != Errno.EBUSY) {
                throw e;
            }
        }
        LibcMount.umount2(mountpoint.toString(), LibcMount.MNT_DETACH | LibcMount.UMOUNT_NOFOLLOW);
        return true;
    }

    /** The {@code MS_*} bits of the mount flags that are on. */
    static long flags(KernelOptions k) {
        long flags = 0;
        for (MountFlag f : k.flags()) {
            flags |= switch (f) {
                case READ_ONLY -> LibcMount.MS_RDONLY;
                case NOSUID -> LibcMount.MS_NOSUID;
                case NODEV -> LibcMount.MS_NODEV;
                case NOEXEC -> LibcMount.MS_NOEXEC;
                case NOATIME -> LibcMount.MS_NOATIME;
                case SYNC -> LibcMount.MS_SYNCHRONOUS;
                case DIRSYNC -> LibcMount.MS_DIRSYNC;
                case ALLOW_OTHER, ALLOW_ROOT, DEFAULT_PERMISSIONS -> 0; // in the option string
            };
        }
        return flags;
    }
}
