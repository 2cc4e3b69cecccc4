package dev.panamafuse.codec;

import static dev.panamafuse.codec.ReplyOffsets.ATTR_ATIME;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_ATIMENSEC;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_BLKSIZE;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_BLOCKS;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_CTIME;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_CTIMENSEC;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_FLAGS;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_GID;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_INO;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_MODE;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_MTIME;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_MTIMENSEC;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_NLINK;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_OUT_ATTR;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_OUT_ATTR_VALID;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_OUT_ATTR_VALID_NSEC;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_RDEV;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_SIZE;
import static dev.panamafuse.codec.ReplyOffsets.ATTR_UID;
import static dev.panamafuse.codec.ReplyOffsets.ENTRY_OUT_ATTR;
import static dev.panamafuse.codec.ReplyOffsets.ENTRY_OUT_ATTR_VALID;
import static dev.panamafuse.codec.ReplyOffsets.ENTRY_OUT_ATTR_VALID_NSEC;
import static dev.panamafuse.codec.ReplyOffsets.ENTRY_OUT_ENTRY_VALID;
import static dev.panamafuse.codec.ReplyOffsets.ENTRY_OUT_ENTRY_VALID_NSEC;
import static dev.panamafuse.codec.ReplyOffsets.ENTRY_OUT_GENERATION;
import static dev.panamafuse.codec.ReplyOffsets.ENTRY_OUT_NODEID;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_ATTR_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_ENTRY_OUT;

import dev.panamafuse.Attr;
import dev.panamafuse.Entry;
import dev.panamafuse.FuseException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.time.Instant;

/**
 * Encodes {@link Attr} into {@code struct fuse_attr} and the replies built on it:
 * {@code fuse_attr_out} ({@code GETATTR}, {@code SETATTR}) and {@code fuse_entry_out}
 * ({@code LOOKUP}, the create-type requests, the first half of a {@code CREATE} reply and each
 * {@code READDIRPLUS} record), with cache timeouts as seconds plus nanoseconds. The methods taking
 * a segment and an offset need the target bytes zeroed beforehand (as
 * {@link ReplyFrame#reserve(long)} does), since padding is not written; the methods taking a
 * {@link ReplyFrame} reserve the struct at its cursor themselves.
 */
public final class AttrEncoder {
    private AttrEncoder() {
    }

    /**
     * Writes a {@code fuse_attr}.
     *
     * @param s    target
     * @param at   offset of the struct
     * @param attr the attributes
     */
    public static void attr(MemorySegment s, long at, Attr attr) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + ATTR_INO, attr.ino());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + ATTR_SIZE, attr.size());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + ATTR_BLOCKS, attr.blocks());
        time(s, at + ATTR_ATIME, at + ATTR_ATIMENSEC, attr.atime());
        time(s, at + ATTR_MTIME, at + ATTR_MTIMENSEC, attr.mtime());
        time(s, at + ATTR_CTIME, at + ATTR_CTIMENSEC, attr.ctime());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + ATTR_MODE, attr.mode());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + ATTR_NLINK, attr.nlink());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + ATTR_UID, attr.uid());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + ATTR_GID, attr.gid());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + ATTR_RDEV, attr.rdev());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + ATTR_BLKSIZE, attr.blksize());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + ATTR_FLAGS, attr.flags());
    }

    /**
     * Writes a {@code fuse_entry_out}.
     *
     * @param s            target
     * @param at           offset of the struct
     * @param entry        the entry
     * @param entryDefault entry timeout when the entry has none
     * @param attrDefault  attribute timeout when the entry has none
     */
    public static void entryOut(MemorySegment s, long at, Entry entry, Duration entryDefault, Duration attrDefault) {
        Duration entryValid = entry.entryTimeout() != null ? entry.entryTimeout() : entryDefault;
        Duration attrValid = entry.attrTimeout() != null ? entry.attrTimeout() : attrDefault;
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + ENTRY_OUT_NODEID, entry.nodeid());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + ENTRY_OUT_GENERATION, entry.generation());
        validity(s, at + ENTRY_OUT_ENTRY_VALID, at + ENTRY_OUT_ENTRY_VALID_NSEC, entryValid);
        validity(s, at + ENTRY_OUT_ATTR_VALID, at + ENTRY_OUT_ATTR_VALID_NSEC, attrValid);
        attr(s, at + ENTRY_OUT_ATTR, entry.attr());
    }

    /**
     * Writes a {@code fuse_attr_out}.
     *
     * @param s       target
     * @param at      offset of the struct
     * @param attr    the attributes
     * @param timeout how long the kernel may cache them
     */
    public static void attrOut(MemorySegment s, long at, Attr attr, Duration timeout) {
        validity(s, at + ATTR_OUT_ATTR_VALID, at + ATTR_OUT_ATTR_VALID_NSEC, timeout);
        attr(s, at + ATTR_OUT_ATTR, attr);
    }

    private static void time(MemorySegment s, long secAt, long nsecAt, Instant t) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, secAt, t.getEpochSecond());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, nsecAt, t.getNano());
    }

    private static void validity(MemorySegment s, long secAt, long nsecAt, Duration d) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, secAt, d.getSeconds());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, nsecAt, d.getNano());
    }

    /**
     * Appends a {@code fuse_attr_out} to a reply.
     *
     * @param out     the reply, begun
     * @param attr    the handler's attributes
     * @param timeout how long the kernel may cache them
     * @throws FuseException {@code EIO} if {@code attr} is null (a handler bug)
     */
    public static void attrOut(ReplyFrame out, Attr attr, Duration timeout) {
        attrOut(out.buffer(), out.reserveAnswer(attr, FUSE_ATTR_OUT, "Attr"), attr, timeout);
    }

    /**
     * Appends a {@code fuse_entry_out} to a reply.
     *
     * @param out          the reply, begun
     * @param entry        the handler's entry
     * @param entryDefault entry timeout when the entry has none
     * @param attrDefault  attribute timeout when the entry has none
     * @throws FuseException {@code EIO} if {@code entry} is null (a handler bug)
     */
    public static void entryOut(ReplyFrame out, Entry entry, Duration entryDefault, Duration attrDefault) {
        entryOut(out.buffer(), out.reserveAnswer(entry, FUSE_ENTRY_OUT, "Entry"), entry, entryDefault, attrDefault);
    }

    /**
     * Appends a negative {@code fuse_entry_out}: node id 0, which the kernel caches as "no such
     * name" for {@code timeout}.
     *
     * @param out     the reply, begun
     * @param timeout how long the kernel may cache the absence
     */
    public static void negativeEntryOut(ReplyFrame out, Duration timeout) {
        long at = out.reserve(FUSE_ENTRY_OUT.byteSize());
        validity(out.buffer(), at + ENTRY_OUT_ENTRY_VALID, at + ENTRY_OUT_ENTRY_VALID_NSEC, timeout);
    }
}
