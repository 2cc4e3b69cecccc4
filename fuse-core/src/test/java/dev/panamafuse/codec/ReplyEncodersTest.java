package dev.panamafuse.codec;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamafuse.Attr;
import dev.panamafuse.Errno;
import dev.panamafuse.FileLock;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.StatFs;
import dev.panamafuse.Statx;
import dev.panamafuse.testing.Frames;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of the reply encoders other than {@link AttrEncoder}: {@link OpenEncoder},
 * {@link ValueReply}, {@link StatfsEncoder}, {@link StatxEncoder} and {@link FileLockCodec}
 * (which also decodes). Every reply starts with unique 7; little-endian, offsets of protocol 7.45.
 */
@DisplayName("reply encoders")
class ReplyEncodersTest {
    private static final String UNIQUE_7 = "07 00 00 00 00 00 00 00"; // unique=7

    private TestReply out;
    private ReplyFrame reply;

    @BeforeEach
    void setUp() {
        out = new TestReply();
        reply = out.reply;
        reply.begin(7);
    }

    @AfterEach
    void tearDown() {
        out.close();
    }

    @Nested
    @DisplayName("OpenEncoder")
    class Open {
        @Test
        @DisplayName("fuse_open_out: fh, the handler's flags with the extra ones, backing_id")
        void openOut() {
            OpenEncoder.openOut(reply, new OpenFile(0x1122, OpenFile.KEEP_CACHE, 5), OpenFile.DIRECT_IO);
            assertBytes(hex(
                    "20 00 00 00 00 00 00 00", // len=32, error=0
                    UNIQUE_7,
                    "22 11 00 00 00 00 00 00", // fuse_open_out: fh=0x1122
                    "03 00 00 00 05 00 00 00"  // open_flags=FOPEN_DIRECT_IO|FOPEN_KEEP_CACHE, backing_id=5
            ), out.sent());
        }

        @Test
        @DisplayName("a null OpenFile is EIO")
        void openNull() {
            assertEquals(Errno.EIO, assertThrows(FuseException.class, () -> OpenEncoder.openOut(reply, null, 0)).errno());
        }
    }

    @Nested
    @DisplayName("ValueReply")
    class Scalars {
        @Test
        @DisplayName("fuse_write_out, fuse_lseek_out, fuse_bmap_out and fuse_copy_file_range_out, one after the other")
        void counts() {
            ValueReply.WRITE.append(reply, 7);
            ValueReply.LSEEK.append(reply, 0x1000);
            ValueReply.BMAP.append(reply, 1234);
            ValueReply.COPY_FILE_RANGE_64.append(reply, 0x1_0000_0000L);
            assertBytes(hex(
                    "30 00 00 00 00 00 00 00", // len=48, error=0
                    UNIQUE_7,
                    "07 00 00 00 00 00 00 00", // fuse_write_out: size=7, padding=0
                    "00 10 00 00 00 00 00 00", // fuse_lseek_out: offset=0x1000
                    "d2 04 00 00 00 00 00 00", // fuse_bmap_out: block=1234
                    "00 00 00 00 01 00 00 00"  // fuse_copy_file_range_out: bytes_copied=0x100000000
            ), out.sent());
        }

        @Test
        @DisplayName("fuse_poll_out, fuse_getxattr_out and fuse_ioctl_out (result only)")
        void small() {
            ValueReply.POLL.append(reply, 0x41);
            ValueReply.XATTR_SIZE.append(reply, 12);
            ValueReply.IOCTL.append(reply, -1);
            assertBytes(hex(
                    "30 00 00 00 00 00 00 00", // len=48, error=0
                    UNIQUE_7,
                    "41 00 00 00 00 00 00 00", // fuse_poll_out: revents=POLLIN|POLLRDNORM, padding=0
                    "0c 00 00 00 00 00 00 00", // fuse_getxattr_out: size=12, padding=0
                    "ff ff ff ff 00 00 00 00", // fuse_ioctl_out: result=-1, flags=0
                    "00 00 00 00 00 00 00 00"  // in_iovs=0, out_iovs=0
            ), out.sent());
        }
    }

    @Nested
    @DisplayName("StatfsEncoder")
    class Statfs {
        @Test
        @DisplayName("fuse_statfs_out: every field in its place, the spare words zero")
        void statfsOut() {
            StatfsEncoder.statfsOut(reply, new StatFs(1, 2, 3, 4, 5, 512, 255, 4096));
            assertBytes(hex(
                    "60 00 00 00 00 00 00 00", // len=96, error=0
                    UNIQUE_7,
                    "01 00 00 00 00 00 00 00", // fuse_kstatfs: blocks=1
                    "02 00 00 00 00 00 00 00", // bfree=2
                    "03 00 00 00 00 00 00 00", // bavail=3
                    "04 00 00 00 00 00 00 00", // files=4
                    "05 00 00 00 00 00 00 00", // ffree=5
                    "00 02 00 00 ff 00 00 00", // bsize=512, namelen=255
                    "00 10 00 00 00 00 00 00", // frsize=4096, padding=0
                    "00 00 00 00 00 00 00 00", // spare
                    "00 00 00 00 00 00 00 00", // spare
                    "00 00 00 00 00 00 00 00"  // spare
            ), out.sent());
        }

        @Test
        @DisplayName("a null StatFs is EIO")
        void statfsNull() {
            assertEquals(Errno.EIO, assertThrows(FuseException.class, () -> StatfsEncoder.statfsOut(reply, null)).errno());
        }
    }

    @Nested
    @DisplayName("StatxEncoder")
    class StatxOut {
        private final Instant time = Instant.ofEpochSecond(1000, 1);
        /** A char device 0x123:0x45678 (the kernel's new_encode_dev). */
        private final Attr device = new Attr(7, Mode.S_IFCHR | 0620, 1, 1000, 5, 0x4561_2378, 0, 0, 4096, time,
                time, time, 0);

        @Test
        @DisplayName("fuse_statx_out: the timeout, then the mask and the device split into major and minor")
        void statxOut() {
            StatxEncoder.statxOut(reply, new Statx(device, 0xfff, Instant.ofEpochSecond(9, 5), 0x20, 0x30),
                    Duration.ofSeconds(2, 3));
            byte[] b = out.sent();
            assertEquals(16 + 288, b.length);
            assertBytes(hex(
                    "02 00 00 00 00 00 00 00", // fuse_statx_out: attr_valid=2
                    "03 00 00 00 00 00 00 00", // attr_valid_nsec=3, flags=0
                    "00 00 00 00 00 00 00 00", // spare[0]
                    "00 00 00 00 00 00 00 00", // spare[1]
                    "ff 0f 00 00 00 10 00 00", // stat.mask=0xfff, stat.blksize=4096
                    "20 00 00 00 00 00 00 00"  // stat.attributes=0x20
            ), Arrays.copyOfRange(b, 16, 64));
            assertBytes(hex(
                    "09 00 00 00 00 00 00 00", // stat.btime.tv_sec=9
                    "05 00 00 00 00 00 00 00"  // stat.btime.tv_nsec=5, __reserved=0
            ), Arrays.copyOfRange(b, 16 + 32 + 80, 16 + 32 + 96));
            assertBytes(hex(
                    "23 01 00 00 78 56 04 00"  // stat.rdev_major=0x123, stat.rdev_minor=0x45678
            ), Arrays.copyOfRange(b, 16 + 32 + 128, 16 + 32 + 136));
        }

        @Test
        @DisplayName("without a birth time STATX_BTIME leaves the mask and btime stays zero")
        void noBtime() {
            StatxEncoder.statxOut(reply, new Statx(device, 0xfff, null, 0, 0), Duration.ZERO);
            byte[] b = out.sent();
            assertBytes(hex("ff 07 00 00"), Arrays.copyOfRange(b, 16 + 32, 16 + 36)); // stat.mask=0x7ff
            assertBytes(new byte[16], Arrays.copyOfRange(b, 16 + 32 + 80, 16 + 32 + 96)); // stat.btime=0
        }
    }

    @Nested
    @DisplayName("FileLockCodec")
    class Locks {
        @Test
        @DisplayName("fuse_lk_out: start, end, type, pid")
        void lkOut() {
            FileLockCodec.lkOut(reply, new FileLock(100, 199, FileLock.F_RDLCK, 777));
            assertBytes(hex(
                    "28 00 00 00 00 00 00 00", // len=40, error=0
                    UNIQUE_7,
                    "64 00 00 00 00 00 00 00", // fuse_lk_out.lk: start=100
                    "c7 00 00 00 00 00 00 00", // end=199
                    "00 00 00 00 09 03 00 00"  // type=F_RDLCK, pid=777
            ), out.sent());
        }

        @Test
        @DisplayName("read() takes a fuse_file_lock at any offset of a request")
        void read() {
            byte[] frame = Frames.request(31, 9, 2).u64(0x10).u64(Long.MAX_VALUE).u32(1).u32(4242).build();
            MemorySegment buffer = out.arena.allocate(4096);
            MemorySegment.copy(MemorySegment.ofArray(frame), 0, buffer, 0, frame.length);
            RequestFrame in = new RequestFrame().wrap(buffer, frame.length);
            assertEquals(new FileLock(0x10, Long.MAX_VALUE, FileLock.F_WRLCK, 4242),
                    FileLockCodec.read(in, in.argument(24)));
        }

        @Test
        @DisplayName("a null lock of getlk is EIO")
        void lkNull() {
            assertEquals(Errno.EIO, assertThrows(FuseException.class, () -> FileLockCodec.lkOut(reply, null)).errno());
        }
    }
}
