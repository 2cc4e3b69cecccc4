package dev.panamafuse.ffm.posix;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamafuse.Errno;
import dev.panamafuse.FileLock;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LockCalls (and syncfs) against the real kernel. */
class LockCallsTest {

    private static int open(Path p, int flags) throws IOException {
        return AtCalls.openat(AtCalls.AT_FDCWD, p.toString(), flags | OpenFlags.O_CLOEXEC, 0644);
    }

    @Test
    void ofdLocksConflictBetweenDescriptionsAndFlockToo(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        int a = open(f, OpenFlags.O_RDWR);
        int b = open(f, OpenFlags.O_RDWR);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lock = arena.allocate(LockCalls.FLOCK);
            lock.set(JAVA_SHORT, 0, (short) 1); // F_WRLCK, whole file
            LockCalls.fcntlLock(a, LockCommand.F_OFD_SETLK, lock);
            LibcException busy = assertThrows(LibcException.class, () -> LockCalls.fcntlLock(b, LockCommand.F_OFD_SETLK, lock));
            assertEquals(Errno.EAGAIN.code(), busy.errno());
            LockCalls.fcntlLock(b, LockCommand.F_OFD_GETLK, lock);
            assertEquals(1, lock.get(JAVA_SHORT, 0), "the conflicting lock is reported");
            LockCalls.flock(a, FileLock.LOCK_EX | FileLock.LOCK_NB);
            LibcException held = assertThrows(LibcException.class,
                    () -> LockCalls.flock(b, FileLock.LOCK_SH | FileLock.LOCK_NB));
            assertEquals(Errno.EAGAIN.code(), held.errno());
            LockCalls.flock(a, FileLock.LOCK_UN);
            LockCalls.flock(b, FileLock.LOCK_SH | FileLock.LOCK_NB);
        } finally {
            DescriptorCalls.close(a);
            DescriptorCalls.close(b);
        }
    }

    @Test
    void processLocksAreTestedWithGetlkAndSyncfsWorks(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        int a = open(f, OpenFlags.O_RDWR);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lock = arena.allocate(LockCalls.FLOCK);
            lock.set(JAVA_SHORT, 0, (short) FileLock.F_WRLCK);
            LockCalls.fcntlLock(a, LockCommand.F_SETLK, lock);
            lock.set(JAVA_SHORT, 0, (short) FileLock.F_WRLCK);
            LockCalls.fcntlLock(a, LockCommand.F_GETLK, lock);
            assertEquals(FileLock.F_UNLCK, lock.get(JAVA_SHORT, 0), "a process never conflicts with itself");
            lock.set(JAVA_SHORT, 0, (short) FileLock.F_UNLCK);
            LockCalls.fcntlLock(a, LockCommand.F_SETLK, lock);
            DescriptorCalls.syncfs(a);
        } finally {
            DescriptorCalls.close(a);
        }
        LibcException e = assertThrows(LibcException.class, () -> DescriptorCalls.syncfs(a));
        assertEquals(Errno.EBADF.code(), e.errno());
        assertEquals("syncfs(" + a + ") failed: EBADF (Bad file descriptor)", e.getMessage());
    }
}
