package dev.panamafuse.ffm;

import dev.panamafuse.FileSystem;
import dev.panamafuse.mount.MountFlag;
import dev.panamafuse.mount.MountOptions;
import java.nio.file.Path;

/**
 * The warning for a mount open to every user that nobody checks permissions on: {@code allow_other}
 * without {@code default_permissions}, serving a filesystem that does not declare
 * ({@link FileSystem#checksPermissions()}) that it checks them itself.
 */
final class PermissionWarning {
    private static final System.Logger LOG = System.getLogger(Fuse.class.getName());

    private PermissionWarning() {
    }

    /** Logs the warning for the mount of {@code fs} on {@code mountpoint} if it applies. */
    static void check(Path mountpoint, FileSystem fs, MountOptions options) {
        check(mountpoint, fs, options, LOG);
    }

    /** Logs the warning to {@code log} if it applies; returns whether it did. */
    static boolean check(Path mountpoint, FileSystem fs, MountOptions options, System.Logger log) {
        if (!options.kernel().has(MountFlag.ALLOW_OTHER) || options.kernel().has(MountFlag.DEFAULT_PERMISSIONS)
                || fs.checksPermissions()) {
            return false;
        }
        log.log(System.Logger.Level.WARNING, "mounted " + mountpoint + " with allow_other but without "
                + "default_permissions, and " + fs.getClass().getName() + " does not declare that it checks "
                + "permissions itself (FileSystem.checksPermissions()): every user of this machine may read, "
                + "change and delete everything in it; mount with default_permissions");
        return true;
    }
}
