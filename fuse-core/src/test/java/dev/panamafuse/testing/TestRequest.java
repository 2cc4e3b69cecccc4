package dev.panamafuse.testing;

import dev.panamafuse.Request;

/**
 * A request from a given user, for calling a filesystem directly without a kernel (the path
 * adapter's tests, {@code MemoryFs}, {@code PassthroughFs}); it is never interrupted. Its pid is
 * this JVM's, so locks taken through it belong to a live process.
 *
 * @param uid the caller's user id
 * @param gid the caller's group id
 */
public record TestRequest(int uid, int gid) implements Request {
    /** A request from root. */
    public static final TestRequest ROOT = new TestRequest(0, 0);
    /** A request from an ordinary user: uid and gid 1000. */
    public static final TestRequest USER = new TestRequest(1000, 1000);

    @Override
    public long unique() {
        return 1;
    }

    @Override
    public String operation() {
        return "TEST";
    }

    @Override
    public long nodeid() {
        return 0;
    }

    @Override
    public int pid() {
        return (int) ProcessHandle.current().pid();
    }

    @Override
    public boolean isInterrupted() {
        return false;
    }

    @Override
    public void onInterrupt(Runnable callback) {
    }
}
