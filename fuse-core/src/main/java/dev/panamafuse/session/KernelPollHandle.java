package dev.panamafuse.session;

import dev.panamafuse.PollHandle;

/** A {@link PollHandle} that sends {@code FUSE_NOTIFY_POLL} through the session that received the POLL. */
final class KernelPollHandle implements PollHandle {
    private final long kh;
    private final Session session;

    KernelPollHandle(long kh, Session session) {
        this.kh = kh;
        this.session = session;
    }

    @Override
    public long kh() {
        return kh;
    }

    @Override
    public void notifyReady() {
        session.notifyPoll(kh);
    }

    @Override
    public String toString() {
        return "PollHandle[kh=" + kh + "]";
    }
}
