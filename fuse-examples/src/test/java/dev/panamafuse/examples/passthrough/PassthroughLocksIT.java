package dev.panamafuse.examples.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code F_GETLK} through the passthrough reports the pid of the process holding the conflicting
 * lock, also when the asking process holds a lock of its own on another range of the file; the
 * same two programs on the tmpfs source itself are the oracle. Needs root (mount(2)) and python3.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PassthroughLocksIT {
    /** ForwardedLocks bytes 20..30 for writing, prints "ready", holds the lock until its stdin closes. */
    private static final String HOLDER = """
            import fcntl, os, struct, sys
            fd = os.open(sys.argv[1], os.O_RDWR)
            fcntl.fcntl(fd, fcntl.F_SETLK, struct.pack("hhqqi4x", fcntl.F_WRLCK, 0, 20, 11, 0))
            print("ready", flush=True)
            sys.stdin.read()
            """;
    /** Optionally locks bytes 0..10 itself, then asks F_GETLK for a write lock of bytes 0..99. */
    private static final String ASKER = """
            import fcntl, os, struct, sys
            fd = os.open(sys.argv[1], os.O_RDWR)
            if sys.argv[2] == "own":
                fcntl.fcntl(fd, fcntl.F_SETLK, struct.pack("hhqqi4x", fcntl.F_WRLCK, 0, 0, 11, 0))
            t, w, start, length, pid = struct.unpack("hhqqi4x", fcntl.fcntl(fd, fcntl.F_GETLK,
                    struct.pack("hhqqi4x", fcntl.F_WRLCK, 0, 0, 100, 0)))
            print(t, start, length, pid)
            """;
    private Sandbox box;

    @BeforeEach
    void setUp() throws Exception {
        box = new Sandbox().tmpfsSource();
        Files.write(box.source.resolve("f"), new byte[100]);
        box.mount("");
    }

    @AfterEach
    void tearDown() throws Exception {
        box.close();
    }

    @Test
    void getlkReportsTheHoldersPid() throws Exception {
        assertHolderReported(box.source.resolve("f"), "none");
        assertHolderReported(box.mnt.resolve("f"), "none");
    }

    @Test
    void getlkReportsTheHoldersPidWhileTheAskerHoldsALockOfItsOwn() throws Exception {
        assertHolderReported(box.source.resolve("f"), "own");
        assertHolderReported(box.mnt.resolve("f"), "own");
    }

    /** Starts the holder, runs the asker, and expects the holder's lock (20..30) and pid. */
    private static void assertHolderReported(Path file, String own) throws Exception {
        Process holder = new ProcessBuilder("python3", "-c", HOLDER, file.toString())
                .redirectErrorStream(true).start();
        try {
            String ready = Sandbox.firstLine(holder, 20);
            assertEquals("ready", ready, "the holder did not lock");
            String r = Sandbox.run(List.of("python3", "-c", ASKER, file.toString(), own));
            assertTrue(r.startsWith("0 "), r);
            // F_WRLCK is 1: the holder's lock of 11 bytes from 20, and the holder's pid
            assertEquals("0 1 20 11 " + holder.pid(), r.strip(), file + " (" + own + ")");
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(10, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
    }

}
