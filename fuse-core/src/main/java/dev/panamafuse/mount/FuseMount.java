package dev.panamafuse.mount;

import dev.panamafuse.FileSystem;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A mounted filesystem. Closing it unmounts, lets the requests in flight finish within a grace
 * period, calls {@link FileSystem#destroy()} once and frees the session's memory. An unmount from
 * outside ({@code umount DIR}, {@code fusermount3 -u DIR}) ends the session the same way and
 * releases {@link #awaitUnmount()}.
 *
 * <p>Typical use: {@code try (FuseMount m = Fuse.mount(dir, fs, options)) { m.awaitUnmount(); }}
 */
public interface FuseMount extends AutoCloseable {

    /** {@return the directory the filesystem is mounted on} */
    Path mountpoint();

    /** {@return what the kernel and the session negotiated in {@code FUSE_INIT}} */
    ConnectionInfo connection();

    /** {@return whether the session still serves requests (false once unmounted)} */
    boolean isMounted();

    /**
     * Blocks until the filesystem is unmounted, by {@link #close()} or from outside.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void awaitUnmount() throws InterruptedException;

    /**
     * Blocks until the filesystem is unmounted or the timeout elapses.
     *
     * @param timeout the longest time to wait
     * @return true if unmounted, false on timeout
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitUnmount(Duration timeout) throws InterruptedException;

    /**
     * Unmounts and ends the session: requests in flight get the mount's grace period to finish,
     * then {@link FileSystem#destroy()} runs once and memory is freed. Idempotent, and safe to
     * call from any thread; returns once the session has ended.
     */
    @Override
    void close();
}
