package dev.panamafuse.session;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.mount.BackingFiles;

/** The {@link BackingFiles} of a connection without passthrough: every call fails with {@code EOPNOTSUPP}. */
final class NoBackingFiles implements BackingFiles {
    /** The one instance. */
    static final NoBackingFiles INSTANCE = new NoBackingFiles();

    private NoBackingFiles() {
    }

    @Override
    public boolean available() {
        return false;
    }

    @Override
    public int open(int fd) {
        throw new FuseException(Errno.EOPNOTSUPP, "kernel passthrough was not agreed on this connection");
    }

    @Override
    public void close(int backingId) {
        throw new FuseException(Errno.EOPNOTSUPP, "kernel passthrough was not agreed on this connection");
    }

    @Override
    public String toString() {
        return "no passthrough";
    }
}
