package dev.panamafuse.examples.passthrough;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.panamafuse.Errno;
import dev.panamafuse.FileLock;
import dev.panamafuse.FuseException;
import dev.panamafuse.Request;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.LockCalls;
import dev.panamafuse.ffm.posix.LockCommand;
import dev.panamafuse.ffm.posix.OpenFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * POSIX record locks and {@code flock} locks, placed on the source so that other users of the
 * source see them.
 *
 * <p>A POSIX lock belongs to a lock owner (a process of the client), and one owner may hold it
 * through several opens, so each (node, owner) gets a source descriptor of its own on which the
 * locks are open-file-description locks ({@code F_OFD_SETLK}): the owner never conflicts with
 * itself and conflicts with every other owner, as POSIX says. {@code flush} (a close by that
 * owner) closes the descriptor, which drops its locks. A {@code flock} lock belongs to the open
 * file, so it is placed on the open's own descriptor.
 *
 * <p>Waiting ({@code F_SETLKW}, blocking {@code flock}) polls with short sleeps instead of
 * blocking a thread in the kernel, so an interrupted request stops waiting with {@code EINTR}.
 */
final class ForwardedLocks {
    private static final long OFFSET_MAX = Long.MAX_VALUE;
    private static final long MAX_SLEEP_MS = 20;

    private record Key(long nodeid, long owner) {
    }

    /** The descriptor of one owner and the pid that last locked through it. */
    private static final class Holder {
        final int fd;
        volatile int pid;

        Holder(int fd) {
            this.fd = fd;
        }
    }

    private final Map<Key, Holder> holders = new HashMap<>();

    /** {@code F_GETLK}: the first lock of another owner that conflicts, else {@code lock} unlocked. */
    FileLock getlk(Request req, Inode n, long owner, FileLock lock) {
        Holder h = holder(n, owner, true);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fl = flock(arena, lock);
            SourceCalls.run(() -> LockCalls.fcntlLock(h.fd, LockCommand.F_OFD_GETLK, fl));
            int type = fl.get(JAVA_SHORT, 0);
            if (type == FileLock.F_UNLCK) {
                return new FileLock(lock.start(), lock.end(), FileLock.F_UNLCK, 0);
            }
            long start = fl.get(JAVA_LONG, 8);
            long len = fl.get(JAVA_LONG, 16);
            long end = len == 0 ? OFFSET_MAX : start + len - 1;
            return new FileLock(start, end, type, holderPid(n, owner, start, end, type));
        }
    }

    /** {@code F_SETLK} / {@code F_SETLKW} for {@code owner}. */
    void setlk(Request req, Inode n, long owner, FileLock lock, boolean sleep) {
        Holder h = holder(n, owner, lock.type() != FileLock.F_UNLCK);
        if (h == null) {
            return;
        }
        h.pid = req.pid();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fl = flock(arena, lock);
            waitFor(req, sleep, () -> LockCalls.fcntlLock(h.fd, LockCommand.F_OFD_SETLK, fl));
        }
    }

    /** {@code flock(2)} on an open's descriptor. */
    static void flock(Request req, int fd, int operation) {
        boolean sleep = (operation & FileLock.LOCK_NB) == 0;
        int op = operation | FileLock.LOCK_NB;
        waitFor(req, sleep, () -> LockCalls.flock(fd, op));
    }

    /** Drops every POSIX lock {@code owner} holds on the node (a close by that owner). */
    void release(long nodeid, long owner) {
        Holder h;
        synchronized (holders) {
            h = holders.remove(new Key(nodeid, owner));
        }
        if (h != null) {
            SourceCalls.closeQuietly(h.fd);
        }
    }

    /** Closes every owner's descriptor. */
    void closeAll() {
        List<Holder> all;
        synchronized (holders) {
            all = new ArrayList<>(holders.values());
            holders.clear();
        }
        all.forEach(h -> SourceCalls.closeQuietly(h.fd));
    }

    private Holder holder(Inode n, long owner, boolean create) {
        Key key = new Key(n.nodeid, owner);
        synchronized (holders) {
            Holder h = holders.get(key);
            if (h == null && create) {
                h = new Holder(openForLocks(n));
                holders.put(key, h);
            }
            return h;
        }
    }

    private static int openForLocks(Inode n) {
        try {
            return SourceCalls.reopen(n.fd, OpenFlags.O_RDWR);
        } catch (FuseException e) {
            return SourceCalls.reopen(n.fd, OpenFlags.O_RDONLY);
        }
    }

    /**
     * The pid of the owner holding the conflicting lock {@code start..end} of {@code type}: the
     * other owner of the node whose descriptor holds exactly that lock, as the kernel lists the
     * locks of an open file description in {@code /proc/self/fdinfo/N}. (Probing the other
     * owners' descriptors with {@code F_OFD_GETLK} cannot tell: a probe also conflicts with the
     * asker's own locks.) 0 when no owner of this mount holds it (another user of the source).
     */
    private int holderPid(Inode n, long owner, long start, long end, int type) {
        List<Holder> others = new ArrayList<>();
        synchronized (holders) {
            for (Map.Entry<Key, Holder> e : holders.entrySet()) {
                if (e.getKey().nodeid() == n.nodeid && e.getKey().owner() != owner) {
                    others.add(e.getValue());
                }
            }
        }
        for (Holder h : others) {
            if (holds(h.fd, start, end, type)) {
                return h.pid;
            }
        }
        return 0;
    }

    /**
     * Whether the open file description of {@code fd} holds the lock: its fdinfo has a line
     * {@code lock:\t1: OFDLCK ADVISORY  WRITE -1 fe:00:1234 20 30} (the end {@code EOF} when
     * the lock reaches the end of the file).
     */
    private static boolean holds(int fd, long start, long end, int type) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd));
        } catch (IOException e) {
            return false;
        }
        String kind = type == FileLock.F_WRLCK ? "WRITE" : "READ";
        for (String line : lines) {
            if (!line.startsWith("lock:")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            int k = f.length;
            if (k >= 6 && f[k - 5].equals(kind) && f[k - 2].equals(Long.toString(start))
                    && f[k - 1].equals(end == OFFSET_MAX ? "EOF" : Long.toString(end))) {
                return true;
            }
        }
        return false;
    }

    private static MemorySegment flock(Arena arena, FileLock lock) {
        if (lock.start() < 0 || lock.end() < lock.start() && lock.end() != -1) {
            throw new FuseException(Errno.EINVAL);
        }
        MemorySegment fl = arena.allocate(LockCalls.FLOCK);
        fl.set(JAVA_SHORT, 0, (short) lock.type());
        fl.set(JAVA_SHORT, 2, (short) DescriptorCalls.SEEK_SET);
        fl.set(JAVA_LONG, 8, lock.start());
        long len = lock.end() == OFFSET_MAX || lock.end() == -1 ? 0 : lock.end() - lock.start() + 1;
        fl.set(JAVA_LONG, 16, len);
        fl.set(JAVA_INT, 24, 0);
        return fl;
    }

    /** Tries {@code attempt} until it does not fail with EAGAIN, or once when not {@code sleep}. */
    private static void waitFor(Request req, boolean sleep, SourceCalls.Action attempt) {
        long pause = 1;
        while (true) {
            try {
                attempt.run();
                return;
            } catch (LibcException e) {
                if (!sleep || e.errno() != Errno.EAGAIN.code()) {
                    throw SourceCalls.fail(e);
                }
            }
            if (req.isInterrupted()) {
                throw new FuseException(Errno.EINTR);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new FuseException(Errno.EINTR);
            }
            pause = Math.min(MAX_SLEEP_MS, pause * 2);
        }
    }
}
