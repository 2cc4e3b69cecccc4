package dev.panamafuse.path;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps paths valid while the path filesystem works with them: every operation computes its
 * paths and calls the filesystem holding the shared side, a rename holds the exclusive side
 * across the filesystem's rename and the table's update. So an operation never uses a path that
 * a concurrent rename of a parent directory has just made stale; renames wait for the running
 * operations (and, while one waits, new operations wait for it).
 */
final class RenameLock {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** Runs an operation that uses paths. */
    <T> T shared(Supplier<T> operation) {
        return holding(lock.readLock(), operation);
    }

    /** Runs an operation that uses paths and returns nothing. */
    void shared(Runnable operation) {
        holding(lock.readLock(), () -> {
            operation.run();
            return null;
        });
    }

    /** Runs a rename: no other operation runs meanwhile. */
    void exclusive(Runnable rename) {
        holding(lock.writeLock(), () -> {
            rename.run();
            return null;
        });
    }

    private static <T> T holding(Lock held, Supplier<T> operation) {
        held.lock();
        try {
            return operation.get();
        } finally {
            held.unlock();
        }
    }
}
