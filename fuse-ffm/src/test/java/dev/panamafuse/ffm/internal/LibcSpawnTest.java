package dev.panamafuse.ffm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;
import dev.panamafuse.mount.MountOptions;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LibcSpawnTest {
    private static final int EBADF = 9;
    private static final int ENOENT = 2;
    private static final int ECHILD = 10;
    private static final int ESRCH = 3;
    private static final int EAFNOSUPPORT = 97;

    @Test
    void layoutsAreThoseOfLp64Linux() {
        assertEquals(56, LibcSocket.MSGHDR.byteSize());
        assertEquals(32, LibcSocket.MSGHDR.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("msg_control")));
        assertEquals(48, LibcSocket.MSGHDR.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("msg_flags")));
        assertEquals(16, LibcSocket.CMSGHDR.byteSize());
        assertEquals(16, LibcSocket.CMSG_DATA_OFFSET);
        assertEquals(20, LibcSocket.cmsgLen(4));
        assertEquals(24, LibcSocket.cmsgSpace(4));
        assertEquals(32, LibcSocket.cmsgSpace(12));
    }

    @Test
    void fdRoundTripsOverSocketPair(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "passed along");
        int[] sv = LibcSocket.socketpair(LibcSocket.AF_UNIX, LibcSocket.SOCK_STREAM | LibcSocket.SOCK_CLOEXEC);
        int fd = Libc.open(file.toString(), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        int received = -1;
        try {
            assertTrue(Libc.closesOnExec(sv[0]), "SOCK_CLOEXEC");
            LibcSocket.sendFd(sv[1], (byte) 0, fd);
            received = LibcSocket.receiveFd(sv[0]);
            assertTrue(received >= 0);
            assertNotEquals(fd, received);
            assertTrue(Libc.closesOnExec(received), "MSG_CMSG_CLOEXEC");
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(64);
                long n = Libc.read(received, buf);
                assertEquals("passed along", new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE),
                        StandardCharsets.US_ASCII));
            }
            // the peer closes without sending: no descriptor
            DescriptorCalls.close(sv[1]);
            sv[1] = -1;
            assertEquals(-1, LibcSocket.receiveFd(sv[0]));
        } finally {
            for (int f : new int[] {sv[0], sv[1], fd, received}) {
                if (f >= 0) {
                    DescriptorCalls.close(f);
                }
            }
        }
    }

    @Test
    void errorPathsNameTheCall() {
        LibcException e = assertThrows(LibcException.class, () -> LibcSocket.receiveFd(-1));
        assertTrue(e.getMessage().startsWith("recvmsg("), e.getMessage());
        assertEquals(EBADF, e.errno());
        e = assertThrows(LibcException.class, () -> LibcSocket.sendFd(-1, (byte) 0, 0));
        assertTrue(e.getMessage().startsWith("sendmsg("), e.getMessage());
        e = assertThrows(LibcException.class, () -> LibcSocket.socketpair(12345, LibcSocket.SOCK_STREAM));
        assertTrue(e.getMessage().startsWith("socketpair("), e.getMessage());
        assertEquals(EAFNOSUPPORT, e.errno());
        e = assertThrows(LibcException.class, () -> Libc.closesOnExec(-1));
        assertTrue(e.getMessage().startsWith("fcntl("), e.getMessage());
        assertEquals(EBADF, e.errno());
        e = assertThrows(LibcException.class, () -> LibcSpawn.waitpid(Integer.MAX_VALUE, LibcSpawn.WNOHANG));
        assertTrue(e.getMessage().startsWith("waitpid("), e.getMessage());
        assertEquals(ECHILD, e.errno());
        e = assertThrows(LibcException.class, () -> LibcSpawn.kill(Integer.MAX_VALUE, 0));
        assertTrue(e.getMessage().startsWith("kill("), e.getMessage());
        assertEquals(ESRCH, e.errno());
        e = assertThrows(LibcException.class, () -> LibcSpawn.posixSpawn("/nonexistent/program",
                List.of("program"), List.of(), List.of()));
        assertTrue(e.getMessage().startsWith("posix_spawn("), e.getMessage());
        assertEquals(ENOENT, e.errno());
        assertThrows(IllegalArgumentException.class, () -> new LibcSpawn.FileAction.Dup2(3, 3));
    }

    @Test
    void spawnsWithFileActionsAndEnvironmentAndReaps() throws Exception {
        int[] pipe = Libc.pipe2(OpenFlags.O_CLOEXEC);
        try {
            int pid = LibcSpawn.posixSpawn("/bin/sh", List.of("sh", "-c", "echo \"$X\" >&2; exit 7"),
                    List.of("X=from-env"), List.of(new LibcSpawn.FileAction.Open(0, "/dev/null", OpenFlags.O_RDONLY, 0),
                            new LibcSpawn.FileAction.Dup2(pipe[1], 2)));
            DescriptorCalls.close(pipe[1]);
            pipe[1] = -1;
            int status = FusermountChild.reap(pid, 10_000);
            assertTrue(LibcSpawn.exited(status));
            assertEquals(7, LibcSpawn.exitStatus(status));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(64);
                long n = Libc.read(pipe[0], buf);
                assertEquals("from-env\n", new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE),
                        StandardCharsets.US_ASCII));
            }
        } finally {
            DescriptorCalls.close(pipe[0]);
            if (pipe[1] >= 0) {
                DescriptorCalls.close(pipe[1]);
            }
        }
    }

    @Test
    void killedChildReportsItsSignal() throws Exception {
        int pid = LibcSpawn.posixSpawn("/bin/sleep", List.of("sleep", "30"), List.of(), List.of());
        assertEquals(-1, LibcSpawn.waitpid(pid, LibcSpawn.WNOHANG), "still running");
        LibcSpawn.kill(pid, LibcSpawn.SIGKILL);
        int status = LibcSpawn.waitpid(pid, 0);
        assertFalse(LibcSpawn.exited(status));
        assertEquals(LibcSpawn.SIGKILL, LibcSpawn.termSignal(status));
    }

    @Test
    void fusermountOptionsText() {
        assertEquals("rw,nosuid,nodev,fsname=panamafuse", Fusermount.optionsText(MountOptions.defaults()));
        MountOptions o = MountOptions.builder().parse("ro,allow_other,default_permissions,max_read=65536,"
                + "fsname=src,subtype=demo,auto_unmount,noexec,noatime,attr_timeout=0").build();
        assertEquals("ro,nosuid,nodev,noexec,noatime,allow_other,default_permissions,max_read=65536,"
                + "fsname=src,subtype=demo,auto_unmount", Fusermount.optionsText(o));
    }
}
