package dev.panamafuse.ffm;

import dev.panamafuse.FileSystem;
import dev.panamafuse.ffm.internal.DevFuseChannel;
import dev.panamafuse.ffm.internal.Fusermount;
import dev.panamafuse.ffm.internal.Libc;
import dev.panamafuse.ffm.internal.LibcMount;
import dev.panamafuse.ffm.internal.MountHandle;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;
import dev.panamafuse.ffm.posix.ProcessIds;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountException.Reason;
import dev.panamafuse.mount.MountException;
import dev.panamafuse.mount.MountOptions;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Mounts a {@link FileSystem} on Linux through {@code /dev/fuse}.
 *
 * <pre>{@code
 * try (FuseMount mount = Fuse.mount(Path.of("/mnt/demo"), new MyFs(), MountOptions.defaults())) {
 *     mount.awaitUnmount();
 * }
 * }</pre>
 *
 * <p>The JVM must allow this module native access: {@code --enable-native-access=dev.panamafuse.ffm}
 * on the module path, {@code --enable-native-access=ALL-UNNAMED} on the class path.
 */
public final class Fuse {
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(10);
    private static final int ENOENT = 2;
    private static final int CAP_SYS_ADMIN = 21;
    private static final String ENOTCONN_TEXT = "Transport endpoint is not connected";

    private Fuse() {
    }

    /**
     * Mounts {@code fs} on {@code mountpoint} and returns once the kernel's {@code FUSE_INIT} has
     * been answered, so the mount is usable at once. Unless {@link MountOptions#unmountOnExit()} is
     * off, the shutdown hook that unmounts at JVM exit is registered before anything is mounted:
     * a SIGTERM at any moment of this call leaves no mount behind (this call then fails, saying the
     * mount was closed before it was ready). With {@code CAP_SYS_ADMIN} (root) mounting
     * uses {@code mount(2)}; without it, or with {@code auto_unmount}, it goes through the setuid
     * helper {@code fusermount3} (package {@code fuse3}), which passes the {@code /dev/fuse}
     * descriptor back; {@link MountOptions#mountMethod()} forces either way.
     *
     * @param mountpoint an existing directory
     * @param fs         the filesystem to serve
     * @param options    mount options
     * @return the mount; close it to unmount
     * @throws MountException with a one-line message naming the path and the cause: the
     *                        mountpoint is missing, not a directory, not permitted, a dead FUSE
     *                        mount; {@code /dev/fuse} is missing or cannot be opened; the kernel
     *                        refused the mount or its protocol is too old; fusermount3 is missing
     *                        or refused ({@code allow_other} without {@code user_allow_other})
     */
    public static FuseMount mount(Path mountpoint, FileSystem fs, MountOptions options) throws MountException {
        Objects.requireNonNull(fs, "fs");
        Objects.requireNonNull(options, "options");
        Path mp = checkMountpoint(mountpoint);
        // The handle (and its shutdown hook) exists before the mount does: a JVM exit from now on
        // unmounts whatever has been mounted, also during FUSE_INIT.
        MountHandle handle = new MountHandle(mp, options);
        try {
            if (useFusermount(options)) {
                handle.mountFusermount();
            } else {
                handle.mountDirect(openDevice());
            }
            handle.start(fs);
            handle.awaitInit(INIT_TIMEOUT);
            PermissionWarning.check(mp, fs, options);
            return handle;
        } catch (MountException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    /**
     * fusermount3 when asked for ({@code mount_method=fusermount}), for {@code auto_unmount}, and
     * (with {@code auto}) when the process lacks {@code CAP_SYS_ADMIN}.
     */
    private static boolean useFusermount(MountOptions options) {
        return switch (options.mountMethod()) {
            case DIRECT -> false;
            case FUSERMOUNT -> true;
            case AUTO -> options.autoUnmount() || !hasCapSysAdmin();
        };
    }

    /** Bit 21 (CAP_SYS_ADMIN) of CapEff in /proc/self/status; else whether the effective uid is 0. */
    static boolean hasCapSysAdmin() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    return (caps & (1L << CAP_SYS_ADMIN)) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall back to the uid
        }
        return ProcessIds.geteuid() == 0;
    }

    private static Path checkMountpoint(Path mountpoint) throws MountException {
        Path p = Objects.requireNonNull(mountpoint, "mountpoint").toAbsolutePath().normalize();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new MountException(Reason.MOUNTPOINT_MISSING, "mountpoint " + p + " does not exist");
        } catch (AccessDeniedException e) {
            throw new MountException(Reason.PERMISSION_DENIED, "no permission to reach mountpoint " + p);
        } catch (FileSystemException e) {
            if (ENOTCONN_TEXT.equals(e.getReason())) {
                throw stale(p);
            }
            throw new MountException(Reason.OTHER, "cannot use mountpoint " + p + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MountException(Reason.OTHER, "cannot use mountpoint " + p + ": " + e.getMessage(), e);
        }
        if (!attrs.isDirectory()) {
            throw new MountException(Reason.NOT_A_DIRECTORY, "mountpoint " + p + " is not a directory");
        }
        MountedFilesystem existing;
        try {
            existing = MountInfo.at(p.toRealPath());
        } catch (IOException e) {
            existing = null;
        }
        if (existing != null) {
            if (existing.isFuse() && isDead(p)) {
                throw stale(p);
            }
            throw new MountException(Reason.ALREADY_MOUNTED, "something is already mounted on " + p + " ("
                    + existing.type() + " " + existing.source() + "); unmount it first");
        }
        if (ProcessIds.geteuid() != 0 && !Files.isWritable(p)) {
            throw new MountException(Reason.PERMISSION_DENIED, "no permission to mount on " + p
                    + ": it is not writable by uid " + ProcessIds.geteuid());
        }
        return p;
    }

    /**
     * Unmounts what is mounted on {@code mountpoint}: with {@code umount2(2)} when this process is
     * root, else with {@code fusermount3 -u}. A lazy unmount detaches the mount at once even when
     * it is busy; it goes away when the last user leaves. Works on mounts of any process,
     * including dead ones ("Transport endpoint is not connected").
     *
     * @param mountpoint the mountpoint
     * @param lazy       detach even when busy ({@code MNT_DETACH}, {@code fusermount3 -z})
     * @throws MountException when nothing is mounted there ({@link Reason#NOT_MOUNTED}), it is
     *                        busy and not lazy ({@link Reason#ALREADY_MOUNTED}), or the caller
     *                        may not unmount it ({@link Reason#PERMISSION_DENIED})
     */
    public static void unmount(Path mountpoint, boolean lazy) throws MountException {
        Path p = Objects.requireNonNull(mountpoint, "mountpoint").toAbsolutePath().normalize();
        if (ProcessIds.geteuid() != 0) {
            Fusermount.unmountAny(p, lazy);
            return;
        }
        try {
            LibcMount.umount2(p.toString(), (lazy ? LibcMount.MNT_DETACH : 0) | LibcMount.UMOUNT_NOFOLLOW);
        } catch (LibcException e) {
            throw switch (e.errno()) {
                case 22 -> new MountException(Reason.NOT_MOUNTED, "nothing is mounted on " + p, e);
                case 2 -> new MountException(Reason.MOUNTPOINT_MISSING, "mountpoint " + p + " does not exist", e);
                case 16 -> new MountException(Reason.ALREADY_MOUNTED, p + " is busy (files open or a process"
                        + " inside it); unmount it lazily to detach it now", e);
                case 1 -> new MountException(Reason.PERMISSION_DENIED, "no permission to unmount " + p, e);
                default -> new MountException(Reason.OTHER, "unmounting " + p + " failed: " + e.getMessage(), e);
            };
        }
    }

    /**
     * The mounts of this process's mount namespace, from {@code /proc/self/mountinfo}.
     *
     * @return every mount, in mount order
     * @throws IOException if mountinfo cannot be read
     */
    public static List<MountedFilesystem> mounts() throws IOException {
        return MountInfo.read();
    }

    private static MountException stale(Path p) {
        return new MountException(Reason.STALE_MOUNT, "mountpoint " + p + " is a dead FUSE mount (" + ENOTCONN_TEXT
                + "); clean it with: panamafuse unmount --lazy " + p + " (or mount with --force)");
    }

    /**
     * Whether the FUSE mount on {@code p} has lost its server ("Transport endpoint is not
     * connected", as after a {@code kill -9} of a server mounted without {@code auto_unmount}).
     * The mountpoint's own attributes may still be cached, so this looks up a name that is not
     * there: a live filesystem answers ENOENT, a dead connection ENOTCONN. A server that is alive
     * but does not answer makes this call wait as long as any other lookup would.
     *
     * @param p the mountpoint
     * @return true when the connection is gone
     */
    public static boolean isDead(Path p) {
        try {
            Files.readAttributes(p.resolve(".panamafuse-liveness-probe"), BasicFileAttributes.class);
            return false;
        } catch (FileSystemException e) {
            return ENOTCONN_TEXT.equals(e.getReason());
        } catch (IOException e) {
            return false;
        }
    }

    private static int openDevice() throws MountException {
        try {
            return Libc.open(DevFuseChannel.DEVICE, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        } catch (LibcException e) {
            if (e.errno() == ENOENT) {
                throw new MountException(Reason.DEVICE_MISSING, DevFuseChannel.DEVICE
                        + " does not exist: load the fuse kernel module (modprobe fuse), or in a container pass the device in", e);
            }
            throw new MountException(Reason.DEVICE_DENIED, "cannot open " + DevFuseChannel.DEVICE + ": "
                    + e.toErrno() + " (" + (e.toErrno() == null ? e.getMessage() : e.toErrno().description()) + ")", e);
        }
    }
}
