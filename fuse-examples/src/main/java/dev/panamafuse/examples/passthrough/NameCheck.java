package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Errno;
import dev.panamafuse.FileNames;
import dev.panamafuse.FuseException;

/**
 * The check every name from the kernel passes before it reaches a system call: one path
 * component, so a name can never walk out of its directory.
 */
final class NameCheck {
    /** {@code NAME_MAX}. */
    static final int NAME_MAX = 255;

    private NameCheck() {
    }

    /**
     * Accepts a single component: not empty, not "." or "..", without '/' or NUL, at most
     * {@link #NAME_MAX} bytes.
     *
     * @param name the name
     * @return the name
     * @throws FuseException {@code EINVAL} for anything but one component, {@code ENAMETOOLONG}
     */
    static String check(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
                || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new FuseException(Errno.EINVAL, "not a single path component: " + name);
        }
        if (FileNames.byteLength(name) > NAME_MAX) {
            throw new FuseException(Errno.ENAMETOOLONG);
        }
        return name;
    }
}
