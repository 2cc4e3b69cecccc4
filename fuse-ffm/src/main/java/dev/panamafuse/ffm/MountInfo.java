package dev.panamafuse.ffm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code /proc/self/mountinfo} (see proc(5)), unescaping the octal escapes of paths. */
final class MountInfo {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountInfo() {
    }

    /**
     * Every mount visible to this process, in mount order.
     *
     * @return the mounts
     * @throws IOException if {@code /proc/self/mountinfo} cannot be read
     */
    public static List<MountedFilesystem> read() throws IOException {
        List<MountedFilesystem> result = new ArrayList<>();
        for (String line : Files.readAllLines(MOUNTINFO)) {
            MountedFilesystem m = parse(line);
            if (m != null) {
                result.add(m);
            }
        }
        return result;
    }

    /**
     * The topmost mount on a path, or null.
     *
     * @param mountpoint an absolute, normalized path
     * @return the mount whose mountpoint is that path
     * @throws IOException if mountinfo cannot be read
     */
    public static MountedFilesystem at(Path mountpoint) throws IOException {
        MountedFilesystem found = null;
        for (MountedFilesystem m : read()) {
            if (m.mountpoint().equals(mountpoint)) {
                found = m;
            }
        }
        return found;
    }

    static MountedFilesystem parse(String line) {
        int dash = line.indexOf(" - ");
        if (dash < 0) {
            return null;
        }
        String[] left = line.substring(0, dash).split(" ");
        String[] right = line.substring(dash + 3).split(" ");
        if (left.length < 6 || right.length < 3) {
            return null;
        }
        return new MountedFilesystem(Path.of(unescape(left[4])), unescape(right[1]), right[0],
                left[5] + "," + right[2]);
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                try {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                    continue;
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    // not an escape: keep the backslash
                }
            }
            b.append(c);
        }
        return b.toString();
    }
}
