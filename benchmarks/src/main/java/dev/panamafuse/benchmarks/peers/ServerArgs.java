package dev.panamafuse.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The command line both Java peers take: {@code [--zero-size BYTES] MOUNTPOINT}, where BYTES is
 * a number with an optional binary suffix ({@code K}, {@code M}, {@code G}, {@code T}; default
 * 4 GiB).
 *
 * @param zeroSize   size of {@code /zero} in bytes
 * @param mountpoint the mount point: an existing directory, resolved to its real path (the form
 *                   {@code /proc/self/mountinfo} shows)
 * @param uid        owner of the tree's nodes: this process's user
 * @param gid        their group: this process's group
 */
public record ServerArgs(long zeroSize, Path mountpoint, int uid, int gid) {
    /** The default size of {@code /zero}: 4 GiB. */
    public static final long DEFAULT_ZERO_SIZE = 4L << 30;

    /**
     * Parses the arguments.
     *
     * @param program the program's name, for messages
     * @param args    the command line
     * @return the parsed arguments
     * @throws IllegalArgumentException with a message for the user if they are wrong
     */
    public static ServerArgs parse(String program, String[] args) {
        long zeroSize = DEFAULT_ZERO_SIZE;
        String mountpoint = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--zero-size") && i + 1 < args.length) {
                zeroSize = bytes(args[++i]);
            } else if (args[i].startsWith("--zero-size=")) {
                zeroSize = bytes(args[i].substring("--zero-size=".length()));
            } else if (mountpoint == null && !args[i].startsWith("-")) {
                mountpoint = args[i];
            } else {
                throw new IllegalArgumentException(usage(program));
            }
        }
        if (mountpoint == null) {
            throw new IllegalArgumentException(usage(program));
        }
        try {
            Path real = Path.of(mountpoint).toRealPath();
            if (!Files.isDirectory(real)) {
                throw new IllegalArgumentException(program + ": " + mountpoint + " is not a directory");
            }
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
            return new ServerArgs(zeroSize, real, uid, gid);
        } catch (IOException e) {
            throw new IllegalArgumentException(program + ": " + mountpoint + ": " + e);
        }
    }

    /**
     * Parses the arguments, or prints what is wrong on stderr and exits with status 2.
     *
     * @param program the program's name, for messages
     * @param args    the command line
     * @return the parsed arguments
     */
    public static ServerArgs parseOrExit(String program, String[] args) {
        try {
            return parse(program, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    /**
     * Makes the tree these arguments describe.
     *
     * @return a new tree holding the root and {@code /zero}
     */
    public PathTree tree() {
        return new PathTree(zeroSize, uid, gid);
    }

    private static long bytes(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        int shift = 0;
        if (!t.isEmpty()) {
            int s = "KMGT".indexOf(t.charAt(t.length() - 1));
            if (s >= 0) {
                shift = 10 * (s + 1);
                t = t.substring(0, t.length() - 1);
            }
        }
        try {
            long n = Long.parseLong(t);
            if (n < 0 || n > Long.MAX_VALUE >> shift) {
                throw new IllegalArgumentException("--zero-size " + text + " is out of range");
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--zero-size " + text + " is not a size in bytes");
        }
    }

    private static String usage(String program) {
        return "usage: " + program + " [--zero-size BYTES] MOUNTPOINT";
    }
}
