package dev.panamafuse.session.ops;

import static dev.panamafuse.protocol.RequestStructs.FUSE_SYNCFS_IN;

import dev.panamafuse.FileSystem;
import dev.panamafuse.Request;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.codec.StatfsEncoder;

/**
 * The whole-filesystem operations a handler answers: {@code STATFS} (a {@code fuse_statfs_out})
 * and {@code SYNCFS} (7.34, an empty reply). {@code INIT}, {@code DESTROY}, {@code INTERRUPT}
 * and {@code NOTIFY_REPLY} are the session's own and never reach this class.
 */
public final class ControlOps {
    private final FileSystem fs;

    /**
     * Creates the control operations of a session.
     *
     * @param fs the filesystem
     */
    public ControlOps(FileSystem fs) {
        this.fs = fs;
    }

    /**
     * {@code STATFS}: no arguments; a {@code fuse_statfs_out}.
     *
     * @param req the request
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean statfs(Request req, ReplyFrame out) {
        StatfsEncoder.statfsOut(out, fs.statfs(req, req.nodeid()));
        return out.complete();
    }

    /**
     * {@code SYNCFS}: a {@code fuse_syncfs_in} (padding only: checked, not read); an empty reply.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean syncfs(Request req, RequestFrame in, ReplyFrame out) {
        in.argument(FUSE_SYNCFS_IN.byteSize());
        fs.syncfs(req, req.nodeid());
        return out.complete();
    }
}
