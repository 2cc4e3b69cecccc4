package dev.panamafuse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.Frames;
import java.lang.foreign.Arena;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AccessCheck} alone: which requests of which users a restricted mount ({@code allow_root})
 * refuses. The whole path (EACCES replies through a session) is in {@code PollAndCapabilityTest}.
 */
@DisplayName("access checks of a restricted mount")
class AccessCheckTest {
    private static final int OWNER = 1000;
    /** Requests about files already open, and the kernel's own: served whoever sends them. */
    private static final Set<Opcode> ALWAYS = EnumSet.of(Opcode.FORGET, Opcode.BATCH_FORGET, Opcode.DESTROY,
            Opcode.READ, Opcode.WRITE, Opcode.FSYNC, Opcode.FLUSH, Opcode.RELEASE, Opcode.READDIR, Opcode.READDIRPLUS,
            Opcode.FSYNCDIR, Opcode.RELEASEDIR, Opcode.IOCTL, Opcode.POLL, Opcode.NOTIFY_REPLY);

    private static boolean refused(AccessCheck check, Opcode op, int uid) {
        try (Arena arena = Arena.ofConfined()) {
            byte[] frame = Frames.request(op.code(), 2, 1).uid(uid).build();
            RequestFrame f = new RequestFrame().wrap(Frames.segment(arena, frame), frame.length);
            return check.refused(f, op);
        }
    }

    @ParameterizedTest
    @EnumSource(Opcode.class)
    @DisplayName("another user is refused everything but open-file and kernel requests; owner and root never")
    void restricted(Opcode op) {
        AccessCheck check = new AccessCheck();
        check.restrictTo(OWNER);
        assertEquals(!ALWAYS.contains(op), refused(check, op, 1001), op::name);
        assertFalse(refused(check, op, OWNER), op::name);
        assertFalse(refused(check, op, 0), op::name);
    }

    @Test
    @DisplayName("an unrestricted mount refuses no one")
    void unrestricted() {
        AccessCheck check = new AccessCheck();
        for (Opcode op : Opcode.values()) {
            assertFalse(refused(check, op, 1001), op::name);
        }
    }
}
