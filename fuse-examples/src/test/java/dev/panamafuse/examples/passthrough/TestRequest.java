package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Request;

/** A request from a given user, for calling a {@link PassthroughFs} directly without a kernel. */
record TestRequest(int uid, int gid) implements Request {
    static final TestRequest ROOT = new TestRequest(0, 0);

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
