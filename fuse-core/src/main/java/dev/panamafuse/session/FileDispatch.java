package dev.panamafuse.session;

import static dev.panamafuse.protocol.ReplyStructs.FUSE_ENTRY_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_OPEN_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_WRITE_OUT;
import static dev.panamafuse.protocol.RequestStructs.FUSE_CREATE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FLUSH_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FSYNC_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_OPEN_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_READ_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_RELEASE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_WRITE_IN;
import static dev.panamafuse.protocol.Structs.offset;

import dev.panamafuse.CreatedFile;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.OpenFile;
import dev.panamafuse.codec.AttrEncoder;
import dev.panamafuse.codec.DirentWriter;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.protocol.Flags;
import dev.panamafuse.protocol.Opcode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The operations on open files and directories: open, read, write, release, readdir, create. */
final class FileDispatch {
    private static final long OPEN_FLAGS = offset(FUSE_OPEN_IN, "flags");
    private static final long OUT_FH = offset(FUSE_OPEN_OUT, "fh");
    private static final long OUT_OPEN_FLAGS = offset(FUSE_OPEN_OUT, "open_flags");
    private static final long OUT_BACKING_ID = offset(FUSE_OPEN_OUT, "backing_id");
    private static final long READ_FH = offset(FUSE_READ_IN, "fh");
    private static final long READ_OFFSET = offset(FUSE_READ_IN, "offset");
    private static final long READ_SIZE = offset(FUSE_READ_IN, "size");
    private static final long WRITE_FH = offset(FUSE_WRITE_IN, "fh");
    private static final long WRITE_OFFSET = offset(FUSE_WRITE_IN, "offset");
    private static final long WRITE_SIZE = offset(FUSE_WRITE_IN, "size");
    private static final long WRITE_FLAGS = offset(FUSE_WRITE_IN, "write_flags");
    private static final long WRITE_OUT_SIZE = offset(FUSE_WRITE_OUT, "size");
    private static final long RELEASE_FH = offset(FUSE_RELEASE_IN, "fh");
    private static final long RELEASE_FLAGS = offset(FUSE_RELEASE_IN, "flags");
    private static final long RELEASE_RELEASE_FLAGS = offset(FUSE_RELEASE_IN, "release_flags");
    private static final long RELEASE_LOCK_OWNER = offset(FUSE_RELEASE_IN, "lock_owner");
    private static final long FLUSH_FH = offset(FUSE_FLUSH_IN, "fh");
    private static final long FLUSH_LOCK_OWNER = offset(FUSE_FLUSH_IN, "lock_owner");
    private static final long FSYNC_FH = offset(FUSE_FSYNC_IN, "fh");
    private static final long FSYNC_FLAGS = offset(FUSE_FSYNC_IN, "fsync_flags");
    private static final long CREATE_FLAGS = offset(FUSE_CREATE_IN, "flags");
    private static final long CREATE_MODE = offset(FUSE_CREATE_IN, "mode");
    private static final long CREATE_UMASK = offset(FUSE_CREATE_IN, "umask");
    private static final int LOCK_UN = 8;

    private final Dispatcher d;
    private final FileSystem fs;
    /** FOPEN bits every open file gets ({@code direct_io}, {@code kernel_cache}); not directories. */
    private final int openFlags;

    FileDispatch(Dispatcher d) {
        this.d = d;
        this.fs = d.fs;
        this.openFlags = d.options.openFlags();
    }

    boolean dispatch(Opcode op, RequestContext req, Slot slot) {
        RequestFrame in = slot.frame();
        ReplyFrame out = slot.reply();
        long node = req.nodeid();
        return switch (op) {
            case OPEN -> openReply(out, fs.open(req, node, in.getInt(in.argument(FUSE_OPEN_IN.byteSize()) + OPEN_FLAGS)));
            case OPENDIR -> dirReply(out,
                    fs.opendir(req, node, in.getInt(in.argument(FUSE_OPEN_IN.byteSize()) + OPEN_FLAGS)));
            case READ -> read(req, in, out);
            case WRITE -> write(req, in, out);
            case RELEASE, RELEASEDIR -> release(op, req, in, out);
            case FLUSH -> flush(req, in, out);
            case FSYNC, FSYNCDIR -> fsync(op, req, in, out);
            case READDIR, READDIRPLUS -> readdir(op, req, slot);
            case CREATE -> create(req, in, out, true);
            case TMPFILE -> create(req, in, out, false);
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    private boolean read(RequestContext req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_READ_IN.byteSize());
        long size = Math.min(Integer.toUnsignedLong(in.getInt(at + READ_SIZE)), out.capacity());
        long offset = Dispatcher.fileOffset(in.getLong(at + READ_OFFSET), size);
        MemorySegment dest = out.payload().asSlice(0, size);
        MemorySegment data = fs.readSegment(req, req.nodeid(), in.getLong(at + READ_FH), offset, dest);
        if (data == null || data.byteSize() > size) {
            throw new FuseException(Errno.EIO, "readSegment returned " + (data == null ? "null"
                    : data.byteSize() + " bytes") + " for a read of " + size + " bytes");
        }
        if (!data.isNative()) {
            MemorySegment.copy(data, 0, dest, 0, data.byteSize());
            out.advance(data.byteSize());
        } else if (data.address() == dest.address()) {
            out.advance(data.byteSize());
        } else {
            out.attach(data);
        }
        out.finish();
        return true;
    }

    private boolean write(RequestContext req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_WRITE_IN.byteSize());
        long size = Integer.toUnsignedLong(in.getInt(at + WRITE_SIZE));
        long offset = Dispatcher.fileOffset(in.getLong(at + WRITE_OFFSET), size);
        MemorySegment data = in.data(size);
        int n = fs.write(req, req.nodeid(), in.getLong(at + WRITE_FH), offset, data, in.getInt(at + WRITE_FLAGS));
        if (n < 0 || n > size) {
            throw new FuseException(Errno.EIO, "write returned " + n + " for " + size + " bytes");
        }
        long o = out.reserve(FUSE_WRITE_OUT.byteSize());
        out.buffer().set(ValueLayout.JAVA_INT_UNALIGNED, o + WRITE_OUT_SIZE, n);
        out.finish();
        return true;
    }

    private boolean release(Opcode op, RequestContext req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_RELEASE_IN.byteSize());
        long fh = in.getLong(at + RELEASE_FH);
        if (op == Opcode.RELEASEDIR) {
            return Dispatcher.empty(out, () -> fs.releasedir(req, req.nodeid(), fh));
        }
        RuntimeException unlockFailure = null;
        if ((in.getInt(at + RELEASE_RELEASE_FLAGS) & Flags.RELEASE_FLOCK_UNLOCK) != 0) {
            try {
                fs.flock(req, req.nodeid(), fh, in.getLong(at + RELEASE_LOCK_OWNER), LOCK_UN);
            } catch (FuseException ignored) {
                // the release goes on whatever the unlock says, as close(2) does
            } catch (RuntimeException e) {
                unlockFailure = e; // a bug of the handler: release first, then let the session log it
            }
        }
        int flags = in.getInt(at + RELEASE_FLAGS);
        Dispatcher.empty(out, () -> fs.release(req, req.nodeid(), fh, flags));
        if (unlockFailure != null) {
            throw unlockFailure;
        }
        return true;
    }

    private boolean flush(RequestContext req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_FLUSH_IN.byteSize());
        return Dispatcher.empty(out, () -> fs.flush(req, req.nodeid(), in.getLong(at + FLUSH_FH),
                in.getLong(at + FLUSH_LOCK_OWNER)));
    }

    private boolean fsync(Opcode op, RequestContext req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_FSYNC_IN.byteSize());
        long fh = in.getLong(at + FSYNC_FH);
        boolean datasync = (in.getInt(at + FSYNC_FLAGS) & Flags.FSYNC_FDATASYNC) != 0;
        return Dispatcher.empty(out, op == Opcode.FSYNC
                ? () -> fs.fsync(req, req.nodeid(), fh, datasync)
                : () -> fs.fsyncdir(req, req.nodeid(), fh, datasync));
    }

    private boolean readdir(Opcode op, RequestContext req, Slot slot) {
        RequestFrame in = slot.frame();
        ReplyFrame out = slot.reply();
        long at = in.argument(FUSE_READ_IN.byteSize());
        long size = Integer.toUnsignedLong(in.getInt(at + READ_SIZE));
        long fh = in.getLong(at + READ_FH);
        long offset = in.getLong(at + READ_OFFSET);
        DirentWriter filler = slot.dirents();
        boolean plus = op == Opcode.READDIRPLUS;
        filler.start(out, size, plus, d.options.entryTimeout(), d.options.attrTimeout());
        if (plus) {
            fs.readdirplus(req, req.nodeid(), fh, offset, filler);
        } else {
            fs.readdir(req, req.nodeid(), fh, offset, filler);
        }
        out.finish();
        return true;
    }

    private boolean create(RequestContext req, RequestFrame in, ReplyFrame out, boolean named) {
        long at = in.argument(FUSE_CREATE_IN.byteSize());
        int flags = in.getInt(at + CREATE_FLAGS);
        int mode = in.getInt(at + CREATE_MODE);
        int umask = in.getInt(at + CREATE_UMASK);
        CreatedFile created = named
                ? fs.create(req, req.nodeid(), in.name(), mode, umask, flags)
                : fs.tmpfile(req, req.nodeid(), mode, umask, flags);
        if (created == null) {
            throw new FuseException(Errno.EIO, "handler returned a null CreatedFile");
        }
        long e = out.reserve(FUSE_ENTRY_OUT.byteSize());
        AttrEncoder.entryOut(out.buffer(), e, created.entry(), d.options.entryTimeout(), d.options.attrTimeout());
        writeOpenOut(out, created.open(), openFlags);
        out.finish();
        return true;
    }

    private boolean dirReply(ReplyFrame out, OpenFile open) {
        writeOpenOut(out, open, 0);
        out.finish();
        return true;
    }

    private boolean openReply(ReplyFrame out, OpenFile open) {
        writeOpenOut(out, open, openFlags);
        out.finish();
        return true;
    }

    private static void writeOpenOut(ReplyFrame out, OpenFile open, int extraFlags) {
        if (open == null) {
            throw new FuseException(Errno.EIO, "handler returned a null OpenFile");
        }
        long at = out.reserve(FUSE_OPEN_OUT.byteSize());
        MemorySegment s = out.buffer();
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + OUT_FH, open.fh());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + OUT_OPEN_FLAGS, open.flags() | extraFlags);
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + OUT_BACKING_ID, open.backingId());
    }
}
