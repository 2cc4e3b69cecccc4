package dev.panamafuse.benchmarks.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads {@code /proc/self/mountinfo} (proc(5)) to tell whether a FUSE mount is in place. */
public final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {
    }

    /**
     * Whether a filesystem of type {@code fuse} or {@code fuse.*} is mounted on {@code mountpoint}.
     *
     * @param mountpoint an absolute path, in the resolved form the kernel shows
     * @return true if mountinfo lists such a mount there
     * @throws UncheckedIOException if mountinfo cannot be read
     */
    public static boolean isFuseMounted(Path mountpoint) {
        List<String> lines;
        try {
            lines = Files.readAllLines(MOUNTINFO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String wanted = mountpoint.toString();
        for (String line : lines) {
            String[] fields = line.split(" ");
            int dash = line.indexOf(" - ");
            if (fields.length < 5 || dash < 0) {
                continue;
            }
            String type = line.substring(dash + 3).split(" ", 2)[0];
            if ((type.equals("fuse") || type.startsWith("fuse.")) && unescape(fields[4]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** Undoes mountinfo's octal escapes ({@code \040} for a space, and so on). */
    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
