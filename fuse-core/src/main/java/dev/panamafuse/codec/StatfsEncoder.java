package dev.panamafuse.codec;

import static dev.panamafuse.protocol.ReplyStructs.FUSE_KSTATFS;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_STATFS_OUT;
import static dev.panamafuse.protocol.StructFields.offset;

import dev.panamafuse.FuseException;
import dev.panamafuse.StatFs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Encodes a {@link StatFs} into {@code struct fuse_statfs_out}, the reply to {@code FUSE_STATFS}. */
public final class StatfsEncoder {
    private static final long ST = offset(FUSE_STATFS_OUT, "st");
    private static final long BLOCKS = offset(FUSE_KSTATFS, "blocks");
    private static final long BFREE = offset(FUSE_KSTATFS, "bfree");
    private static final long BAVAIL = offset(FUSE_KSTATFS, "bavail");
    private static final long FILES = offset(FUSE_KSTATFS, "files");
    private static final long FFREE = offset(FUSE_KSTATFS, "ffree");
    private static final long BSIZE = offset(FUSE_KSTATFS, "bsize");
    private static final long NAMELEN = offset(FUSE_KSTATFS, "namelen");
    private static final long FRSIZE = offset(FUSE_KSTATFS, "frsize");

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
        long at = out.reserveAnswer(st, FUSE_STATFS_OUT, "StatFs") + ST;
        MemorySegment s = out.buffer();
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + BLOCKS, st.blocks());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + BFREE, st.bfree());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + BAVAIL, st.bavail());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + FILES, st.files());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + FFREE, st.ffree());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + BSIZE, st.bsize());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + NAMELEN, st.namelen());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + FRSIZE, st.frsize());
    }
}
