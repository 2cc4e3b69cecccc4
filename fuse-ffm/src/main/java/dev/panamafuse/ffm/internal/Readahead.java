package dev.panamafuse.ffm.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Raises a mount's readahead beyond what {@code FUSE_INIT} can ask for. The kernel offers its
 * default readahead (128 KiB) in INIT and takes the smaller of that and the reply's
 * {@code max_readahead}; the only way up is the mount's backing device info in sysfs, which root
 * may write once the mount exists.
 */
final class Readahead {
    private static final System.Logger LOG = System.getLogger(Readahead.class.getName());

    private Readahead() {
    }

    /**
     * Writes {@code wanted} to {@code /sys/class/bdi/MAJOR:MINOR/read_ahead_kb} when it exceeds
     * what INIT negotiated; a refusal (not root, no sysfs) is logged at debug level and ignored.
     *
     * @param device     the mount's device number ({@code st_dev}), or -1 when unknown
     * @param wanted     the readahead asked for, bytes
     * @param negotiated the readahead INIT settled on, bytes
     * @return whether it was raised
     */
    static boolean raise(long device, int wanted, int negotiated) {
        if (device < 0 || wanted <= negotiated) {
            return false;
        }
        Path knob = Path.of("/sys/class/bdi/" + major(device) + ":" + minor(device) + "/read_ahead_kb");
        try {
            Files.writeString(knob, Integer.toString(wanted / 1024));
            return true;
        } catch (IOException | SecurityException e) {
            LOG.log(Level.DEBUG, () -> "readahead stays at " + negotiated / 1024 + " KiB: cannot write " + knob
                    + ": " + e.getMessage());
            return false;
        }
    }

    /** The major number of a Linux {@code dev_t}. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    /** The minor number of a Linux {@code dev_t}. */
    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }
}
