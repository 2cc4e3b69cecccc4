/**
 * Internal: one home per operation family. Each class holds, for its opcodes, the whole work
 * between the dispatcher and the codec: decode the operation's struct from the
 * {@link dev.panamafuse.codec.RequestFrame} (at the offsets the package-private
 * {@code RequestOffsets} derives from the layouts of {@code dev.panamafuse.protocol}), call the {@link dev.panamafuse.FileSystem}, and encode the
 * answer into the {@link dev.panamafuse.codec.ReplyFrame} through the codec's encoders.
 *
 * <ul>
 *   <li>{@link dev.panamafuse.session.ops.EntryOps}: names in directories — {@code LOOKUP},
 *       {@code FORGET}, {@code BATCH_FORGET}, {@code MKNOD}, {@code MKDIR}, {@code SYMLINK},
 *       {@code LINK}, {@code UNLINK}, {@code RMDIR}, {@code RENAME}, {@code RENAME2},
 *       {@code READLINK};</li>
 *   <li>{@link dev.panamafuse.session.ops.AttrOps}: {@code GETATTR}, {@code SETATTR},
 *       {@code STATX}, {@code ACCESS};</li>
 *   <li>{@link dev.panamafuse.session.ops.FileOps}: open files — {@code OPEN}, {@code CREATE},
 *       {@code TMPFILE}, {@code READ}, {@code WRITE}, {@code FLUSH}, {@code RELEASE},
 *       {@code FSYNC}, {@code FALLOCATE}, {@code LSEEK}, {@code COPY_FILE_RANGE(_64)},
 *       {@code IOCTL}, {@code POLL}, {@code BMAP};</li>
 *   <li>{@link dev.panamafuse.session.ops.DirOps}: {@code OPENDIR}, {@code READDIR},
 *       {@code READDIRPLUS}, {@code RELEASEDIR}, {@code FSYNCDIR};</li>
 *   <li>{@link dev.panamafuse.session.ops.XattrOps}: {@code SETXATTR}, {@code GETXATTR},
 *       {@code LISTXATTR}, {@code REMOVEXATTR};</li>
 *   <li>{@link dev.panamafuse.session.ops.LockOps}: {@code GETLK}, {@code SETLK},
 *       {@code SETLKW} (and {@code flock(2)} through {@code SETLK} with {@code FUSE_LK_FLOCK});</li>
 *   <li>{@link dev.panamafuse.session.ops.ControlOps}: {@code STATFS}, {@code SYNCFS}.</li>
 * </ul>
 *
 * <p>{@code INIT}, {@code DESTROY}, {@code INTERRUPT} and {@code NOTIFY_REPLY} are the session's
 * own. The family methods take views only — the {@link dev.panamafuse.Request}, the request
 * frame, the reply frame and, for directory listings, the
 * {@link dev.panamafuse.codec.DirentWriter} — never a transport's slot, so the same code serves
 * every transport. Each returns whether a reply is to be written (false only for the forgets);
 * when it returns, the reply is complete. A failure is thrown: a
 * {@link dev.panamafuse.FuseException} becomes its errno, a
 * {@link dev.panamafuse.codec.MalformedFrameException} {@code EIO}, anything else {@code EIO}
 * with a log line (the session does that). Segments handed to a handler are valid only during
 * the call.
 *
 * <p>Not exported: {@code dev.panamafuse.session.Dispatcher}, a switch over
 * {@link dev.panamafuse.protocol.Opcode}, is the only caller.
 */
package dev.panamafuse.session.ops;
