package dev.panamafuse.benchmarks.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Unmounts a mount point with the system's programs: {@code umount} (root), then
 * {@code fusermount3 -u} (the mount's owner), then the lazy forms of both for a busy mount. The
 * programs' output is shown only if every attempt fails.
 */
final class Unmount {
    private Unmount() {
    }

    /**
     * Tries each way in turn until one succeeds.
     *
     * @param mountpoint the mount point
     * @return true if one of them unmounted it
     */
    static boolean unmount(Path mountpoint) {
        String m = mountpoint.toString();
        List<List<String>> attempts = List.of(List.of("umount", m), List.of("fusermount3", "-u", m),
                List.of("umount", "-l", m), List.of("fusermount3", "-u", "-z", m));
        StringBuilder errors = new StringBuilder();
        for (List<String> command : attempts) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() == 0) {
                    return true;
                }
                errors.append(String.join(" ", command)).append(": ").append(out.strip()).append('\n');
            } catch (IOException e) {
                errors.append(String.join(" ", command)).append(": ").append(e.getMessage()).append('\n');
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.err.print("cannot unmount " + m + ":\n" + errors);
        return false;
    }
}
