package dev.panamafuse.session;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.mount.BackingFiles;

/**
 * {@link BackingFiles} that cannot register: every {@code open} and {@code close} fails with
 * {@code EOPNOTSUPP}, for a connection without passthrough ({@link #NOT_AGREED}) or over a
 * transport without a {@code /dev/fuse} descriptor ({@link #NO_DEVICE}).
 *
 * @param available whether passthrough was agreed in INIT
 * @param why       the failure's message
 */
record NoBackingFiles(boolean available, String why) implements BackingFiles {
    /** A connection that did not agree on passthrough. */
    static final NoBackingFiles NOT_AGREED =
            new NoBackingFiles(false, "kernel passthrough was not agreed on this connection");
    /** A transport that has no device to register backing files with. */
    static final NoBackingFiles NO_DEVICE = new NoBackingFiles(true, "this transport cannot register backing files");

    @Override
    public int open(int fd) {
        throw new FuseException(Errno.EOPNOTSUPP, why);
    }

    @Override
    public void close(int backingId) {
        throw new FuseException(Errno.EOPNOTSUPP, why);
    }

    @Override
    public String toString() {
        return available ? "passthrough without a device" : "no passthrough";
    }
}
