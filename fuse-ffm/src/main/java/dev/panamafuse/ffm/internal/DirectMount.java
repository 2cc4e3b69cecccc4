package dev.panamafuse.ffm.internal;

import dev.panamafuse.Errno;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.mount.MountException.Reason;
import dev.panamafuse.mount.MountException;
import dev.panamafuse.mount.MountOptions;
import java.nio.file.Path;

/**
 * Privileged mounting (needs {@code CAP_SYS_ADMIN}): {@code mount(2)} of type {@code fuse} (or
 * {@code fuse.SUBTYPE}) with the kernel options {@code fd=}, {@code rootmode=}, {@code user_id=},
 * {@code group_id=} and those of {@link MountOptions}, and {@code umount2(2)} to unmount.
 */
public final class DirectMount {
    private static final int S_IFDIR = 0040000;

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
        String type = options.subtype() == null ? "fuse" : "fuse." + options.subtype();
        try {
            LibcMount.mount(options.fsName(), mountpoint.toString(), type, flags(options), data(fd, options));
        } catch (LibcException e) {
            throw switch (e.toErrno()) {
                case EPERM, EACCES -> new MountException(Reason.PERMISSION_DENIED, "cannot mount on " + mountpoint
                        + ": mount(2) needs CAP_SYS_ADMIN (run as root)", e);
                case ENODEV -> new MountException(Reason.DEVICE_MISSING,
                        "the kernel has no fuse filesystem type (modprobe fuse)", e);
                case EBUSY -> new MountException(Reason.ALREADY_MOUNTED, mountpoint + " is busy", e);
                case EINVAL -> new MountException(Reason.BAD_OPTIONS, "the kernel rejected the mount options of "
                        + mountpoint + " (" + kernelOptionsText(options) + ")", e);
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

    static long flags(MountOptions o) {
        long flags = 0;
        flags |= o.readOnly() ? LibcMount.MS_RDONLY : 0;
        flags |= o.nosuid() ? LibcMount.MS_NOSUID : 0;
        flags |= o.nodev() ? LibcMount.MS_NODEV : 0;
        flags |= o.noexec() ? LibcMount.MS_NOEXEC : 0;
        flags |= o.noatime() ? LibcMount.MS_NOATIME : 0;
        flags |= o.sync() ? LibcMount.MS_SYNCHRONOUS : 0;
        flags |= o.dirsync() ? LibcMount.MS_DIRSYNC : 0;
        return flags;
    }

    static String data(int fd, MountOptions o) {
        return "fd=" + fd + ",rootmode=" + Integer.toOctalString(S_IFDIR) + ",user_id=" + Libc.getuid()
                + ",group_id=" + Libc.getgid() + kernelOptionsText(o);
    }

    private static String kernelOptionsText(MountOptions o) {
        StringBuilder s = new StringBuilder();
        if (o.allowOther() || o.allowRoot()) {
            s.append(",allow_other");
        }
        if (o.defaultPermissions()) {
            s.append(",default_permissions");
        }
        if (o.maxRead() > 0) {
            s.append(",max_read=").append(o.maxRead());
        }
        if (o.blksize() > 0) {
            s.append(",blksize=").append(o.blksize());
        }
        return s.toString();
    }
}
