package dev.panamafuse;

/**
 * The answer to a restricted {@code ioctl}: the value the caller's {@code ioctl(2)} returns and
 * the bytes copied back to its argument.
 *
 * @param result the return value of {@code ioctl(2)}
 * @param out    bytes for the caller's output buffer (at most the size the kernel asked for); empty
 *               when the command has no output
 */
public record IoctlResult(int result, byte[] out) {
}
