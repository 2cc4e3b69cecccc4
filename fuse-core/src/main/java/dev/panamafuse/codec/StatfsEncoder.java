package dev.panamafuse.codec;

import static dev.panamafuse.codec.ReplyOffsets.KSTATFS_BAVAIL;
import static dev.panamafuse.codec.ReplyOffsets.KSTATFS_BFREE;
import static dev.panamafuse.codec.ReplyOffsets.KSTATFS_BLOCKS;
import static dev.panamafuse.codec.ReplyOffsets.KSTATFS_BSIZE;
import static dev.panamafuse.codec.ReplyOffsets.KSTATFS_FFREE;
import static dev.panamafuse.codec.ReplyOffsets.KSTATFS_FILES;
import static dev.panamafuse.codec.ReplyOffsets.KSTATFS_FRSIZE;
import static dev.panamafuse.codec.ReplyOffsets.KSTATFS_NAMELEN;
import static dev.panamafuse.codec.ReplyOffsets.STATFS_OUT_ST;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_STATFS_OUT;

import dev.panamafuse.FuseException;
import dev.panamafuse.StatFs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Encodes a {@link StatFs} into {@code struct fuse_statfs_out}, the reply to {@code FUSE_STATFS}. */
public final class StatfsEncoder {
    private StatfsEncoder() {
    }

    /**
     * Appends a {@code fuse_statfs_out} to a reply.
     *
     * @param out the reply, begun
     * @param st  the handler's statistics
     * @throws FuseException {@code EIO} if {@code st} is null (a handler bug)
     */
    public static void statfsOut(ReplyFrame out, StatFs st) {
        long at = out.reserveAnswer(st, FUSE_STATFS_OUT, "StatFs") + STATFS_OUT_ST;
        MemorySegment s = out.buffer();
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + KSTATFS_BLOCKS, st.blocks());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + KSTATFS_BFREE, st.bfree());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + KSTATFS_BAVAIL, st.bavail());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + KSTATFS_FILES, st.files());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + KSTATFS_FFREE, st.ffree());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + KSTATFS_BSIZE, st.bsize());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + KSTATFS_NAMELEN, st.namelen());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + KSTATFS_FRSIZE, st.frsize());
    }
}
