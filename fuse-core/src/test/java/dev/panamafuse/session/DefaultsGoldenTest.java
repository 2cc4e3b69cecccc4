package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.StatFs;
import dev.panamafuse.protocol.InitFlags;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.protocol.OperationFlags;
import dev.panamafuse.protocol.StructFields;
import dev.panamafuse.testing.ReplyView;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden request and reply frames of what each operation answers when the filesystem does not
 * implement it (ENOSYS, or its documented default) (see {@link GoldenFixture}).
 */
@DisplayName("Golden frames: defaults")
class DefaultsGoldenTest extends GoldenFixture {

    @Nested
    @DisplayName("defaults of FileSystem")
    class Defaults {
        @ParameterizedTest(name = "{0}")
        @EnumSource(value = Opcode.class, names = {"READLINK", "SYMLINK", "MKNOD", "MKDIR", "UNLINK", "RMDIR",
            "RENAME", "LINK", "SETXATTR", "REMOVEXATTR", "GETLK", "SETLK", "SETLKW", "ACCESS", "BMAP", "IOCTL",
            "FALLOCATE", "LSEEK", "COPY_FILE_RANGE", "COPY_FILE_RANGE_64", "TMPFILE", "STATX", "READDIRPLUS"})
        @DisplayName("a well-formed request to an unimplemented operation is ENOSYS")
        void enosys(Opcode op) throws Exception {
            mount(new SessionTest.EmptyFs(), SessionTest.K45 & ~InitFlags.FUSE_SETXATTR_EXT);
            ReplyView r = call(wellFormed(op, 0x140));
            assertBytes(hex(
                    "10 00 00 00 da ff ff ff", // len=16, error=-38 (ENOSYS)
                    "40 01 00 00 00 00 00 00"  // unique=0x140
            ), r.bytes());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = Opcode.class, names = {"SETLK", "SETLKW"})
        @DisplayName("flock (SETLK/SETLKW with FUSE_LK_FLOCK) is ENOSYS by default")
        void flockEnosys(Opcode op) throws Exception {
            mount(new SessionTest.EmptyFs());
            assertError(call(req(op, 0x141, 2).u64(0x10).u64(0xabc).u64(0).u64(OFFSET_MAX).u32(1).u32(4242)
                    .u32(OperationFlags.LK_FLOCK).u32(0).build()), 0x141, Errno.ENOSYS);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = Opcode.class, names = {"FLUSH", "FSYNC", "FSYNCDIR", "RELEASE", "RELEASEDIR", "SYNCFS"})
        @DisplayName("flush, fsync, fsyncdir, release, releasedir and syncfs succeed by default")
        void succeed(Opcode op) throws Exception {
            mount(new SessionTest.EmptyFs());
            assertBytes(hex(
                    OK_LEN_16,                 // len=16, error=0
                    "42 01 00 00 00 00 00 00"  // unique=0x142
            ), call(wellFormed(op, 0x142)).bytes());
        }

        @Test
        @DisplayName("RELEASE with FLOCK_UNLOCK succeeds by default (flock's ENOSYS is ignored)")
        void releaseFlockUnlock() throws Exception {
            mount(new SessionTest.EmptyFs());
            assertEmptySuccess(call(req(Opcode.RELEASE, 0x143, 2).u64(0x10).u32(0).u32(OperationFlags.RELEASE_FLOCK_UNLOCK)
                    .u64(0x99).build()), 0x143);
        }

        @Test
        @DisplayName("OPENDIR gives handle 0 by default")
        void opendir() throws Exception {
            mount(new SessionTest.EmptyFs());
            assertBytes(hex(
                    "20 00 00 00 00 00 00 00", // len=32, error=0
                    "44 01 00 00 00 00 00 00", // unique=0x144
                    "00 00 00 00 00 00 00 00", // fuse_open_out: fh=0
                    "00 00 00 00 00 00 00 00"  // open_flags=0, backing_id=0
            ), call(wellFormed(Opcode.OPENDIR, 0x144)).bytes());
        }

        @Test
        @DisplayName("STATFS gives StatFs.EMPTY by default: zeros, bsize 512, namelen 255")
        void statfs() throws Exception {
            mount(new SessionTest.EmptyFs());
            assertEquals(new StatFs(0, 0, 0, 0, 0, 512, 255, 0), StatFs.EMPTY);
            assertBytes(hex(
                    "60 00 00 00 00 00 00 00", // len=96, error=0
                    "45 01 00 00 00 00 00 00", // unique=0x145
                    "00 00 00 00 00 00 00 00", // fuse_kstatfs: blocks=0
                    "00 00 00 00 00 00 00 00", // bfree=0
                    "00 00 00 00 00 00 00 00", // bavail=0
                    "00 00 00 00 00 00 00 00", // files=0
                    "00 00 00 00 00 00 00 00", // ffree=0
                    "00 02 00 00 ff 00 00 00", // bsize=512, namelen=255
                    "00 00 00 00 00 00 00 00", // frsize=0, padding=0
                    "00 00 00 00 00 00 00 00", // spare
                    "00 00 00 00 00 00 00 00", // spare
                    "00 00 00 00 00 00 00 00"  // spare
            ), call(req(Opcode.STATFS, 0x145, 1).build()).bytes());
        }

        @Test
        @DisplayName("DESTROY succeeds by default")
        void destroy() throws Exception {
            mount(new SessionTest.EmptyFs());
            assertEmptySuccess(call(req(Opcode.DESTROY, 0x146, 0).build()), 0x146);
        }
    }

    /** The opcodes a family serves whose request has an operation struct the family must find whole. */
    static Stream<Opcode> opsWithStruct() {
        Set<Opcode> skipped = EnumSet.of(
                Opcode.GETATTR, // fuse_getattr_in is optional: the body was added in 7.9
                Opcode.FORGET, Opcode.BATCH_FORGET, // no reply to check
                Opcode.INIT, Opcode.INTERRUPT, Opcode.NOTIFY_REPLY, Opcode.DESTROY, // the session's own
                Opcode.CUSE_INIT, Opcode.SETUPMAPPING, Opcode.REMOVEMAPPING); // ENOSYS before any decode
        return Arrays.stream(Opcode.values()).filter(op -> op.in() != StructFields.NONE && !skipped.contains(op));
    }

    @Nested
    @DisplayName("the operation struct each Opcode row names")
    class OpStructs {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.panamafuse.session.DefaultsGoldenTest#opsWithStruct")
        @DisplayName("a body one byte shorter than Opcode.in() is EIO, and no handler is called")
        void shortStruct(Opcode op) throws Exception {
            mount(new RecordingFs()); // SETXATTR_EXT agreed: fuse_setxattr_in is the whole 16 bytes
            int size = (int) op.in().byteSize();
            assertError(call(req(op, 0x150, 2).zeros(size - 1).build()), 0x150, Errno.EIO);
            assertNoMoreCalls();
        }

        @Test
        @DisplayName("an opcode the kernel expects no reply to names no reply struct")
        void noReplyNoStruct() {
            for (Opcode op : Opcode.values()) {
                if (!op.hasReply()) {
                    assertEquals(StructFields.NONE, op.out(), op::name);
                }
            }
        }
    }
}
