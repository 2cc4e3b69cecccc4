package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Attr;
import dev.panamafuse.Errno;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.ProcessIds;

/**
 * Who owns a new entry and which permission bits it gets. The daemon creates every file itself,
 * so the source gives it the daemon's uid and the process umask; right after creating, the
 * passthrough hands the file to the requester ({@code fchownat}) and sets the bits the caller
 * asked for ({@code chmod}), as the kernel would have for a local {@code open(O_CREAT)}:
 * <ul>
 * <li>owner: the request's uid;
 * <li>group: the parent's gid when the parent has {@code S_ISGID}, else the request's gid;
 * <li>bits: {@code mode & ~umask}; a directory made in an {@code S_ISGID} parent keeps
 *     {@code S_ISGID} (which the source set), other directories get no set-id bits.
 * </ul>
 * A daemon that is not root cannot give files away; it then leaves the owner as the source made it.
 */
final class Ownership {
    private static final int DIR_BITS = 01777;

    private Ownership() {
    }

    /** The group of a new entry. */
    static int group(int parentMode, int parentGid, int requestGid) {
        return (parentMode & Mode.S_ISGID) != 0 ? parentGid : requestGid;
    }

    /**
     * The permission bits of a new entry.
     *
     * @param type       the entry's type bits
     * @param mode       the mode the kernel passed
     * @param umask      the caller's umask
     * @param parentMode the parent directory's mode
     * @return the bits to set (07777 at most)
     */
    static int permissions(int type, int mode, int umask, int parentMode) {
        int bits = mode & Mode.PERMISSIONS & ~umask;
        if (type == Mode.S_IFDIR) {
            bits &= DIR_BITS;
            if ((parentMode & Mode.S_ISGID) != 0) {
                bits |= Mode.S_ISGID;
            }
        }
        return bits;
    }

    /**
     * The mode after an unprivileged write or truncation (what Linux does): set-user-id goes;
     * set-group-id goes when group-execute is set or the writer is not in the file's group (only
     * the primary group is known here).
     */
    static int afterUnprivilegedWrite(int mode, int fileGid, int writerGid) {
        int m = mode & ~Mode.S_ISUID;
        if ((m & 0010) != 0 || fileGid != writerGid) {
            m &= ~Mode.S_ISGID;
        }
        return m;
    }

    /**
     * Whether {@code created} looks like the entry this daemon has just made of type {@code type}:
     * owned by the daemon and, unless a directory, with one link. A file swapped in behind the
     * mount's back between creating and opening fails this, and is not given away.
     */
    static boolean isFresh(Attr created, int type, int daemonUid) {
        return Mode.type(created.mode()) == type && created.uid() == daemonUid
                && (type == Mode.S_IFDIR || created.nlink() == 1);
    }

    /**
     * Gives a just-created entry to the requester and sets its bits.
     *
     * @param fd      a descriptor of the entry ({@code O_PATH} or open)
     * @param created its attributes as created
     * @param req     the request
     * @param parent  the parent directory's attributes
     * @param mode    the mode the kernel passed
     * @param umask   the caller's umask
     */
    static void apply(int fd, Attr created, Request req, Attr parent, int mode, int umask) {
        int type = Mode.type(created.mode());
        int gid = group(parent.mode(), parent.gid(), req.gid());
        boolean chowned = false;
        if (created.uid() != req.uid() || created.gid() != gid) {
            try {
                AtCalls.fchownat(fd, "", req.uid(), gid, AtCalls.AT_EMPTY_PATH | AtCalls.AT_SYMLINK_NOFOLLOW);
                chowned = true;
            } catch (LibcException e) {
                if (e.errno() != Errno.EPERM.code() || ProcessIds.geteuid() == 0) {
                    throw SourceCalls.fail(e);
                }
            }
        }
        if (type == Mode.S_IFLNK) {
            return;
        }
        int bits = permissions(type, mode, umask, parent.mode());
        if (chowned || (created.mode() & Mode.PERMISSIONS) != bits) {
            SourceCalls.run(() -> AtCalls.fchmodat(AtCalls.AT_FDCWD, SourceCalls.procPath(fd), bits, 0));
        }
    }

    /**
     * The check of {@code access(2)} from the mode bits (only the primary group is known):
     * root may read and write anything and execute what anyone may.
     *
     * @param a    the file's attributes
     * @param uid  the caller's uid
     * @param gid  the caller's gid
     * @param mask {@code R_OK | W_OK | X_OK}, or 0 for existence
     * @return whether the access is granted
     */
    static boolean permits(Attr a, int uid, int gid, int mask) {
        int bits;
        if (uid == 0) {
            bits = Mode.isDirectory(a.mode()) || (a.mode() & 0111) != 0 ? 7 : 6;
        } else if (uid == a.uid()) {
            bits = (a.mode() >> 6) & 7;
        } else if (gid == a.gid()) {
            bits = (a.mode() >> 3) & 7;
        } else {
            bits = a.mode() & 7;
        }
        return (mask & ~bits & 7) == 0;
    }
}
