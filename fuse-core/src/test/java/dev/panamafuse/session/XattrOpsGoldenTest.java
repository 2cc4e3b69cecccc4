package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Errno;
import dev.panamafuse.protocol.InitFlags;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.LogCapture;
import dev.panamafuse.testing.ReplyView;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden request and reply frames of the extended-attribute operations ({@link
 * dev.panamafuse.session.ops.XattrOps}) that {@link SessionTest} does not already cover: SETXATTR
 * (both body sizes), REMOVEXATTR (see {@link GoldenFixture}).
 */
@DisplayName("Golden frames: xattrs")
class XattrOpsGoldenTest extends GoldenFixture {

    @Nested
    @DisplayName("SETXATTR")
    class Setxattr {
        private final byte[] compat = hex(
                "3c 00 00 00 15 00 00 00", // len=60, opcode=SETXATTR (21)
                "18 01 00 00 00 00 00 00", // unique=0x118
                "02 00 00 00 00 00 00 00", // nodeid=2
                "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                "05 00 00 00 01 00 00 00", // fuse_setxattr_in (compat, 8 bytes): size=5, flags=XATTR_CREATE
                "75 73 65 72 2e 6b 00 68", // name="user.k\0", value: "h"
                "65 6c 6c 6f"              //   "ello"
        );
        private final byte[] extended = hex(
                "44 00 00 00 15 00 00 00", // len=68, opcode=SETXATTR (21)
                "19 01 00 00 00 00 00 00", // unique=0x119
                "02 00 00 00 00 00 00 00", // nodeid=2
                "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                "05 00 00 00 02 00 00 00", // fuse_setxattr_in: size=5, flags=XATTR_REPLACE
                "01 00 00 00 00 00 00 00", // setxattr_flags=FUSE_SETXATTR_ACL_KILL_SGID, padding=0
                "75 73 65 72 2e 6b 00 68", // name="user.k\0", value: "h"
                "65 6c 6c 6f"              //   "ello"
        );

        @Test
        @DisplayName("SETXATTR_EXT not negotiated: the 8-byte compat struct, setxattrFlags 0")
        void compat() throws Exception {
            mount(new RecordingFs(), SessionTest.K45 & ~InitFlags.FUSE_SETXATTR_EXT);
            assertFalse(session.connection().isEnabled(InitFlags.FUSE_SETXATTR_EXT));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "18 01 00 00 00 00 00 00"  // unique=0x118
            ), call(compat).bytes());
            assertEquals("setxattr 2 user.k value=hello readOnly=true flags=1 setxattrFlags=0", nextCall());
        }

        @Test
        @DisplayName("SETXATTR_EXT negotiated: the 16-byte struct with setxattr_flags")
        void extended() throws Exception {
            mount(new RecordingFs());
            // Whether the session asks for SETXATTR_EXT is the mount options' business; this checks
            // the decoding of the 16-byte body once it is negotiated.
            dispatcher(session).setxattrExt = true;
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "19 01 00 00 00 00 00 00"  // unique=0x119
            ), call(extended).bytes());
            assertEquals("setxattr 2 user.k value=hello readOnly=true flags=2 setxattrFlags=1", nextCall());
        }

        @ParameterizedTest(name = "kernel offers SETXATTR_EXT: {0}")
        @ValueSource(booleans = {true, false})
        @DisplayName("the body size follows what INIT negotiated, whatever the dispatcher held before")
        void decidedByInit(boolean offered) throws Exception {
            start(new RecordingFs());
            Dispatcher d = dispatcher(session);
            d.setxattrExt = true; // a stale value INIT must overwrite
            session.start();
            long flags = offered ? SessionTest.K45 : SessionTest.K45 & ~InitFlags.FUSE_SETXATTR_EXT;
            channel.send(Frames.initExt(1, 7, 45, SessionTest.READAHEAD, flags));
            assertEquals(0, channel.reply(T).error());
            boolean negotiated = session.awaitInit(T).isEnabled(InitFlags.FUSE_SETXATTR_EXT);
            assertEquals(negotiated, d.setxattrExt, "Dispatcher.setxattrExt must follow the negotiated flags");
            assertEmptySuccess(call(negotiated ? extended : compat), negotiated ? 0x119 : 0x118);
            assertEquals(negotiated ? "setxattr 2 user.k value=hello readOnly=true flags=2 setxattrFlags=1"
                    : "setxattr 2 user.k value=hello readOnly=true flags=1 setxattrFlags=0", nextCall());
        }

        @Test
        @DisplayName("a value size beyond the frame is EIO")
        void valueTooLong() throws Exception {
            try (LogCapture log = LogCapture.of(Session.class)) {
                mount(new RecordingFs(), SessionTest.K45 & ~InitFlags.FUSE_SETXATTR_EXT);
                assertError(call(req(Opcode.SETXATTR, 0x11a, 2).u32(50).u32(0).name("user.k").put(new byte[5])
                        .build()), 0x11a, Errno.EIO);
                assertNoMoreCalls();
                assertTrue(log.warned("SETXATTR unique 282: malformed frame"), log.warnings()::toString);
            }
        }
    }

    @Nested
    @DisplayName("REMOVEXATTR")
    class Removexattr {
        @Test
        @DisplayName("the name; an empty reply")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "2f 00 00 00 18 00 00 00", // len=47, opcode=REMOVEXATTR (24)
                    "1b 01 00 00 00 00 00 00", // unique=0x11b
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "75 73 65 72 2e 6b 00"     // name="user.k\0"
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "1b 01 00 00 00 00 00 00"  // unique=0x11b
            ), r.bytes());
            assertEquals("removexattr 2 user.k", nextCall());
        }
    }
}
