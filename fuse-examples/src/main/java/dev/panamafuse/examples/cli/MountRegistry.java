package dev.panamafuse.examples.cli;

import dev.panamafuse.ffm.MountedFilesystem;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The mounts this user's {@code panamafuse mount} commands made, so that {@code panamafuse list}
 * finds them whatever their {@code fsname} and {@code subtype}, also after the serving process
 * was killed. One file per mountpoint holding one line, {@code MOUNTPOINT<TAB>SOURCE<TAB>TYPE}
 * (the mountpoint URL-encoded), as {@code /proc/self/mountinfo} will show the mount. The files
 * live in {@code /run/panamafuse} for root, else in {@code $XDG_RUNTIME_DIR/panamafuse} or
 * {@code /tmp/panamafuse-UID} (mode 0700). It is a best effort: when the directory cannot be
 * used, nothing is recorded and {@code list} falls back to recognizing the names.
 */
final class MountRegistry {
    private final Path dir;

    private MountRegistry(Path dir) {
        this.dir = dir;
    }

    /** The registry of the user running this process. */
    static MountRegistry forThisUser() {
        int uid;
        try {
            uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
        } catch (IOException | RuntimeException e) {
            uid = -1;
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        Path dir = uid == 0 ? Path.of("/run/panamafuse")
                : runtime != null && !runtime.isBlank() ? Path.of(runtime, "panamafuse")
                : Path.of("/tmp", "panamafuse-" + uid);
        return new MountRegistry(dir);
    }

    /** Records a mount as mountinfo shows it; failures are ignored. */
    void add(Path mountpoint, String source, String type) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path tmp = Files.createTempFile(dir, ".new-", "");
            Files.writeString(tmp, URLEncoder.encode(mountpoint.toString(), StandardCharsets.UTF_8) + "\t" + source
                    + "\t" + type + "\n");
            Files.move(tmp, fileOf(mountpoint), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // best effort: list then recognizes the mount by its names only
        }
    }

    /** Forgets the mount on {@code mountpoint}. */
    void remove(Path mountpoint) {
        try {
            Files.deleteIfExists(fileOf(mountpoint));
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    /**
     * The mounts of {@code current} that were recorded here; records of mounts that are gone are
     * removed on the way.
     *
     * @param current every mount of mountinfo
     * @return the recorded ones among them
     */
    Set<MountedFilesystem> recorded(List<MountedFilesystem> current) {
        Set<MountedFilesystem> found = new HashSet<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "[0-9a-f]*")) {
            for (Path f : files) {
                String[] r = Files.readString(f).strip().split("\t");
                Path mp = r.length == 3 ? Path.of(URLDecoder.decode(r[0], StandardCharsets.UTF_8)) : null;
                List<MountedFilesystem> same = current.stream().filter(c -> c.mountpoint().equals(mp)
                        && c.source().equals(r[1]) && c.type().equals(r[2])).toList();
                if (same.isEmpty()) {
                    Files.deleteIfExists(f); // that mount is gone (or the record is unreadable)
                }
                found.addAll(same);
            }
        } catch (IOException | RuntimeException e) {
            return found;
        }
        return found;
    }

    private Path fileOf(Path mountpoint) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(mountpoint.toString().getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(hash, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
