package dev.panamafuse.session;

import static dev.panamafuse.protocol.RequestStructs.GETXATTR_IN_SIZE;
import static dev.panamafuse.protocol.RequestStructs.IOCTL_IN_OUT_SIZE;
import static dev.panamafuse.protocol.RequestStructs.READ_IN_SIZE;

import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.protocol.Opcode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The largest reply a request may get, for a request moved into a {@link SpillPool} slot: the size the kernel asked for on {@code READ}, {@code READDIR},
 * {@code READDIRPLUS}, {@code GETXATTR}, {@code LISTXATTR} and {@code IOCTL}, plus room for the
 * headers; one page for every other reply (the largest fixed reply, {@code fuse_statx_out} after
 * its header, is under 300 bytes).
 */
final class ReplyCapacity {
    private static final long FIXED = 4096;
    private static final long READ_SIZE = RequestFrame.HEADER_SIZE + READ_IN_SIZE;
    private static final long XATTR_SIZE = RequestFrame.HEADER_SIZE + GETXATTR_IN_SIZE;
    private static final long IOCTL_OUT_SIZE = RequestFrame.HEADER_SIZE + IOCTL_IN_OUT_SIZE;

    private ReplyCapacity() {
    }

    /**
     * The reply buffer size for a request.
     *
     * @param op  the request's opcode
     * @param in  the request buffer
     * @param n   the frame's length
     * @param max the pooled reply buffer's size, never exceeded
     * @return bytes
     */
    static long of(Opcode op, MemorySegment in, int n, long max) {
        long field = switch (op) {
            case READ, READDIR, READDIRPLUS -> READ_SIZE;
            case GETXATTR, LISTXATTR -> XATTR_SIZE;
            case IOCTL -> IOCTL_OUT_SIZE;
            default -> -1;
        };
        if (field < 0 || field + 4 > n) {
            return Math.min(FIXED, max);
        }
        long asked = Integer.toUnsignedLong(in.get(ValueLayout.JAVA_INT_UNALIGNED, field));
        return Math.min(FIXED + asked, max);
    }
}
