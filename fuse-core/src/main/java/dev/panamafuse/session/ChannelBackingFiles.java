package dev.panamafuse.session;

import dev.panamafuse.mount.BackingFiles;

/**
 * The {@link BackingFiles} of a connection that agreed on passthrough: registers backing files
 * through the session's first transport (any fd of the connection will do; its clones share it).
 */
final class ChannelBackingFiles implements BackingFiles {
    private final FuseTransport channel;

    ChannelBackingFiles(FuseTransport channel) {
        this.channel = channel;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public int open(int fd) {
        return channel.openBacking(fd);
    }

    @Override
    public void close(int backingId) {
        channel.closeBacking(backingId);
    }

    @Override
    public String toString() {
        return "passthrough through " + channel;
    }
}
