package dev.panamafuse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.mount.Capability;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.InitFlags;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.ReplyView;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Kernel passthrough in INIT (flag, {@code max_stack_depth}, exclusion of writeback caching), the
 * connection's {@code BackingFiles}, and {@code backing_id} in the OPEN reply.
 */
class PassthroughNegotiationTest extends FakeMountTest {
    /** Offset of flags2 in the INIT reply: out header (16) + 32. */
    private static final int FLAGS2 = 16 + 32;
    /** Offset of max_stack_depth in the INIT reply. */
    private static final int MAX_STACK_DEPTH = 16 + 36;

    /** A filesystem that asks for passthrough and answers every open with backing id 42. */
    private static final class PassthroughFs implements FileSystem {
        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.PASSTHROUGH);
        }

        @Override
        public OpenFile open(Request req, long nodeid, int flags) {
            return OpenFile.passthrough(9, 42);
        }
    }

    @Test
    @DisplayName("a filesystem listing PASSTHROUGH gets FUSE_PASSTHROUGH, max_stack_depth 1 and working BackingFiles")
    void agreed() throws Exception {
        ConnectionInfo c = mount(new PassthroughFs(), MountOptions.defaults());
        assertTrue(c.isEnabled(InitFlags.FUSE_PASSTHROUGH));
        assertEquals(1L << (37 - 32), initReply.u32(FLAGS2) & (1L << (37 - 32)), "FUSE_PASSTHROUGH in flags2");
        assertEquals(1, initReply.u32(MAX_STACK_DEPTH));
        assertTrue(c.backingFiles().available());
        FuseException e = assertThrows(FuseException.class, () -> c.backingFiles().open(3));
        assertEquals(Errno.EOPNOTSUPP, e.errno(), "the fake channel cannot register: the call reached it");
    }

    @Test
    @DisplayName("-o passthrough asks for it for any filesystem")
    void option() throws Exception {
        ConnectionInfo c = mount(new FileSystem() { }, MountOptions.builder().parse("passthrough").build());
        assertTrue(c.isEnabled(InitFlags.FUSE_PASSTHROUGH));
        assertTrue(c.backingFiles().available());
    }

    @Test
    @DisplayName("not asked for: no flag, max_stack_depth 0, BackingFiles fail with EOPNOTSUPP")
    void notAsked() throws Exception {
        ConnectionInfo c = mount(new FileSystem() { }, MountOptions.defaults());
        assertFalse(c.isEnabled(InitFlags.FUSE_PASSTHROUGH));
        assertEquals(0, initReply.u32(MAX_STACK_DEPTH));
        assertFalse(c.backingFiles().available());
        assertEquals(Errno.EOPNOTSUPP, assertThrows(FuseException.class, () -> c.backingFiles().open(3)).errno());
        assertEquals(Errno.EOPNOTSUPP, assertThrows(FuseException.class, () -> c.backingFiles().close(1)).errno());
    }

    @Test
    @DisplayName("writeback caching wins over a filesystem's passthrough (the kernel would turn it off)")
    void writebackExcludes() throws Exception {
        ConnectionInfo c = mount(new PassthroughFs(), MountOptions.builder().parse("writeback_cache").build());
        assertFalse(c.isEnabled(InitFlags.FUSE_PASSTHROUGH));
        assertTrue(c.isEnabled(InitFlags.FUSE_WRITEBACK_CACHE));
        assertEquals(0, initReply.u32(MAX_STACK_DEPTH));
        assertFalse(c.backingFiles().available());
    }

    @Test
    @DisplayName("both options at once are refused with a message naming them")
    void bothOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MountOptions.builder().parse("passthrough,writeback_cache").build());
        assertTrue(e.getMessage().contains("passthrough") && e.getMessage().contains("writeback_cache"),
                e.getMessage());
    }

    @Test
    @DisplayName("OPEN reply carries FOPEN_PASSTHROUGH and the backing id")
    void openReply() throws Exception {
        mount(new PassthroughFs(), MountOptions.defaults());
        channel.send(Frames.request(Opcode.OPEN.code(), 2, 5).u32(0).u32(0).build());
        ReplyView r = channel.reply(T);
        assertEquals(0, r.error(), r::toString);
        assertEquals(32, r.len(), "out header + fuse_open_out");
        assertEquals(9, r.u64(16), "fh");
        assertEquals(1 << 7, r.u32(24), "open_flags = FOPEN_PASSTHROUGH");
        assertEquals(42, r.u32(28), "backing_id");
    }

    @Test
    @DisplayName("OpenFile.passthrough refuses an id that BackingFiles never returns")
    void badId() {
        assertThrows(IllegalArgumentException.class, () -> OpenFile.passthrough(1, 0));
        assertThrows(IllegalArgumentException.class, () -> OpenFile.passthrough(1, -3));
    }
}
