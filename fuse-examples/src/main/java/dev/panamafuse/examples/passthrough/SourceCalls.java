package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;

/**
 * Runs system calls for the passthrough: a failed call becomes a {@link FuseException} with the
 * errno the source filesystem gave, so the client sees exactly what the source said.
 */
final class SourceCalls {

    /** A system call that returns a value. */
    @FunctionalInterface
    interface Call<T> {
        /** Makes the call. */
        T run() throws LibcException;
    }

    /** A system call without a result. */
    @FunctionalInterface
    interface Action {
        /** Makes the call. */
        void run() throws LibcException;
    }

    private SourceCalls() {
    }

    /** Runs {@code call}, failing with its errno. */
    static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (LibcException e) {
            throw fail(e);
        }
    }

    /** Runs {@code action}, failing with its errno. */
    static void run(Action action) {
        try {
            action.run();
        } catch (LibcException e) {
            throw fail(e);
        }
    }

    /** The FUSE error for a failed call; an errno {@link Errno} does not name becomes EIO. */
    static FuseException fail(LibcException e) {
        Errno errno = e.toErrno();
        return errno != null ? new FuseException(errno) : new FuseException(Errno.EIO, e.getMessage());
    }

    /** The magic link that names what descriptor {@code fd} names: {@code /proc/self/fd/N}. */
    static String procPath(int fd) {
        return "/proc/self/fd/" + fd;
    }

    /**
     * Opens the file an {@code O_PATH} (or any) descriptor names, anew, with {@code flags}, through
     * {@code /proc/self/fd/N}. The kernel refuses ({@code ELOOP}) to open a symbolic link this way.
     */
    static int reopen(int fd, int flags) {
        return call(() -> AtCalls.openat(AtCalls.AT_FDCWD, procPath(fd), flags | OpenFlags.O_CLOEXEC, 0));
    }

    /** Closes a descriptor, ignoring errors (it is released whatever close says). */
    static void closeQuietly(int fd) {
        try {
            DescriptorCalls.close(fd);
        } catch (LibcException e) {
            // the descriptor is gone either way
        }
    }
}
