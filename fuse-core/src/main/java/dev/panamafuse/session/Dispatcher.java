package dev.panamafuse.session;

import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.session.ops.AttrOps;
import dev.panamafuse.session.ops.ControlOps;
import dev.panamafuse.session.ops.DirOps;
import dev.panamafuse.session.ops.EntryOps;
import dev.panamafuse.session.ops.FileOps;
import dev.panamafuse.session.ops.LockOps;
import dev.panamafuse.session.ops.XattrOps;

/**
 * Routes a request to its operation family in {@link dev.panamafuse.session.ops}: a switch over
 * {@link Opcode} and nothing else. It hands the families the views of the slot — the request,
 * its frame, the reply, the directory writer — and what INIT agreed that changes a decode
 * ({@link #setxattrExt}) or an answer ({@link #writebackCache}). {@code INIT}, {@code DESTROY},
 * {@code INTERRUPT} and {@code NOTIFY_REPLY} are the {@link Session}'s own; what no family
 * serves is {@code ENOSYS}. Handler exceptions propagate to the session, which turns them into
 * error replies.
 */
final class Dispatcher {
    private final EntryOps entries;
    private final AttrOps attrs;
    private final FileOps files;
    private final DirOps dirs;
    private final XattrOps xattrs;
    private final LockOps locks;
    private final ControlOps control;
    /** Whether INIT agreed on {@code FUSE_SETXATTR_EXT}: {@code SETXATTR} then has the 16-byte body. */
    volatile boolean setxattrExt;
    /**
     * Whether the kernel caches writes ({@code writeback_cache}): it then holds data the
     * filesystem has not seen, so {@code LSEEK} is answered {@code ENOSYS} and the kernel seeks
     * on its own view of the file from then on.
     */
    volatile boolean writebackCache;

    Dispatcher(FileSystem fs, MountOptions options, Session session) {
        this.entries = new EntryOps(fs, options);
        this.attrs = new AttrOps(fs, options);
        this.files = new FileOps(fs, options, kh -> new KernelPollHandle(kh, session));
        this.dirs = new DirOps(fs, options);
        this.xattrs = new XattrOps(fs);
        this.locks = new LockOps(fs);
        this.control = new ControlOps(fs);
    }

    /** Handles one request on the handler's thread; returns whether a reply must be written. */
    boolean dispatch(Opcode op, Slot slot) {
        RequestContext req = slot.request;
        RequestFrame in = slot.frame();
        ReplyFrame out = slot.reply();
        return switch (op) {
            case LOOKUP -> entries.lookup(req, in, out);
            case FORGET -> entries.forget(in);
            case BATCH_FORGET -> entries.batchForget(in);
            case READLINK -> entries.readlink(req, out);
            case SYMLINK -> entries.symlink(req, in, out);
            case MKNOD -> entries.mknod(req, in, out);
            case MKDIR -> entries.mkdir(req, in, out);
            case UNLINK -> entries.unlink(req, in, out);
            case RMDIR -> entries.rmdir(req, in, out);
            case RENAME -> entries.rename(req, in, out, false);
            case RENAME2 -> entries.rename(req, in, out, true);
            case LINK -> entries.link(req, in, out);
            case GETATTR -> attrs.getattr(req, in, out);
            case SETATTR -> attrs.setattr(req, in, out);
            case STATX -> attrs.statx(req, in, out);
            case ACCESS -> attrs.access(req, in, out);
            case OPEN -> files.open(req, in, out);
            case CREATE -> files.create(req, in, out, true);
            case TMPFILE -> files.create(req, in, out, false);
            case READ -> files.read(req, in, out);
            case WRITE -> files.write(req, in, out);
            case FLUSH -> files.flush(req, in, out);
            case RELEASE -> files.release(req, in, out);
            case FSYNC -> files.fsync(req, in, out);
            case FALLOCATE -> files.fallocate(req, in, out);
            case LSEEK -> files.lseek(req, in, out, writebackCache);
            case COPY_FILE_RANGE -> files.copyFileRange(req, in, out, false);
            case COPY_FILE_RANGE_64 -> files.copyFileRange(req, in, out, true);
            case IOCTL -> files.ioctl(req, in, out);
            case POLL -> files.poll(req, in, out);
            case BMAP -> files.bmap(req, in, out);
            case OPENDIR -> dirs.opendir(req, in, out);
            case READDIR -> dirs.readdir(req, in, out, slot.dirents(), false);
            case READDIRPLUS -> dirs.readdir(req, in, out, slot.dirents(), true);
            case RELEASEDIR -> dirs.releasedir(req, in, out);
            case FSYNCDIR -> dirs.fsyncdir(req, in, out);
            case SETXATTR -> xattrs.setxattr(req, in, out, setxattrExt);
            case GETXATTR -> xattrs.getxattr(req, in, out);
            case LISTXATTR -> xattrs.listxattr(req, in, out);
            case REMOVEXATTR -> xattrs.removexattr(req, in, out);
            case GETLK -> locks.getlk(req, in, out);
            case SETLK -> locks.setlk(req, in, out, false);
            case SETLKW -> locks.setlk(req, in, out, true);
            case STATFS -> control.statfs(req, out);
            case SYNCFS -> control.syncfs(req, in, out);
            case INIT, DESTROY, INTERRUPT, NOTIFY_REPLY, CUSE_INIT, SETUPMAPPING, REMOVEMAPPING ->
                    throw new FuseException(Errno.ENOSYS);
        };
    }
}
