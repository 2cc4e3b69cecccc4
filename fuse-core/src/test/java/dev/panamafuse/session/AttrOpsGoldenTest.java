package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import dev.panamafuse.Statx;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.ReplyView;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Golden request and reply frames of the attribute operations ({@link
 * dev.panamafuse.session.ops.AttrOps}) that {@link SessionTest} does not already cover: ACCESS,
 * STATX (see {@link GoldenFixture}).
 */
@DisplayName("Golden frames: attributes")
class AttrOpsGoldenTest extends GoldenFixture {

    @Nested
    @DisplayName("ACCESS")
    class Access {
        @Test
        @DisplayName("fuse_access_in mask; an empty reply, or the handler's EACCES")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "30 00 00 00 22 00 00 00", // len=48, opcode=ACCESS (34)
                    "23 01 00 00 00 00 00 00", // unique=0x123
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "05 00 00 00 00 00 00 00"  // fuse_access_in: mask=R_OK|X_OK, padding=0
            ));
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "23 01 00 00 00 00 00 00"  // unique=0x123
            ), r.bytes());
            assertEquals("access 2 mask=5", nextCall());
            ReplyView denied = call(req(Opcode.ACCESS, 0x124, 2).u32(2).u32(0).build());
            assertBytes(hex(
                    "10 00 00 00 f3 ff ff ff", // len=16, error=-13 (EACCES)
                    "24 01 00 00 00 00 00 00"  // unique=0x124
            ), denied.bytes());
            assertEquals("access 2 mask=2", nextCall());
        }
    }

    @Nested
    @DisplayName("STATX")
    class StatxOp {
        @Test
        @DisplayName("GETATTR_FH passes fh; fuse_statx_out with btime, attributes and rdev split into major:minor")
        void golden() throws Exception {
            mount(new RecordingFs());
            ReplyView r = call(hex(
                    "40 00 00 00 34 00 00 00", // len=64, opcode=STATX (52)
                    "31 01 00 00 00 00 00 00", // unique=0x131
                    "07 00 00 00 00 00 00 00", // nodeid=7
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "01 00 00 00 00 00 00 00", // fuse_statx_in: getattr_flags=FUSE_GETATTR_FH, reserved=0
                    "10 00 00 00 00 00 00 00", // fh=0x10
                    "00 20 00 00 ff 0f 00 00"  // sx_flags=AT_STATX_FORCE_SYNC, sx_mask=STATX_BASIC_STATS|STATX_BTIME
            ));
            String zeros = "00 00 00 00 00 00 00 00";
            String[] spare2 = new String[14];
            Arrays.fill(spare2, zeros); // stat.__spare2[14]
            assertBytes(hex(rows(new String[] {
                "30 01 00 00 00 00 00 00", // len=304, error=0
                "31 01 00 00 00 00 00 00", // unique=0x131
                "02 00 00 00 00 00 00 00", // fuse_statx_out: attr_valid=2
                "00 00 00 00 00 00 00 00", // attr_valid_nsec=0, flags=0
                "00 00 00 00 00 00 00 00", // spare[0]
                "00 00 00 00 00 00 00 00", // spare[1]
                "ff 0f 00 00 00 10 00 00", // stat.mask=0xfff, stat.blksize=4096
                "20 00 00 00 00 00 00 00", // stat.attributes=STATX_ATTR_APPEND
                "01 00 00 00 e8 03 00 00", // stat.nlink=1, stat.uid=1000
                "05 00 00 00 90 21 00 00", // stat.gid=5, stat.mode=020620, __spare0=0
                "07 00 00 00 00 00 00 00", // stat.ino=7
                "00 00 00 00 00 00 00 00", // stat.size=0
                "00 00 00 00 00 00 00 00", // stat.blocks=0
                "30 00 00 00 00 00 00 00", // stat.attributes_mask=STATX_ATTR_IMMUTABLE|STATX_ATTR_APPEND
                "00 f1 53 65 00 00 00 00", // stat.atime.tv_sec=1700000000
                "15 cd 5b 07 00 00 00 00", // stat.atime.tv_nsec=123456789, __reserved=0
                "00 10 5e 5f 00 00 00 00", // stat.btime.tv_sec=1600000000
                "05 00 00 00 00 00 00 00", // stat.btime.tv_nsec=5, __reserved=0
                "00 f1 53 65 00 00 00 00", // stat.ctime.tv_sec=1700000000
                "15 cd 5b 07 00 00 00 00", // stat.ctime.tv_nsec=123456789, __reserved=0
                "00 f1 53 65 00 00 00 00", // stat.mtime.tv_sec=1700000000
                "15 cd 5b 07 00 00 00 00", // stat.mtime.tv_nsec=123456789, __reserved=0
                "23 01 00 00 78 56 04 00", // stat.rdev_major=0x123, stat.rdev_minor=0x45678
                "00 00 00 00 00 00 00 00", // stat.dev_major=0, stat.dev_minor=0
            }, spare2)), r.bytes());
            assertEquals("statx 7 fh=16 flags=0x2000 mask=0xfff", nextCall());
        }

        @Test
        @DisplayName("without GETATTR_FH: fh is NO_FH; btime absent: STATX_BTIME cleared and btime zero")
        void noFhNoBtime() throws Exception {
            mount(new RecordingFs() {
                @Override
                public Statx statx(Request req, long nodeid, long fh, int flags, int mask) {
                    calls.add("statx " + nodeid + " fh=" + fh + " flags=0x" + Integer.toHexString(flags) + " mask=0x"
                            + Integer.toHexString(mask));
                    return new Statx(SessionTest.HELLO, STATX_BASIC_STATS | STATX_BTIME, null, 0, 0);
                }
            });
            ReplyView r = call(req(Opcode.STATX, 0x132, 2).u32(0).u32(0).u64(0x99).u32(0).u32(0xfff).build());
            assertEquals(0, r.error(), r::toString);
            assertEquals(304, r.len());
            int stat = 16 + 32;
            assertEquals(STATX_BASIC_STATS, r.u32(stat), "stat.mask without STATX_BTIME");
            assertEquals(0, r.u64(stat + 80), "btime.tv_sec");
            assertEquals(0, r.u64(stat + 88), "btime.tv_nsec");
            assertEquals(1_700_000_000L, r.u64(stat + 64), "atime.tv_sec");
            assertEquals(Mode.S_IFREG | 0644, r.u16(stat + 28), "mode");
            assertEquals(14, r.u64(stat + 40), "size");
            assertEquals("statx 2 fh=-1 flags=0x0 mask=0xfff", nextCall());
        }
    }
}
