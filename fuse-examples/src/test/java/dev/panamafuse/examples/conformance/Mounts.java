package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Mount-table helpers of the suites. */
final class Mounts {
    private Mounts() {
    }

    /** A fresh temporary directory {@code pfuse-conformance-LABEL-...}, mode 0755 so that other users reach below it. */
    static Path base(String label) throws IOException {
        Path base = Files.createTempDirectory("pfuse-conformance-" + label + "-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        return base;
    }

    /** Mounts a fresh tmpfs of {@code size} bytes, root mode 0755, on {@code dir} (needs root). */
    static void tmpfs(Path base, Path dir, long size) throws IOException, InterruptedException {
        ConformanceBase.Result r = ConformanceBase.runIn(base,
                List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString()));
        assertEquals(0, r.exit(), "mount -t tmpfs: " + r);
    }

    static boolean isMounted(Path dir) throws IOException {
        String target = dir.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] f = line.split(" ");
            if (f.length >= 2 && f[1].replace("\\040", " ").equals(target)) {
                return true;
            }
        }
        return false;
    }

    /** Unmounts {@code mnt} if still mounted ({@code umount}, then {@code umount -l}) and removes {@code base}. */
    static void unmount(Path base, Path mnt) throws Exception {
        try {
            for (int i = 0; mnt != null && i < 3 && isMounted(mnt); i++) {
                ConformanceBase.runIn(base, i == 0 ? List.of("umount", mnt.toString())
                        : List.of("umount", "-l", mnt.toString()));
            }
            if (mnt != null && isMounted(mnt)) {
                throw new IllegalStateException(mnt + " is still mounted");
            }
        } finally {
            if (base != null && !(mnt != null && isMounted(mnt))) {
                ConformanceExtension.deleteQuietly(base);
            }
        }
    }
}
