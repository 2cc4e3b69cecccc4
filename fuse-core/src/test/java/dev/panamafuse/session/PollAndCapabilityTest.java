package dev.panamafuse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.FileSystem;
import dev.panamafuse.OpenFile;
import dev.panamafuse.PollHandle;
import dev.panamafuse.Request;
import dev.panamafuse.mount.Capability;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.InitFlags;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.ReplyView;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** POLL with the wake-up notification, and capabilities and per-open flags from MountOptions. */
class PollAndCapabilityTest extends FakeMountTest {
    @Test
    @DisplayName("POLL with FUSE_POLL_SCHEDULE_NOTIFY hands over a handle; notifyReady sends FUSE_NOTIFY_POLL with kh")
    void pollWakeup() throws Exception {
        AtomicReference<PollHandle> kept = new AtomicReference<>();
        mount(new FileSystem() {
            @Override
            public int poll(Request req, long nodeid, long fh, PollHandle handle, int events) {
                kept.set(handle);
                return 0;
            }
        }, MountOptions.defaults());
        channel.send(Frames.request(Opcode.POLL.code(), 2, 5)
                .u64(7)          // fh
                .u64(0xabcdL)    // kh
                .u32(1)          // flags = FUSE_POLL_SCHEDULE_NOTIFY
                .u32(1)          // events = POLLIN
                .build());
        ReplyView r = channel.reply(T);
        assertEquals(0, r.error());
        assertEquals(24, r.len(), "out header + fuse_poll_out");
        assertEquals(0, r.u32(16), "revents");
        assertNotNull(kept.get());
        assertEquals(0xabcdL, kept.get().kh());
        kept.get().notifyReady();
        ReplyView n = channel.reply(T);
        assertEquals(24, n.len(), "out header + fuse_notify_poll_wakeup_out");
        assertEquals(1, n.error(), "FUSE_NOTIFY_POLL in the error field");
        assertEquals(0, n.unique(), "notifications have unique 0");
        assertEquals(0xabcdL, n.u64(16), "kh");
    }

    @Test
    @DisplayName("POLL without the notify flag gives no handle")
    void pollWithoutWakeup() throws Exception {
        AtomicReference<PollHandle> kept = new AtomicReference<>(new PollHandle() {
            @Override
            public long kh() {
                return -1;
            }

            @Override
            public void notifyReady() {
            }
        });
        mount(new FileSystem() {
            @Override
            public int poll(Request req, long nodeid, long fh, PollHandle handle, int events) {
                kept.set(handle);
                return 4;
            }
        }, MountOptions.defaults());
        channel.send(Frames.request(Opcode.POLL.code(), 2, 5).u64(7).u64(9).u32(0).u32(4).build());
        ReplyView r = channel.reply(T);
        assertEquals(4, r.u32(16), "revents = POLLOUT");
        assertNull(kept.get());
    }

    @Test
    @DisplayName("writeback_cache, posix_acl and readdirplus=no change the INIT flags; sync_read drops ASYNC_READ")
    void capabilitiesFromOptions() throws Exception {
        MountOptions o = MountOptions.builder().parse("writeback_cache,posix_acl,sync_read,readdirplus=no").build();
        assertTrue(o.isEnabled(Capability.WRITEBACK_CACHE));
        assertFalse(o.isEnabled(Capability.ASYNC_READ));
        ConnectionInfo c = mount(new FileSystem() {
        }, o);
        assertTrue(c.isEnabled(InitFlags.FUSE_WRITEBACK_CACHE));
        assertTrue(c.isEnabled(InitFlags.FUSE_POSIX_ACL));
        assertFalse(c.isEnabled(InitFlags.FUSE_ASYNC_READ));
        assertFalse(c.isEnabled(InitFlags.FUSE_DO_READDIRPLUS));
        assertTrue(c.isEnabled(InitFlags.FUSE_SETXATTR_EXT));
    }

    @Test
    @DisplayName("direct_io and kernel_cache are added to every OPEN reply, not to OPENDIR")
    void openFlagsFromOptions() throws Exception {
        mount(new FileSystem() {
            @Override
            public OpenFile open(Request req, long nodeid, int flags) {
                return OpenFile.of(3, OpenFile.NONSEEKABLE);
            }
        }, MountOptions.builder().parse("direct_io,kernel_cache").build());
        channel.send(Frames.request(Opcode.OPEN.code(), 2, 5).u32(0).u32(0).build());
        ReplyView r = channel.reply(T);
        assertEquals(3, r.u64(16), "fh");
        assertEquals(OpenFile.DIRECT_IO | OpenFile.KEEP_CACHE | OpenFile.NONSEEKABLE, r.u32(24), "open_flags");
        channel.send(Frames.request(Opcode.OPENDIR.code(), 3, 1).u32(0).u32(0).build());
        assertEquals(0, channel.reply(T).u32(24), "opendir keeps its own flags");
    }

    @Test
    @DisplayName("the capability options round-trip through toString and name what is wrong")
    void optionText() {
        MountOptions o = MountOptions.builder()
                .parse("no_remote_lock,cache_symlinks,no_auto_inval_data,explicit_inval_data").build();
        assertFalse(o.isEnabled(Capability.POSIX_LOCKS));
        assertFalse(o.isEnabled(Capability.FLOCK_LOCKS));
        assertTrue(o.isEnabled(Capability.CACHE_SYMLINKS));
        assertFalse(o.isEnabled(Capability.AUTO_INVAL_DATA));
        assertEquals(o.capabilities(), MountOptions.builder().parse(o.toString()).build().capabilities());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MountOptions.builder().parse("readdirplus=maybe"));
        assertTrue(e.getMessage().contains("readdirplus=maybe"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MountOptions.builder().parse("writeback_cache=1"));
        assertTrue(e.getMessage().contains("writeback_cache"), e.getMessage());
    }

    @Test
    @DisplayName("allow_root: other users get EACCES on lookups, the owner and root are served, open files stay usable")
    void allowRootRefusesOthers() throws Exception {
        create(new FileSystem() {
            @Override
            public int read(Request req, long nodeid, long fh, long offset, java.lang.foreign.MemorySegment dest) {
                return 0;
            }
        }, MountOptions.builder().parse("allow_root").build());
        session.restrictTo(500);
        session.start();
        channel.send(Frames.initExt(1, 7, 45, 128 << 10, OFFER_ALL));
        assertEquals(0, channel.reply(T).error());
        session.awaitInit(T);
        channel.send(Frames.request(Opcode.GETATTR.code(), 2, 1).uid(1000).gid(1000).u32(0).u32(0).u64(0).build());
        assertEquals(-13, channel.reply(T).error(), "another user");
        channel.send(Frames.request(Opcode.GETATTR.code(), 3, 1).uid(500).gid(500).u32(0).u32(0).u64(0).build());
        assertEquals(-38, channel.reply(T).error(), "the owner reaches the filesystem (ENOSYS default)");
        channel.send(Frames.request(Opcode.GETATTR.code(), 4, 1).uid(0).gid(0).u32(0).u32(0).u64(0).build());
        assertEquals(-38, channel.reply(T).error(), "root reaches the filesystem");
        channel.send(Frames.request(Opcode.READ.code(), 5, 2).uid(1000).gid(1000)
                .u64(0).u64(0).u32(4096).u32(0).u64(0).u32(0).u32(0).build());
        assertEquals(0, channel.reply(T).error(), "a READ on an open file is served");
    }
}
