package dev.panamafuse.ffm.posix;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import java.io.IOException;
import java.util.Objects;

/**
 * A libc call that returned -1, with the {@code errno} it set.
 *
 * <p>The message names the call, its key argument and the error, for example
 * {@code openat2(5, "a/b") failed: ENOENT (No such file or directory)} or
 * {@code pread(7) failed: EBADF (Bad file descriptor)}: the call and its argument are there for
 * people to read, code branches on {@link #errno()} or {@link #toErrno()}. A filesystem that
 * passes a source's error on to the kernel rethrows it with {@link #toFuseException()}:
 *
 * <pre>{@code
 * try {
 *     return AtCalls.openat(dirfd, name, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
 * } catch (LibcException e) {
 *     throw e.toFuseException();   // the client sees the same errno
 * }
 * }</pre>
 */
public final class LibcException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The {@code errno} it set. */
    private final int errno;

    /**
     * Creates the exception for a failed call.
     *
     * @param call     the name of the C function, e.g. "open", not null
     * @param argument the key argument as it should appear between the parentheses of the message,
     *                 e.g. {@code "/dev/fuse"} with its quotes or {@code 7} for a descriptor;
     *                 null or empty for none
     * @param errno    the errno value the call set
     */
    public LibcException(String call, String argument, int errno) {
        super(message(call, argument, errno));
        this.errno = errno;
    }

    /**
     * The errno value the failed call set.
     *
     * @return the number, e.g. 2 for ENOENT
     */
    public int errno() {
        return errno;
    }

    /**
     * The errno as a constant of {@link Errno}.
     *
     * @return the constant, or null when {@link Errno} does not name this value
     */
    public Errno toErrno() {
        return Errno.fromCode(errno);
    }

    /**
     * The {@link FuseException} that answers a FUSE request with this errno, for a filesystem
     * that passes its source's errors on; an errno {@link Errno} does not name becomes
     * {@link Errno#EIO} with this exception's message.
     *
     * @return the exception to throw from a {@code FileSystem} method
     */
    public FuseException toFuseException() {
        Errno e = toErrno();
        return e != null ? new FuseException(e) : new FuseException(Errno.EIO, getMessage());
    }

    private static String message(String call, String argument, int errno) {
        return Objects.requireNonNull(call, "call") + "(" + (argument == null ? "" : argument) + ") failed: "
                + Errno.nameOf(errno) + " (" + describe(errno) + ")";
    }

    /** The text of an errno value: the {@link Errno} description, else libc's strerror. */
    static String describe(int errno) {
        Errno e = Errno.fromCode(errno);
        if (e != null) {
            return e.description();
        }
        try {
            return LibcCall.strerror(errno);
        } catch (RuntimeException | LinkageError ex) {
            return "Unknown error " + errno;
        }
    }
}
