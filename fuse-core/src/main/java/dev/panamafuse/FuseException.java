package dev.panamafuse;

import java.util.Objects;

/**
 * The one way a {@link FileSystem} handler fails a request: the session answers the kernel with
 * {@code -errno()}, and the calling process sees that errno from its system call.
 *
 * <p>The exception is unchecked and stackless, so a frequent answer such as {@code ENOENT} on
 * {@code lookup} costs no stack walk. Any other exception thrown by a handler is answered with
 * {@link Errno#EIO} and logged with the opcode and unique of the request.
 */
public final class FuseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The errno sent to the kernel. */
    private final Errno errno;

    /**
     * Fails a request with {@code errno}.
     *
     * @param errno the error the calling process will see, not null
     */
    public FuseException(Errno errno) {
        super(Objects.requireNonNull(errno, "errno").name(), null, false, false);
        this.errno = errno;
    }

    /**
     * Fails a request with {@code errno} and a message for the library's log.
     *
     * @param errno the error the calling process will see, not null
     * @param message what went wrong, for logs
     */
    public FuseException(Errno errno, String message) {
        super(Objects.requireNonNull(errno, "errno").name() + ": " + message, null, false, false);
        this.errno = errno;
    }

    /** {@return the errno the request is answered with} */
    public Errno errno() {
        return errno;
    }
}
