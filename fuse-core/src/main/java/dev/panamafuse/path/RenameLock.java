package dev.panamafuse.path;

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
        lock.readLock().lock();
        try {
            return operation.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs an operation that uses paths and returns nothing. */
    void shared(Runnable operation) {
        lock.readLock().lock();
        try {
            operation.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs a rename: no other operation runs meanwhile. */
    void exclusive(Runnable rename) {
        lock.writeLock().lock();
        try {
            rename.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
