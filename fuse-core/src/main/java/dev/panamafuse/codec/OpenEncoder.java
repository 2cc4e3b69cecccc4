package dev.panamafuse.codec;

import static dev.panamafuse.codec.ReplyOffsets.OPEN_OUT_BACKING_ID;
import static dev.panamafuse.codec.ReplyOffsets.OPEN_OUT_FH;
import static dev.panamafuse.codec.ReplyOffsets.OPEN_OUT_OPEN_FLAGS;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_OPEN_OUT;

import dev.panamafuse.FuseException;
import dev.panamafuse.OpenFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Encodes an {@link OpenFile} into {@code struct fuse_open_out}: the reply to {@code OPEN} and
 * {@code OPENDIR}, and the second half of a {@code CREATE} or {@code TMPFILE} reply.
 */
public final class OpenEncoder {
    private OpenEncoder() {
    }

    /**
     * Appends a {@code fuse_open_out} to a reply.
     *
     * @param out        the reply, begun
     * @param open       the handler's answer
     * @param extraFlags {@code FOPEN_*} bits added to the handler's (the mount's {@code direct_io},
     *                   {@code kernel_cache}), 0 for none
     * @throws FuseException {@code EIO} if {@code open} is null (a handler bug)
     */
    public static void openOut(ReplyFrame out, OpenFile open, int extraFlags) {
        long at = out.reserveAnswer(open, FUSE_OPEN_OUT, "OpenFile");
        MemorySegment s = out.buffer();
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + OPEN_OUT_FH, open.fh());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + OPEN_OUT_OPEN_FLAGS, open.flags() | extraFlags);
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + OPEN_OUT_BACKING_ID, open.backingId());
    }
}
