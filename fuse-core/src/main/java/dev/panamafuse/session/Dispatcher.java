package dev.panamafuse.session;

import static dev.panamafuse.protocol.ReplyStructs.FUSE_ATTR_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_ENTRY_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_STATFS_OUT;
import static dev.panamafuse.protocol.RequestStructs.FUSE_BATCH_FORGET_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FORGET_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FORGET_ONE;
import static dev.panamafuse.protocol.RequestStructs.FUSE_GETATTR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_LINK_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_MKDIR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_MKNOD_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_RENAME2_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_RENAME_IN;
import static dev.panamafuse.protocol.Structs.FUSE_KSTATFS;
import static dev.panamafuse.protocol.Structs.offset;

import dev.panamafuse.Attr;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileNames;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.StatFs;
import dev.panamafuse.codec.AttrEncoder;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.Flags;
import dev.panamafuse.protocol.Opcode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;

/**
 * Decodes a request, calls the {@link FileSystem} and encodes the reply: one {@code doXxx} per
 * opcode. Name and attribute operations live here; open files and directories in
 * {@link FileDispatch}, extended attributes, locks and the rest in {@link ExtraDispatch}.
 * Every method returns whether a reply must be sent; on success the reply is already finished.
 * Handler exceptions propagate to the session, which turns them into error replies.
 */
final class Dispatcher {
    private static final long FORGET_NLOOKUP = offset(FUSE_FORGET_IN, "nlookup");
    private static final long BATCH_COUNT = offset(FUSE_BATCH_FORGET_IN, "count");
    private static final long ONE_NODEID = offset(FUSE_FORGET_ONE, "nodeid");
    private static final long ONE_NLOOKUP = offset(FUSE_FORGET_ONE, "nlookup");
    private static final long GETATTR_FLAGS = offset(FUSE_GETATTR_IN, "getattr_flags");
    private static final long GETATTR_FH = offset(FUSE_GETATTR_IN, "fh");
    private static final long MKNOD_MODE = offset(FUSE_MKNOD_IN, "mode");
    private static final long MKNOD_RDEV = offset(FUSE_MKNOD_IN, "rdev");
    private static final long MKNOD_UMASK = offset(FUSE_MKNOD_IN, "umask");
    private static final long MKDIR_MODE = offset(FUSE_MKDIR_IN, "mode");
    private static final long MKDIR_UMASK = offset(FUSE_MKDIR_IN, "umask");
    private static final long RENAME_NEWDIR = offset(FUSE_RENAME_IN, "newdir");
    private static final long RENAME2_NEWDIR = offset(FUSE_RENAME2_IN, "newdir");
    private static final long RENAME2_FLAGS = offset(FUSE_RENAME2_IN, "flags");
    private static final long LINK_OLDNODEID = offset(FUSE_LINK_IN, "oldnodeid");
    private static final long ENTRY_VALID = offset(FUSE_ENTRY_OUT, "entry_valid");
    private static final long ENTRY_VALID_NSEC = offset(FUSE_ENTRY_OUT, "entry_valid_nsec");
    private static final long STATFS_BLOCKS = offset(FUSE_KSTATFS, "blocks");
    private static final long STATFS_BFREE = offset(FUSE_KSTATFS, "bfree");
    private static final long STATFS_BAVAIL = offset(FUSE_KSTATFS, "bavail");
    private static final long STATFS_FILES = offset(FUSE_KSTATFS, "files");
    private static final long STATFS_FFREE = offset(FUSE_KSTATFS, "ffree");
    private static final long STATFS_BSIZE = offset(FUSE_KSTATFS, "bsize");
    private static final long STATFS_NAMELEN = offset(FUSE_KSTATFS, "namelen");
    private static final long STATFS_FRSIZE = offset(FUSE_KSTATFS, "frsize");

    final FileSystem fs;
    final MountOptions options;
    final FileDispatch files;
    final ExtraDispatch extra;
    final Session session;
    volatile boolean setxattrExt;
    /**
     * Whether the kernel caches writes ({@code writeback_cache}): it then holds data the
     * filesystem has not seen, so {@code LSEEK} is answered {@code ENOSYS} and the kernel seeks
     * on its own view of the file from then on.
     */
    volatile boolean writebackCache;

    Dispatcher(FileSystem fs, MountOptions options, Session session) {
        this.fs = fs;
        this.options = options;
        this.session = session;
        this.files = new FileDispatch(this);
        this.extra = new ExtraDispatch(this);
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

    /** Handles one request on the handler's thread; returns whether a reply must be written. */
    boolean dispatch(Opcode op, Slot slot) {
        RequestContext req = slot.request;
        RequestFrame in = slot.frame();
        ReplyFrame out = slot.reply();
        return switch (op) {
            case LOOKUP -> lookup(req, in, out);
            case FORGET -> forget(in);
            case BATCH_FORGET -> batchForget(in);
            case GETATTR -> getattr(req, in, out);
            case SETATTR -> attrReply(out, fs.setattr(req, req.nodeid(), SetAttrDecoder.decode(in)));
            case READLINK -> readlink(req, out);
            case SYMLINK -> symlink(req, in, out);
            case MKNOD -> mknod(req, in, out);
            case MKDIR -> mkdir(req, in, out);
            case UNLINK -> empty(out, () -> fs.unlink(req, req.nodeid(), in.name()));
            case RMDIR -> empty(out, () -> fs.rmdir(req, req.nodeid(), in.name()));
            case RENAME -> rename(req, in, out, false);
            case RENAME2 -> rename(req, in, out, true);
            case LINK -> link(req, in, out);
            case STATFS -> statfs(req, out);
            case OPEN, OPENDIR, READ, WRITE, RELEASE, RELEASEDIR, FLUSH, FSYNC, FSYNCDIR, READDIR, READDIRPLUS,
                 CREATE, TMPFILE -> files.dispatch(op, req, slot);
            default -> extra.dispatch(op, req, slot);
        };
    }

    private boolean lookup(RequestContext req, RequestFrame in, ReplyFrame out) {
        String name = in.name();
        Entry entry;
        try {
            entry = fs.lookup(req, req.nodeid(), name);
        } catch (FuseException e) {
            Duration negative = options.negativeTimeout();
            if (e.errno() != Errno.ENOENT || negative.isZero()) {
                throw e;
            }
            entry = null;
        }
        if (entry == null || entry.nodeid() == 0) {
            return negativeEntry(out, entry);
        }
        return entry(out, entry);
    }

    private boolean negativeEntry(ReplyFrame out, Entry entry) {
        long at = out.reserve(FUSE_ENTRY_OUT.byteSize());
        Duration timeout = entry != null && entry.entryTimeout() != null ? entry.entryTimeout()
                : options.negativeTimeout();
        out.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, at + ENTRY_VALID,
                timeout.getSeconds());
        out.buffer().set(ValueLayout.JAVA_INT_UNALIGNED, at + ENTRY_VALID_NSEC,
                timeout.getNano());
        out.finish();
        return true;
    }

    private boolean forget(RequestFrame in) {
        long at = in.argument(FUSE_FORGET_IN.byteSize());
        fs.forget(in.nodeid(), in.getLong(at + FORGET_NLOOKUP));
        return false;
    }

    private boolean batchForget(RequestFrame in) {
        long at = in.argument(FUSE_BATCH_FORGET_IN.byteSize());
        int count = in.getInt(at + BATCH_COUNT);
        long one = FUSE_FORGET_ONE.byteSize();
        if (count < 0 || count > in.remaining() / one) {
            throw new dev.panamafuse.codec.MalformedFrameException("BATCH_FORGET count " + count + " exceeds frame");
        }
        for (int i = 0; i < count; i++) {
            long item = in.argument(one);
            fs.forget(in.getLong(item + ONE_NODEID), in.getLong(item + ONE_NLOOKUP));
        }
        return false;
    }

    private boolean getattr(RequestContext req, RequestFrame in, ReplyFrame out) {
        long fh = FileSystem.NO_FH;
        if (in.remaining() >= FUSE_GETATTR_IN.byteSize()) {
            long at = in.argument(FUSE_GETATTR_IN.byteSize());
            if ((in.getInt(at + GETATTR_FLAGS) & Flags.GETATTR_FH) != 0) {
                fh = in.getLong(at + GETATTR_FH);
            }
        }
        return attrReply(out, fs.getattr(req, req.nodeid(), fh));
    }

    private boolean readlink(RequestContext req, ReplyFrame out) {
        String target = fs.readlink(req, req.nodeid());
        byte[] bytes = FileNames.encode(target);
        if (bytes.length > out.capacity()) {
            throw new FuseException(Errno.ENAMETOOLONG);
        }
        MemorySegment.copy(bytes, 0, out.payload(), ValueLayout.JAVA_BYTE, 0, bytes.length);
        out.advance(bytes.length);
        out.finish();
        return true;
    }

    private boolean symlink(RequestContext req, RequestFrame in, ReplyFrame out) {
        String name = in.name();
        String target = in.name();
        return entry(out, fs.symlink(req, target, req.nodeid(), name));
    }

    private boolean mknod(RequestContext req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_MKNOD_IN.byteSize());
        String name = in.name();
        return entry(out, fs.mknod(req, req.nodeid(), name, in.getInt(at + MKNOD_MODE), in.getInt(at + MKNOD_RDEV),
                in.getInt(at + MKNOD_UMASK)));
    }

    private boolean mkdir(RequestContext req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_MKDIR_IN.byteSize());
        String name = in.name();
        return entry(out, fs.mkdir(req, req.nodeid(), name, in.getInt(at + MKDIR_MODE), in.getInt(at + MKDIR_UMASK)));
    }

    private boolean rename(RequestContext req, RequestFrame in, ReplyFrame out, boolean withFlags) {
        long newDir;
        int flags = 0;
        if (withFlags) {
            long at = in.argument(FUSE_RENAME2_IN.byteSize());
            newDir = in.getLong(at + RENAME2_NEWDIR);
            flags = in.getInt(at + RENAME2_FLAGS);
        } else {
            newDir = in.getLong(in.argument(FUSE_RENAME_IN.byteSize()) + RENAME_NEWDIR);
        }
        String name = in.name();
        String newName = in.name();
        int f = flags;
        return empty(out, () -> fs.rename(req, req.nodeid(), name, newDir, newName, f));
    }

    private boolean link(RequestContext req, RequestFrame in, ReplyFrame out) {
        long old = in.getLong(in.argument(FUSE_LINK_IN.byteSize()) + LINK_OLDNODEID);
        String newName = in.name();
        return entry(out, fs.link(req, old, req.nodeid(), newName));
    }

    private boolean statfs(RequestContext req, ReplyFrame out) {
        StatFs st = fs.statfs(req, req.nodeid());
        if (st == null) {
            throw new FuseException(Errno.EIO, "statfs returned null");
        }
        long at = out.reserve(FUSE_STATFS_OUT.byteSize());
        MemorySegment s = out.buffer();
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + STATFS_BLOCKS, st.blocks());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + STATFS_BFREE, st.bfree());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + STATFS_BAVAIL, st.bavail());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + STATFS_FILES, st.files());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + STATFS_FFREE, st.ffree());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + STATFS_BSIZE, st.bsize());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + STATFS_NAMELEN, st.namelen());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + STATFS_FRSIZE, st.frsize());
        out.finish();
        return true;
    }

    /** Finishes a reply with a {@code fuse_entry_out}. */
    boolean entry(ReplyFrame out, Entry entry) {
        if (entry == null) {
            throw new FuseException(Errno.EIO, "handler returned a null Entry");
        }
        long at = out.reserve(FUSE_ENTRY_OUT.byteSize());
        AttrEncoder.entryOut(out.buffer(), at, entry, options.entryTimeout(), options.attrTimeout());
        out.finish();
        return true;
    }

    /** Finishes a reply with a {@code fuse_attr_out}. */
    boolean attrReply(ReplyFrame out, Attr attr) {
        if (attr == null) {
            throw new FuseException(Errno.EIO, "handler returned null attributes");
        }
        long at = out.reserve(FUSE_ATTR_OUT.byteSize());
        AttrEncoder.attrOut(out.buffer(), at, attr, options.attrTimeout());
        out.finish();
        return true;
    }

    /** Runs a handler with no result and finishes an empty success reply. */
    static boolean empty(ReplyFrame out, Runnable handler) {
        handler.run();
        out.finish();
        return true;
    }
}
