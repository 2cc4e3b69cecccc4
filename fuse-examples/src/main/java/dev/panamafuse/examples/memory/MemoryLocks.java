package dev.panamafuse.examples.memory;

import dev.panamafuse.Errno;
import dev.panamafuse.FileLock;
import dev.panamafuse.FuseException;
import dev.panamafuse.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * POSIX record locks and BSD flock locks of every node, with waiting for F_SETLKW and blocking
 * flock. A waiter gives up with EINTR when the kernel interrupts its request. Independent of the
 * filesystem lock, so a waiting request never blocks other operations. Waiters park on a
 * {@link Condition}, not {@code Object.wait}: on JDK 22 and 23 a virtual thread waiting in a
 * monitor pins its carrier, and a few hundred lock waiters would pin them all.
 */
final class MemoryLocks {
    private static final int LOCK_SH = 1;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;
    private static final long WAIT_SLICE_MILLIS = 200;

    private record Range(long owner, int pid, long start, long end, int type) {
        boolean overlaps(long s, long e) {
            return start <= e && s <= end;
        }
    }

    private final Map<Long, List<Range>> posix = new HashMap<>();
    private final Map<Long, Map<Long, Integer>> flocks = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** F_GETLK: the first lock of another owner that conflicts, or {@code lock} as F_UNLCK. */
    FileLock getlk(long ino, long owner, FileLock asked) {
        lock.lock();
        try {
            Range c = conflict(ino, owner, asked.start(), asked.end(), asked.type());
            if (c == null) {
                return new FileLock(asked.start(), asked.end(), FileLock.F_UNLCK, 0);
            }
            return new FileLock(c.start(), c.end(), c.type(), c.pid());
        } finally {
            lock.unlock();
        }
    }

    /** F_SETLK / F_SETLKW. */
    void setlk(Request req, long ino, long owner, FileLock asked, boolean sleep) {
        lock.lock();
        try {
            if (asked.type() == FileLock.F_UNLCK) {
                remove(ino, owner, asked.start(), asked.end());
                changed.signalAll();
                return;
            }
            if (asked.type() != FileLock.F_RDLCK && asked.type() != FileLock.F_WRLCK) {
                throw new FuseException(Errno.EINVAL);
            }
            awaitFree(req, sleep, () -> conflict(ino, owner, asked.start(), asked.end(), asked.type()) != null);
            remove(ino, owner, asked.start(), asked.end());
            posix.computeIfAbsent(ino, k -> new ArrayList<>())
                    .add(new Range(owner, asked.pid(), asked.start(), asked.end(), asked.type()));
        } finally {
            lock.unlock();
        }
    }

    /** Drops every POSIX lock of {@code owner} on the node (on close of a descriptor: FLUSH). */
    void releasePosix(long ino, long owner) {
        lock.lock();
        try {
            remove(ino, owner, 0, Long.MAX_VALUE);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** flock(2). */
    void flock(Request req, long ino, long owner, int operation) {
        int op = operation & ~LOCK_NB;
        if (op != LOCK_SH && op != LOCK_EX && op != LOCK_UN) {
            throw new FuseException(Errno.EINVAL);
        }
        lock.lock();
        try {
            Map<Long, Integer> mine = flocks.get(ino);
            if (mine != null && mine.remove(owner) != null) {
                cleanup(ino);
                changed.signalAll();
            }
            if (op == LOCK_UN) {
                return;
            }
            awaitFree(req, (operation & LOCK_NB) == 0, () -> flocks.getOrDefault(ino, Map.of()).entrySet().stream()
                    .anyMatch(e -> e.getKey() != owner && (op == LOCK_EX || e.getValue() == LOCK_EX)));
            flocks.computeIfAbsent(ino, k -> new HashMap<>()).put(owner, op);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every lock of a node that no longer exists. */
    void forget(long ino) {
        lock.lock();
        try {
            posix.remove(ino);
            flocks.remove(ino);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private interface Blocked {
        boolean blocked();
    }

    private void awaitFree(Request req, boolean sleep, Blocked blocked) {
        if (!blocked.blocked()) {
            return;
        }
        if (!sleep) {
            throw new FuseException(Errno.EAGAIN);
        }
        req.onInterrupt(this::wake);
        while (blocked.blocked()) {
            if (req.isInterrupted()) {
                throw new FuseException(Errno.EINTR);
            }
            try {
                changed.await(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FuseException(Errno.EINTR);
            }
        }
    }

    private void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Range conflict(long ino, long owner, long start, long end, int type) {
        for (Range r : posix.getOrDefault(ino, List.of())) {
            if (r.owner() != owner && r.overlaps(start, end)
                    && (type == FileLock.F_WRLCK || r.type() == FileLock.F_WRLCK)) {
                return r;
            }
        }
        return null;
    }

    /** Removes {@code owner}'s locks in [start, end], splitting ranges that stick out. */
    private void remove(long ino, long owner, long start, long end) {
        List<Range> ranges = posix.get(ino);
        if (ranges == null) {
            return;
        }
        List<Range> kept = new ArrayList<>();
        for (Iterator<Range> it = ranges.iterator(); it.hasNext(); ) {
            Range r = it.next();
            if (r.owner() != owner || !r.overlaps(start, end)) {
                continue;
            }
            it.remove();
            if (r.start() < start) {
                kept.add(new Range(owner, r.pid(), r.start(), start - 1, r.type()));
            }
            if (r.end() > end) {
                kept.add(new Range(owner, r.pid(), end + 1, r.end(), r.type()));
            }
        }
        ranges.addAll(kept);
        cleanup(ino);
    }

    private void cleanup(long ino) {
        List<Range> ranges = posix.get(ino);
        if (ranges != null && ranges.isEmpty()) {
            posix.remove(ino);
        }
        Map<Long, Integer> held = flocks.get(ino);
        if (held != null && held.isEmpty()) {
            flocks.remove(ino);
        }
    }
}
