package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Attr;
import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import dev.panamafuse.ffm.posix.EntryCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;
import dev.panamafuse.ffm.posix.StatxResult;

/**
 * The checks around making a new entry in the source, where other users of the source may act
 * between two system calls: a name taken after the kernel's lookup ({@link #openExisting}), an
 * entry swapped in between creating and adopting it ({@link #bornSince}), and undoing a creation
 * that failed half-way ({@link #unlinkIfSame}).
 */
final class CreationRaces {
    private static final int O_ACCMODE = 3;
    private static final int R_OK = 4;
    private static final int W_OK = 2;

    private CreationRaces() {
    }

    /**
     * Opens the file that took {@code name} after the kernel's lookup, for a create without
     * {@code O_EXCL} (as {@code open(O_CREAT)} would). The kernel checked only the caller's right
     * to create in the directory, so the right to open this file is checked here, before any
     * truncation; anything but a regular file is refused.
     *
     * @param req    the create request
     * @param dirfd  the parent directory
     * @param name   the name, already checked
     * @param oflags the open flags for the source, without {@code O_CREAT}
     * @return an open descriptor of the file
     * @throws FuseException {@code EISDIR}, {@code EEXIST} for a special file, {@code EACCES}
     */
    static int openExisting(Request req, int dirfd, String name, int oflags) {
        int path = Resolver.child(dirfd, name);
        try {
            Attr a = SourceAttributes.of(path);
            if (Mode.isDirectory(a.mode())) {
                throw new FuseException(Errno.EISDIR);
            }
            if (!Mode.isRegular(a.mode())) {
                throw new FuseException(Errno.EEXIST, name + " appeared meanwhile and is not a regular file");
            }
            int access = oflags & O_ACCMODE;
            int mask = (access == OpenFlags.O_WRONLY ? W_OK : access == OpenFlags.O_RDWR ? R_OK | W_OK : R_OK)
                    | ((oflags & OpenFlags.O_TRUNC) != 0 ? W_OK : 0);
            if (!Ownership.permits(a, req.uid(), req.gid(), mask)) {
                throw new FuseException(Errno.EACCES);
            }
            // the magic link of the checked file: the same file whatever happens to the name
            return SourceCalls.reopen(path, oflags & ~OpenFlags.O_NOFOLLOW);
        } finally {
            SourceCalls.closeQuietly(path);
        }
    }

    /**
     * Whether the file of {@code fd} was born at or after {@code sinceSeconds} (epoch seconds),
     * when the source filesystem records birth times; true when it does not.
     */
    static boolean bornSince(int fd, long sinceSeconds) {
        StatxResult s = SourceAttributes.statx(fd, 0, StatxResult.STATX_BTIME);
        return !s.hasBtime() || s.btime().getEpochSecond() >= sinceSeconds;
    }

    /** Removes {@code name} from {@code dirfd} if it still names inode {@code ino}; errors are ignored. */
    static void unlinkIfSame(int dirfd, String name, long ino) {
        try {
            int fd = Resolver.child(dirfd, name);
            try {
                if (SourceAttributes.of(fd).ino() != ino) {
                    return;
                }
            } finally {
                SourceCalls.closeQuietly(fd);
            }
            EntryCalls.unlinkat(dirfd, name, 0);
        } catch (LibcException | RuntimeException e) {
            // best effort: the creation failed already, and that error is the one reported
        }
    }
}
