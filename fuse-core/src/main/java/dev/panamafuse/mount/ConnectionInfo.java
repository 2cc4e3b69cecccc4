package dev.panamafuse.mount;

import dev.panamafuse.FileSystem;
import java.util.Objects;

/**
 * What the kernel and the session agreed on in {@code FUSE_INIT}, passed to
 * {@link FileSystem#init(ConnectionInfo)} and available from {@link FuseMount#connection()}.
 *
 * @param major          protocol major version, always 7
 * @param minor          negotiated protocol minor: the lower of the kernel's and ours (45)
 * @param kernelFlags    every {@code FUSE_*} capability bit the kernel offered (flags2 in the high 32 bits)
 * @param flags          the capability bits the session enabled
 * @param maxWrite       largest WRITE payload the kernel will send
 * @param maxReadahead   readahead limit in bytes
 * @param maxPages       largest request in pages
 * @param timeGran       timestamp granularity in nanoseconds the kernel was told
 * @param backingFiles   kernel passthrough: registers backing files when {@link Capability#PASSTHROUGH}
 *                       was agreed, else fails every call ({@link BackingFiles#available()} tells)
 */
public record ConnectionInfo(int major, int minor, long kernelFlags, long flags, int maxWrite, int maxReadahead,
                             int maxPages, int timeGran, BackingFiles backingFiles) {

    /** Checks that {@code backingFiles} is present. */
    public ConnectionInfo {
        Objects.requireNonNull(backingFiles, "backingFiles");
    }

    /**
     * Whether a capability is enabled on this connection.
     *
     * @param flag a {@code FUSE_*} capability bit, e.g. {@code 1L << 1} for {@code FUSE_POSIX_LOCKS}
     * @return true if the session enabled it
     */
    public boolean isEnabled(long flag) {
        return (flags & flag) != 0;
    }

    /**
     * Whether INIT agreed on a capability, e.g. {@link Capability#IO_URING}: true when the
     * connection's requests travel over io_uring.
     *
     * @param capability the capability
     * @return true if both sides enabled it
     */
    public boolean isEnabled(Capability capability) {
        return isEnabled(capability.flag());
    }
}
