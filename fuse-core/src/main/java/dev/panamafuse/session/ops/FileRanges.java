package dev.panamafuse.session.ops;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;

/** The range check of the file offsets a request carries, shared by the file operations. */
final class FileRanges {
    private FileRanges() {
    }

    /**
     * Checks a file offset of a request before a handler sees it: the kernel sends offsets in
     * {@code [0, 2^63)} with {@code offset + length} in range; anything else (a corrupted or
     * hostile frame) is {@code EINVAL}.
     *
     * @param offset the offset
     * @param length the byte count that follows it
     * @return {@code offset}
     */
    static long fileOffset(long offset, long length) {
        if (offset < 0 || length < 0 || offset > Long.MAX_VALUE - length) {
            throw new FuseException(Errno.EINVAL, "offset " + Long.toUnsignedString(offset) + " and length "
                    + Long.toUnsignedString(length) + " out of range");
        }
        return offset;
    }
}
