package dev.panamafuse.codec;

import static dev.panamafuse.codec.ReplyOffsets.FILE_LOCK_END;
import static dev.panamafuse.codec.ReplyOffsets.FILE_LOCK_PID;
import static dev.panamafuse.codec.ReplyOffsets.FILE_LOCK_START;
import static dev.panamafuse.codec.ReplyOffsets.FILE_LOCK_TYPE;
import static dev.panamafuse.codec.ReplyOffsets.LK_OUT_LK;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_LK_OUT;

import dev.panamafuse.FileLock;
import dev.panamafuse.FuseException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads and writes {@code struct fuse_file_lock}, the lock range nested in {@code fuse_lk_in}
 * (the requests {@code GETLK}, {@code SETLK}, {@code SETLKW}) and in {@code fuse_lk_out} (the
 * reply to {@code GETLK}): the one struct both decoded and encoded, so both live here.
 */
public final class FileLockCodec {
    private FileLockCodec() {
    }

    /**
     * Reads a {@code fuse_file_lock} of a request.
     *
     * @param in the request
     * @param at the struct's offset in {@link RequestFrame#segment()}
     * @return the lock
     */
    public static FileLock read(RequestFrame in, long at) {
        return new FileLock(in.getLong(at + FILE_LOCK_START), in.getLong(at + FILE_LOCK_END),
                in.getInt(at + FILE_LOCK_TYPE), in.getInt(at + FILE_LOCK_PID));
    }

    /**
     * Appends a {@code fuse_lk_out} to a reply.
     *
     * @param out  the reply, begun
     * @param lock the conflicting lock, or one of type {@code F_UNLCK}
     * @throws FuseException {@code EIO} if {@code lock} is null (a handler bug)
     */
    public static void lkOut(ReplyFrame out, FileLock lock) {
        long at = out.reserveAnswer(lock, FUSE_LK_OUT, "FileLock") + LK_OUT_LK;
        MemorySegment s = out.buffer();
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + FILE_LOCK_START, lock.start());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + FILE_LOCK_END, lock.end());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + FILE_LOCK_TYPE, lock.type());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + FILE_LOCK_PID, lock.pid());
    }
}
