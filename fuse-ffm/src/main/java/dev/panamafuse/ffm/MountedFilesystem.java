package dev.panamafuse.ffm;

import java.nio.file.Path;

/**
 * One entry of {@code /proc/self/mountinfo}, as {@link Fuse#mounts()} reports them.
 *
 * @param mountpoint where it is mounted
 * @param source     the source ({@code fsname} for FUSE mounts)
 * @param type       the filesystem type, e.g. {@code fuse.panamafuse}
 * @param options    the per-mount and per-superblock options, comma-separated
 */
public record MountedFilesystem(Path mountpoint, String source, String type, String options) {

    /**
     * Whether this is a FUSE mount.
     *
     * @return true for the types {@code fuse}, {@code fuse.*} and {@code fuseblk}
     */
    public boolean isFuse() {
        return type.equals("fuse") || type.equals("fuseblk") || type.startsWith("fuse.");
    }

    /**
     * Whether panama-fuse's CLI mounted it: type {@code fuse.panamafuse}, or a plain FUSE mount
     * whose source is {@code panamafuse} (the library's default fsname).
     *
     * @return whether the mount is panama-fuse's
     */
    public boolean isPanamaFuse() {
        return type.equals("fuse.panamafuse") || (isFuse() && source.equals("panamafuse"));
    }
}
