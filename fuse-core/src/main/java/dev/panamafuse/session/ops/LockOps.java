package dev.panamafuse.session.ops;

import static dev.panamafuse.protocol.RequestStructs.FUSE_LK_IN;
import static dev.panamafuse.session.ops.RequestOffsets.LK_IN_FH;
import static dev.panamafuse.session.ops.RequestOffsets.LK_IN_LK;
import static dev.panamafuse.session.ops.RequestOffsets.LK_IN_LK_FLAGS;
import static dev.panamafuse.session.ops.RequestOffsets.LK_IN_OWNER;

import dev.panamafuse.FileLock;
import dev.panamafuse.FileSystem;
import dev.panamafuse.Request;
import dev.panamafuse.codec.FileLockCodec;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.protocol.OperationFlags;

/**
 * The lock operations: {@code GETLK}, {@code SETLK} and {@code SETLKW} with a {@code fuse_lk_in}.
 * A {@code SETLK(W)} carrying {@code FUSE_LK_FLOCK} comes from {@code flock(2)} and goes to
 * {@link FileSystem#flock} as {@code LOCK_SH} / {@code LOCK_EX} / {@code LOCK_UN}, with
 * {@code LOCK_NB} unless the caller waits ({@code SETLKW}).
 *
 * @param fs the filesystem
 */
public record LockOps(FileSystem fs) {
    /**
     * {@code GETLK}: the lock that would conflict, or one of type {@code F_UNLCK}, in a
     * {@code fuse_lk_out}.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean getlk(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_LK_IN.byteSize());
        FileLock lock = FileLockCodec.read(in, at + LK_IN_LK);
        FileLockCodec.lkOut(out, fs.getlk(req, req.nodeid(), in.getLong(at + LK_IN_FH),
                in.getLong(at + LK_IN_OWNER), lock));
        return out.complete();
    }

    /**
     * {@code SETLK} or {@code SETLKW}: places or removes a POSIX lock, or a BSD lock with
     * {@code FUSE_LK_FLOCK}; an empty reply. {@code SETLKW} may wait as long as the lock is held.
     *
     * @param req   the request
     * @param in    the request frame, cursor after the header
     * @param out   the reply, begun
     * @param sleep whether the request is {@code SETLKW}
     * @return true: a reply is to be written
     */
    public boolean setlk(Request req, RequestFrame in, ReplyFrame out, boolean sleep) {
        long at = in.argument(FUSE_LK_IN.byteSize());
        long fh = in.getLong(at + LK_IN_FH);
        long owner = in.getLong(at + LK_IN_OWNER);
        FileLock lock = FileLockCodec.read(in, at + LK_IN_LK);
        if ((in.getInt(at + LK_IN_LK_FLAGS) & OperationFlags.LK_FLOCK) != 0) {
            int operation = switch (lock.type()) {
                case FileLock.F_RDLCK -> FileLock.LOCK_SH;
                case FileLock.F_WRLCK -> FileLock.LOCK_EX;
                default -> FileLock.LOCK_UN;
            };
            fs.flock(req, req.nodeid(), fh, owner,
                    sleep || operation == FileLock.LOCK_UN ? operation : operation | FileLock.LOCK_NB);
        } else {
            fs.setlk(req, req.nodeid(), fh, owner, lock, sleep);
        }
        return out.complete();
    }
}
