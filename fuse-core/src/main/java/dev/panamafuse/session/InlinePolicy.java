package dev.panamafuse.session;

import dev.panamafuse.mount.ThreadingPolicy;
import dev.panamafuse.protocol.Opcode;

/**
 * Which opcodes each {@link ThreadingPolicy} runs on the reader thread that read them (the rest
 * run on a virtual thread each); {@code SETLKW} never runs on a reader, whatever the policy.
 */
final class InlinePolicy {
    private InlinePolicy() {
    }

    /**
     * Whether a request runs on the reader that read it.
     *
     * @param policy the mount's policy
     * @param op     the request's opcode
     * @return true to run it inline
     */
    static boolean inline(ThreadingPolicy policy, Opcode op) {
        return switch (policy) {
            case INLINE -> op != Opcode.SETLKW; // waits for another client: never on a reader
            case VIRTUAL -> false;
            case HYBRID -> switch (op) {
                case FSYNC, FSYNCDIR, SETLKW, POLL, IOCTL, FALLOCATE, COPY_FILE_RANGE, COPY_FILE_RANGE_64, DESTROY,
                     SYNCFS -> false;
                default -> true;
            };
        };
    }
}
