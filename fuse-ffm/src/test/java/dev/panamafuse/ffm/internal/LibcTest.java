package dev.panamafuse.ffm.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panamafuse.Errno;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.LibcCall;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Libc against the real libc; jnr-posix is the independent oracle where one is needed. */
class LibcTest {

    private static final POSIX POSIX = POSIXFactory.getPOSIX();

    @Test
    void openOfMissingPathThrowsEnoent(@TempDir Path dir) {
        String path = dir.resolve("no-such-file").toString();
        LibcException e = assertThrows(LibcException.class, () -> Libc.open(path, OpenFlags.O_RDONLY));
        assertEquals(Errno.ENOENT.code(), e.errno());
        assertEquals(2, e.errno());
        assertEquals(Errno.ENOENT, e.toErrno());
        assertTrue(e.getMessage().startsWith("open("), e.getMessage());
        assertEquals("open(\"" + path + "\") failed: ENOENT (No such file or directory)", e.getMessage());
        assertTrue(e.getMessage().contains(path));
        assertTrue(e.getMessage().contains("ENOENT"));
    }

    @Test
    void openAndReadRealFile(@TempDir Path dir) throws IOException {
        byte[] content = "hello, panama-fuse\n".getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("f.txt");
        Files.write(file, content);
        int fd = Libc.open(file.toString(), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            assertTrue(fd >= 0);
            MemorySegment buf = arena.allocate(4096);
            MemorySegment cs = LibcCall.allocateCallState(arena);
            int n = Libc.read(fd, buf, cs);
            assertEquals(content.length, n);
            assertArrayEquals(content, buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(0, Libc.read(fd, buf, cs), "end of file");
        } finally {
            DescriptorCalls.close(fd);
        }
    }

    @Test
    void dupCloseOnExecSetsTheFlagThatDupDoesNot() throws IOException {
        int[] p = Libc.pipe2(0);
        int plain = DescriptorCalls.dup(p[0]);
        int cloexec = Libc.dupCloseOnExec(p[0]);
        try {
            assertFalse(Libc.closesOnExec(p[0]), "pipe2 without O_CLOEXEC");
            assertFalse(Libc.closesOnExec(plain), "dup");
            assertTrue(Libc.closesOnExec(cloexec), "F_DUPFD_CLOEXEC");
        } finally {
            for (int fd : new int[] {p[0], p[1], plain, cloexec}) {
                DescriptorCalls.close(fd);
            }
        }
        LibcException e = assertThrows(LibcException.class, () -> Libc.dupCloseOnExec(-1));
        assertEquals("fcntl(-1, 1030) failed: EBADF (Bad file descriptor)", e.getMessage());
    }

    @Test
    void writeIntoPipeThenReadBack() throws IOException {
        int[] p = Libc.pipe();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = LibcCall.allocateCallState(arena);
            MemorySegment data = arena.allocateFrom("ping", StandardCharsets.UTF_8);
            MemorySegment payload = data.asSlice(0, 4);
            assertEquals(4, Libc.write(p[1], payload, cs));
            MemorySegment buf = arena.allocate(16);
            assertEquals(4, Libc.read(p[0], buf, cs));
            assertEquals("ping", new String(buf.asSlice(0, 4).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
        } finally {
            DescriptorCalls.close(p[0]);
            DescriptorCalls.close(p[1]);
        }
    }

    @Test
    void writevTwoIovecsIntoPipeThenReadBack() throws IOException {
        int[] p = Libc.pipe();
        try (Arena arena = Arena.ofConfined()) {
            byte[] a = "header:".getBytes(StandardCharsets.UTF_8);
            byte[] b = "body-bytes".getBytes(StandardCharsets.UTF_8);
            MemorySegment segA = arena.allocate(a.length);
            MemorySegment segB = arena.allocate(b.length);
            MemorySegment.copy(a, 0, segA, ValueLayout.JAVA_BYTE, 0, a.length);
            MemorySegment.copy(b, 0, segB, ValueLayout.JAVA_BYTE, 0, b.length);

            MemorySegment iov = arena.allocate(Libc.IOVEC, 2);
            iov.set(ValueLayout.ADDRESS, 0, segA);
            iov.set(ValueLayout.JAVA_LONG, 8, a.length);
            iov.set(ValueLayout.ADDRESS, 16, segB);
            iov.set(ValueLayout.JAVA_LONG, 24, b.length);

            MemorySegment cs = LibcCall.allocateCallState(arena);
            assertEquals(a.length + b.length, Libc.writev(p[1], iov, 2, cs));

            MemorySegment buf = arena.allocate(64);
            int n = Libc.read(p[0], buf, cs);
            assertEquals("header:body-bytes",
                    new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
        } finally {
            DescriptorCalls.close(p[0]);
            DescriptorCalls.close(p[1]);
        }
    }

    @Test
    void readOnClosedFdThrowsEbadf() throws IOException {
        int[] p = Libc.pipe();
        DescriptorCalls.close(p[0]);
        DescriptorCalls.close(p[1]);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(8);
            MemorySegment cs = LibcCall.allocateCallState(arena);
            LibcException e = assertThrows(LibcException.class, () -> Libc.read(p[0], buf, cs));
            assertEquals(Errno.EBADF.code(), e.errno());
            assertEquals(Errno.EBADF.code(), LibcCall.errno(cs), "errno lands in the caller's segment");
            assertTrue(e.getMessage().startsWith("read("), e.getMessage());
            assertEquals("read(" + p[0] + ") failed: EBADF (Bad file descriptor)", e.getMessage());

            LibcException bad = assertThrows(LibcException.class, () -> Libc.read(-1, buf));
            assertEquals(Errno.EBADF.code(), bad.errno());
        }
    }

    @Test
    void errnoIsCapturedPerCallUnderConcurrency(@TempDir Path dir) throws Exception {
        int threads = 8;
        int iterations = 1000;
        String missing = dir.resolve("missing").toString();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int kind = t % 4;
                futures.add(pool.submit(() -> {
                    start.await();
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment cs = LibcCall.allocateCallState(arena);
                        MemorySegment buf = arena.allocate(8);
                        for (int i = 0; i < iterations; i++) {
                            LibcException e = switch (kind) {
                                case 0 -> assertThrows(LibcException.class, () -> Libc.open(missing, OpenFlags.O_RDONLY));
                                case 1 -> assertThrows(LibcException.class, () -> DescriptorCalls.close(-1));
                                case 2 -> assertThrows(LibcException.class,
                                        () -> Libc.open(missing + "/x", OpenFlags.O_RDONLY));
                                // hot path: a capture segment the thread owns
                                default -> assertThrows(LibcException.class, () -> Libc.read(-1, buf, cs));
                            };
                            int expected = (kind == 0 || kind == 2) ? Errno.ENOENT.code() : Errno.EBADF.code();
                            assertEquals(expected, e.errno(), "thread kind " + kind + " iteration " + i);
                            if (kind == 3) {
                                assertEquals(Errno.EBADF.code(), LibcCall.errno(cs));
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void umount2OfNonMountpointFailsWithEinval(@TempDir Path dir) {
        LibcException e = assertThrows(LibcException.class, () -> LibcMount.umount2(dir.toString(), 0));
        assumeTrue(e.errno() != Errno.EPERM.code(), "no CAP_SYS_ADMIN: umount2 reports EPERM first");
        assertEquals(Errno.EINVAL.code(), e.errno());
        assertTrue(e.getMessage().startsWith("umount2("), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()));
        assertTrue(e.getMessage().contains("EINVAL"));
    }

    @Test
    void mountOfUnknownFilesystemTypeFails(@TempDir Path dir) {
        LibcException e = assertThrows(LibcException.class,
                () -> LibcMount.mount("none", dir.toString(), "panamafuse-no-such-fs", LibcMount.MS_NOSUID | LibcMount.MS_NODEV, null));
        assumeTrue(e.errno() != Errno.EPERM.code(), "no CAP_SYS_ADMIN");
        assertEquals(Errno.ENODEV.code(), e.errno());
        assertTrue(e.getMessage().startsWith("mount(\"none\", \"" + dir + "\", \"panamafuse-no-such-fs\") failed: ENODEV"));
    }

    @Test
    void ioctlFionreadAndEnotty(@TempDir Path dir) throws IOException {
        long fionread = 0x541B;   // same on x86_64 and aarch64
        long tcgets = 0x5401;
        int[] p = Libc.pipe();
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(5, Libc.write(p[1], arena.allocateFrom("12345").asSlice(0, 5)));
            MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
            assertEquals(0, Libc.ioctl(p[0], fionread, count));
            assertEquals(5, count.get(ValueLayout.JAVA_INT, 0));

            Path file = dir.resolve("plain");
            Files.writeString(file, "x");
            int fd = Libc.open(file.toString(), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            try {
                MemorySegment termios = arena.allocate(256);
                LibcException e = assertThrows(LibcException.class, () -> Libc.ioctl(fd, tcgets, termios));
                assertEquals(Errno.ENOTTY.code(), e.errno());
                assertTrue(e.getMessage().startsWith("ioctl("), e.getMessage());
            } finally {
                DescriptorCalls.close(fd);
            }
        } finally {
            DescriptorCalls.close(p[0]);
            DescriptorCalls.close(p[1]);
        }
    }

    @Test
    void pollReportsReadablePipe() throws IOException {
        int[] p = Libc.pipe();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(Libc.POLLFD, 1);
            fds.set(ValueLayout.JAVA_INT, 0, p[0]);
            fds.set(ValueLayout.JAVA_SHORT, 4, (short) Libc.POLLIN);
            assertEquals(0, Libc.poll(fds, 1, 0), "nothing to read yet");
            Libc.write(p[1], arena.allocate(1));
            assertEquals(1, Libc.poll(fds, 1, 1000));
            assertTrue((fds.get(ValueLayout.JAVA_SHORT, 6) & Libc.POLLIN) != 0);
        } finally {
            DescriptorCalls.close(p[0]);
            DescriptorCalls.close(p[1]);
        }
    }

    @Test
    void dupGivesAnotherDescriptor() throws IOException {
        int[] p = Libc.pipe();
        int d = DescriptorCalls.dup(p[1]);
        try (Arena arena = Arena.ofConfined()) {
            assertNotEquals(p[1], d);
            Libc.write(d, arena.allocateFrom("z").asSlice(0, 1));
            MemorySegment buf = arena.allocate(4);
            assertEquals(1, Libc.read(p[0], buf));
            assertEquals('z', buf.get(ValueLayout.JAVA_BYTE, 0));
        } finally {
            DescriptorCalls.close(d);
            DescriptorCalls.close(p[0]);
            DescriptorCalls.close(p[1]);
        }
        LibcException e = assertThrows(LibcException.class, () -> DescriptorCalls.dup(-1));
        assertEquals(Errno.EBADF.code(), e.errno());
    }

    @Test
    void strerrorAndUnknownErrnoMessage() {
        assertEquals("No such file or directory", LibcCall.strerror(2));
        assertEquals(POSIX.strerror(Errno.EBADF.code()), LibcCall.strerror(Errno.EBADF.code()));
        LibcException e = new LibcException("frob", "7", 4000);
        assertEquals("frob(7) failed: errno 4000 (" + LibcCall.strerror(4000) + ")", e.getMessage());
        assertEquals(null, e.toErrno());
    }

    @Test
    void argumentsAreValidatedInJava() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = LibcCall.allocateCallState(arena);
            assertThrows(IllegalArgumentException.class, () -> Libc.open("/tmp/a\0b", OpenFlags.O_RDONLY));
            assertThrows(NullPointerException.class, () -> Libc.open(null, OpenFlags.O_RDONLY));
            assertThrows(IllegalArgumentException.class,
                    () -> Libc.read(0, MemorySegment.ofArray(new byte[4]), cs));
            assertThrows(IllegalArgumentException.class,
                    () -> Libc.read(0, arena.allocate(4).asReadOnly(), cs));
            assertThrows(IllegalArgumentException.class,
                    () -> Libc.read(0, arena.allocate(4), arena.allocate(0)));
            assertThrows(IllegalArgumentException.class, () -> Libc.writev(1, arena.allocate(Libc.IOVEC), 2, cs));
            assertThrows(IllegalArgumentException.class, () -> Libc.writev(1, arena.allocate(Libc.IOVEC), -1, cs));
            assertThrows(IllegalArgumentException.class, () -> Libc.poll(arena.allocate(Libc.POLLFD), 3, 0));
        }
    }
}
