package dev.panamafuse.codec;

import static dev.panamafuse.protocol.ReplyStructs.FUSE_ATTR;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_ATTR_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_ENTRY_OUT;
import static dev.panamafuse.protocol.StructFields.offset;

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
    private static final long INO = offset(FUSE_ATTR, "ino");
    private static final long SIZE = offset(FUSE_ATTR, "size");
    private static final long BLOCKS = offset(FUSE_ATTR, "blocks");
    private static final long ATIME = offset(FUSE_ATTR, "atime");
    private static final long MTIME = offset(FUSE_ATTR, "mtime");
    private static final long CTIME = offset(FUSE_ATTR, "ctime");
    private static final long ATIMENSEC = offset(FUSE_ATTR, "atimensec");
    private static final long MTIMENSEC = offset(FUSE_ATTR, "mtimensec");
    private static final long CTIMENSEC = offset(FUSE_ATTR, "ctimensec");
    private static final long MODE = offset(FUSE_ATTR, "mode");
    private static final long NLINK = offset(FUSE_ATTR, "nlink");
    private static final long UID = offset(FUSE_ATTR, "uid");
    private static final long GID = offset(FUSE_ATTR, "gid");
    private static final long RDEV = offset(FUSE_ATTR, "rdev");
    private static final long BLKSIZE = offset(FUSE_ATTR, "blksize");
    private static final long FLAGS = offset(FUSE_ATTR, "flags");

    private static final long ENTRY_NODEID = offset(FUSE_ENTRY_OUT, "nodeid");
    private static final long ENTRY_GENERATION = offset(FUSE_ENTRY_OUT, "generation");
    private static final long ENTRY_VALID = offset(FUSE_ENTRY_OUT, "entry_valid");
    private static final long ENTRY_ATTR_VALID = offset(FUSE_ENTRY_OUT, "attr_valid");
    private static final long ENTRY_VALID_NSEC = offset(FUSE_ENTRY_OUT, "entry_valid_nsec");
    private static final long ENTRY_ATTR_VALID_NSEC = offset(FUSE_ENTRY_OUT, "attr_valid_nsec");
    private static final long ENTRY_ATTR = offset(FUSE_ENTRY_OUT, "attr");

    private static final long ATTR_OUT_VALID = offset(FUSE_ATTR_OUT, "attr_valid");
    private static final long ATTR_OUT_VALID_NSEC = offset(FUSE_ATTR_OUT, "attr_valid_nsec");
    private static final long ATTR_OUT_ATTR = offset(FUSE_ATTR_OUT, "attr");

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
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + INO, attr.ino());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + SIZE, attr.size());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + BLOCKS, attr.blocks());
        time(s, at + ATIME, at + ATIMENSEC, attr.atime());
        time(s, at + MTIME, at + MTIMENSEC, attr.mtime());
        time(s, at + CTIME, at + CTIMENSEC, attr.ctime());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + MODE, attr.mode());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + NLINK, attr.nlink());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + UID, attr.uid());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + GID, attr.gid());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + RDEV, attr.rdev());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + BLKSIZE, attr.blksize());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + FLAGS, attr.flags());
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
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + ENTRY_NODEID, entry.nodeid());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + ENTRY_GENERATION, entry.generation());
        validity(s, at + ENTRY_VALID, at + ENTRY_VALID_NSEC, entryValid);
        validity(s, at + ENTRY_ATTR_VALID, at + ENTRY_ATTR_VALID_NSEC, attrValid);
        attr(s, at + ENTRY_ATTR, entry.attr());
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
        validity(s, at + ATTR_OUT_VALID, at + ATTR_OUT_VALID_NSEC, timeout);
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
        validity(out.buffer(), at + ENTRY_VALID, at + ENTRY_VALID_NSEC, timeout);
    }
}
