package dev.panamafuse.session;

import dev.panamafuse.PollHandle;

/**
 * A {@link PollHandle} that sends {@code FUSE_NOTIFY_POLL} through the session that received the POLL.
 *
 * @param kh      the kernel's poll handle, {@code fuse_poll_in.kh}
 * @param session the session that received the POLL
 */
record KernelPollHandle(long kh, Session session) implements PollHandle {

    @Override
    public void notifyReady() {
        session.notifyPoll(kh);
    }

    @Override
    public String toString() {
        return "PollHandle[kh=" + kh + "]";
    }
}
