package dev.panamafuse.codec;

/**
 * A request frame that does not match the protocol: too short for its header, a {@code len}
 * that disagrees with the bytes read, arguments cut short, or a name without its terminating NUL.
 * The session answers such a frame with {@code EIO} (when it has a unique to answer) and goes on;
 * the exception never leaves the reader. Stackless, because a broken frame is an input error.
 */
public final class MalformedFrameException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the frame
     */
    public MalformedFrameException(String message) {
        super(message, null, false, false);
    }
}
