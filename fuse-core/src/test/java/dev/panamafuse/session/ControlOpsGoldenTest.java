package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.ReplyView;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Golden request and reply frames of the control operations: SYNCFS ({@link
 * dev.panamafuse.session.ops.ControlOps}), and the session-level DESTROY, NOTIFY_REPLY and the
 * opcodes no family serves (see {@link GoldenFixture}).
 */
@DisplayName("Golden frames: control")
class ControlOpsGoldenTest extends GoldenFixture {

    @Nested
    @DisplayName("SYNCFS")
    class Syncfs {
        @Test
        @DisplayName("fuse_syncfs_in (padding only); an empty reply")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "30 00 00 00 32 00 00 00", // len=48, opcode=SYNCFS (50)
                    "33 01 00 00 00 00 00 00", // unique=0x133
                    "01 00 00 00 00 00 00 00", // nodeid=1
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                    "00 00 00 00 00 00 00 00"  // fuse_syncfs_in: padding=0
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "33 01 00 00 00 00 00 00"  // unique=0x133
            ), r.bytes());
            assertEquals("syncfs 1", nextCall());
        }
    }

    @Nested
    @DisplayName("DESTROY")
    class Destroy {
        @Test
        @DisplayName("destroy() runs once, then the empty reply; the end of the session does not run it again")
        void golden() throws Exception {
            AtomicInteger destroys = new AtomicInteger();
            AtomicBoolean finished = new AtomicBoolean();
            mount(new RecordingFs() {
                @Override
                public void destroy() {
                    destroys.incrementAndGet();
                    try {
                        Thread.sleep(100); // a reply sent before destroy() returned would show up now
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    finished.set(true);
                }
            });
            channel.send(hex(
                    "28 00 00 00 26 00 00 00", // len=40, opcode=DESTROY (38)
                    "34 01 00 00 00 00 00 00", // unique=0x134
                    "00 00 00 00 00 00 00 00", // nodeid=0
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 00 00 00 00"  // pid=0 (sent by the kernel itself), total_extlen=0, padding=0
            ));
            ReplyView r = channel.reply(T);
            assertTrue(finished.get(), "the reply came before destroy() returned");
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "34 01 00 00 00 00 00 00"  // unique=0x134
            ), r.bytes());
            assertEquals(1, destroys.get());
            session.stop();
            channel.close();
            assertTrue(session.awaitEnd(T));
            assertEquals(1, destroys.get(), "destroy() ran again at the end");
        }
    }

    @Nested
    @DisplayName("NOTIFY_REPLY")
    class NotifyReply {
        @Test
        @DisplayName("the kernel's answer to a retrieve gets no reply and reaches no handler; the session goes on")
        void noReply() throws Exception {
            mount(new RecordingFs());
            channel.send(hex(
                    "54 00 00 00 29 00 00 00", // len=84, opcode=NOTIFY_REPLY (41)
                    "07 00 00 00 00 00 00 00", // unique=7 (the notify_unique of the retrieve)
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                    "00 00 00 00 00 00 00 00", // fuse_notify_retrieve_in: dummy1=0
                    "00 00 00 00 00 00 00 00", // offset=0
                    "04 00 00 00 00 00 00 00", // size=4, dummy2=0
                    "00 00 00 00 00 00 00 00", // dummy3=0
                    "00 00 00 00 00 00 00 00", // dummy4=0
                    "41 42 43 44"              // the data
            ));
            channel.assertNoReply(QUIET);
            ReplyView next = call(req(Opcode.SYNCFS, 0x135, 1).u64(0).build());
            assertEmptySuccess(next, 0x135);
            assertEquals("syncfs 1", nextCall());
            assertNoMoreCalls();
            channel.assertNoReply(QUIET);
        }
    }

    @Nested
    @DisplayName("SETUPMAPPING, REMOVEMAPPING, CUSE_INIT")
    class Unsupported {
        @Test
        @DisplayName("SETUPMAPPING (DAX) is ENOSYS")
        void setupmapping() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "50 00 00 00 30 00 00 00", // len=80, opcode=SETUPMAPPING (48)
                    "36 01 00 00 00 00 00 00", // unique=0x136
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_setupmapping_in: fh=0x10
                    "00 00 00 00 00 00 00 00", // foffset=0
                    "00 00 20 00 00 00 00 00", // len=2 MiB
                    "03 00 00 00 00 00 00 00", // flags=WRITE|READ
                    "00 00 00 00 00 00 00 00"  // moffset=0
            ));
            assertBytes(hex(
                    "10 00 00 00 da ff ff ff", // len=16, error=-38 (ENOSYS)
                    "36 01 00 00 00 00 00 00"  // unique=0x136
            ), r.bytes());
            assertNoMoreCalls();
        }

        @Test
        @DisplayName("REMOVEMAPPING (DAX) is ENOSYS")
        void removemapping() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "3c 00 00 00 31 00 00 00", // len=60, opcode=REMOVEMAPPING (49)
                    "37 01 00 00 00 00 00 00", // unique=0x137
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                    "01 00 00 00",             // fuse_removemapping_in: count=1
                    "00 00 00 00 00 00 00 00", // fuse_removemapping_one: moffset=0
                    "00 00 20 00 00 00 00 00"  //   len=2 MiB
            ));
            assertBytes(hex(
                    "10 00 00 00 da ff ff ff", // len=16, error=-38 (ENOSYS)
                    "37 01 00 00 00 00 00 00"  // unique=0x137
            ), r.bytes());
            assertNoMoreCalls();
        }

        @Test
        @DisplayName("CUSE_INIT is ENOSYS (no CUSE server here)")
        void cuseInit() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "38 00 00 00 00 10 00 00", // len=56, opcode=CUSE_INIT (4096)
                    "38 01 00 00 00 00 00 00", // unique=0x138
                    "00 00 00 00 00 00 00 00", // nodeid=0
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                    "07 00 00 00 2d 00 00 00", // cuse_init_in: major=7, minor=45
                    "00 00 00 00 01 00 00 00"  // unused=0, flags=CUSE_UNRESTRICTED_IOCTL
            ));
            assertBytes(hex(
                    "10 00 00 00 da ff ff ff", // len=16, error=-38 (ENOSYS)
                    "38 01 00 00 00 00 00 00"  // unique=0x138
            ), r.bytes());
            assertNoMoreCalls();
            assertEmptySuccess(call(req(Opcode.SYNCFS, 0x139, 1).u64(0).build()), 0x139);
        }
    }
}
