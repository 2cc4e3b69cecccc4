package dev.panamafuse.examples.memory;

import dev.panamafuse.Request;

/**
 * A request from a given user, for calling a filesystem directly without a kernel
 * ({@code MemoryFs}, {@code PassthroughFs}); it is never interrupted.
 *
 * @param uid the caller's user id
 * @param gid the caller's group id
 */
public record TestRequest(int uid, int gid) implements Request {
    /** A request from root. */
    public static final TestRequest ROOT = new TestRequest(0, 0);

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
