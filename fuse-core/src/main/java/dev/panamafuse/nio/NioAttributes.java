package dev.panamafuse.nio;

import dev.panamafuse.Attr;
import dev.panamafuse.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Reads a path's attributes as an {@link Attr}, through the richest view the provider has:
 * {@code unix} (the default provider on Linux: mode, inode, links, owner, device, ctime as
 * {@code stat(2)} gives them), else {@code posix} (permissions), else {@code basic} with defaults.
 * Without posix permissions, a zip entry's stored permissions ({@code zip:permissions}) are used
 * when the archive has them, else 0755 for directories and 0644 for files, or 0555 and 0444 on a
 * read-only tree; the owner is the one configured (by default the mounting user).
 */
final class NioAttributes {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final String UNIX = "unix:mode,dev,ino,nlink,uid,gid,rdev,size,lastModifiedTime,lastAccessTime,ctime";

    private final boolean unix;
    private final boolean posix;
    private final boolean zip;
    private final boolean readOnly;
    private final int uid;
    private final int gid;

    NioAttributes(Set<String> views, boolean readOnly, int uid, int gid) {
        this.unix = views.contains("unix");
        this.posix = views.contains("posix");
        this.zip = views.contains("zip");
        this.readOnly = readOnly;
        this.uid = uid;
        this.gid = gid;
    }

    /** Whether permissions can be set ({@code chmod}, and the mode of new files). */
    boolean hasPermissions() {
        return posix;
    }

    /** Whether owners can be set ({@code chown}). */
    boolean hasOwners() {
        return unix;
    }

    /** The device and inode number that identify a file of the default provider. */
    record FileId(long dev, long ino) {
    }

    /**
     * A path's attributes with the identity of the file it names.
     *
     * @param attr     the attributes
     * @param identity device and inode, or null when the provider has no {@code unix} view
     */
    record Stat(Attr attr, FileId identity) {
    }

    /** The attributes of what {@code path} names, with its {@link FileId} where the provider has one. */
    Stat stat(Path path) throws IOException {
        if (!unix) {
            return new Stat(read(path), null);
        }
        Map<String, Object> a = Files.readAttributes(path, UNIX, NOFOLLOW);
        return new Stat(fromUnix(a), new FileId((Long) a.get("dev"), (Long) a.get("ino")));
    }

    Attr read(Path path) throws IOException {
        if (unix) {
            return fromUnix(Files.readAttributes(path, UNIX, NOFOLLOW));
        }
        BasicFileAttributes basic = posix
                ? Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW)
                : Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        int type = type(basic);
        int permissions = basic instanceof PosixFileAttributes p ? bits(p.permissions()) : defaultPermissions(path, type);
        Instant mtime = basic.lastModifiedTime().toInstant();
        return new Attr(0, type | permissions, type == Mode.S_IFDIR ? 2 : 1, uid, gid, 0, basic.size(),
                (basic.size() + 511) / 512, 0, instant(basic.lastAccessTime(), mtime), mtime, mtime, 0);
    }

    private static Attr fromUnix(Map<String, Object> a) {
        long size = (Long) a.get("size");
        Instant mtime = ((FileTime) a.get("lastModifiedTime")).toInstant();
        return new Attr((Long) a.get("ino"), (Integer) a.get("mode"), (Integer) a.get("nlink"), (Integer) a.get("uid"),
                (Integer) a.get("gid"), (int) (long) (Long) a.get("rdev"), size, (size + 511) / 512, 0,
                instant((FileTime) a.get("lastAccessTime"), mtime), mtime,
                instant((FileTime) a.get("ctime"), mtime), 0);
    }

    private static Instant instant(FileTime time, Instant otherwise) {
        return time == null ? otherwise : time.toInstant();
    }

    private static int type(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return Mode.S_IFDIR;
        }
        if (a.isSymbolicLink()) {
            return Mode.S_IFLNK;
        }
        return Mode.S_IFREG;
    }

    private int defaultPermissions(Path path, int type) throws IOException {
        if (zip && Files.getAttribute(path, "zip:permissions", NOFOLLOW) instanceof Set<?> stored) {
            @SuppressWarnings("unchecked")
            Set<PosixFilePermission> permissions = (Set<PosixFilePermission>) stored;
            return bits(permissions);
        }
        return switch (type) {
            case Mode.S_IFDIR -> readOnly ? 0555 : 0755;
            case Mode.S_IFLNK -> 0777;
            default -> readOnly ? 0444 : 0644;
        };
    }

    /** The mode bits of a permission set. */
    static int bits(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) {
            bits |= 0400 >> p.ordinal();
        }
        return bits;
    }

    /** The permission set of mode bits (set-id and sticky bits are dropped). */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & (0400 >> p.ordinal())) != 0) {
                set.add(p);
            }
        }
        return set;
    }
}
