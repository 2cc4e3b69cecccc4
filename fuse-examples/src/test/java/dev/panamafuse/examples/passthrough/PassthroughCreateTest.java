package dev.panamafuse.examples.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.CreatedFile;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.OpenFlags;
import dev.panamafuse.testing.TestRequest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link PassthroughFs} does when another user of the source acts between the kernel's
 * lookup and the create, called directly (no kernel): a name that appeared meanwhile is opened
 * only with the caller's rights and never given away; a regular file made by {@code mknod} is the
 * very file given to the caller.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PassthroughCreateTest {
    private static final TestRequest NOBODY = new TestRequest(65534, 65534);
    private static final int O_RDWR = OpenFlags.O_RDWR;

    @TempDir
    Path source;
    private PassthroughFs fs;

    @BeforeEach
    void setUp() throws Exception {
        Files.setAttribute(source, "unix:mode", 0777);
        fs = new PassthroughFs(source, false);
    }

    @AfterEach
    void tearDown() {
        fs.destroy();
    }

    @Test
    void aFileThatAppearedIsOpenedOnlyWithTheCallersRights() throws Exception {
        Path secret = Files.writeString(source.resolve("secret"), "top secret");
        Files.setAttribute(secret, "unix:mode", 0600);
        FuseException e = assertThrows(FuseException.class,
                () -> fs.create(NOBODY, FileSystem.ROOT, "secret", 0644, 022, O_RDWR | OpenFlags.O_TRUNC));
        assertEquals(Errno.EACCES, e.errno());
        assertEquals("top secret", Files.readString(secret), "not truncated");
        assertEquals(0, Files.getAttribute(secret, "unix:uid"), "not given away");
    }

    @Test
    void aFileThatAppearedAndMayBeWrittenIsOpenedNotChowned() throws Exception {
        Path shared = Files.writeString(source.resolve("shared"), "x");
        Files.setAttribute(shared, "unix:mode", 0666);
        CreatedFile c = fs.create(NOBODY, FileSystem.ROOT, "shared", 0600, 022, OpenFlags.O_WRONLY);
        fs.release(NOBODY, c.entry().nodeid(), c.open().fh(), OpenFlags.O_WRONLY);
        assertEquals(0, Files.getAttribute(shared, "unix:uid"));
        assertEquals(0100666, Files.getAttribute(shared, "unix:mode"));
    }

    @Test
    void aSpecialFileThatAppearedIsNotOpened() throws Exception {
        Process p = new ProcessBuilder(List.of("mkfifo", source.resolve("fifo").toString())).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0);
        FuseException e = assertThrows(FuseException.class,
                () -> fs.create(TestRequest.ROOT, FileSystem.ROOT, "fifo", 0644, 022, O_RDWR));
        assertEquals(Errno.EEXIST, e.errno(), "refused at once, without blocking on the FIFO");
    }

    @Test
    void mknodOfARegularFileGivesAwayTheFileItMade() throws Exception {
        Entry e = fs.mknod(NOBODY, FileSystem.ROOT, "made", Mode.S_IFREG | 04755, 0, 022);
        Path made = source.resolve("made");
        assertEquals(65534, Files.getAttribute(made, "unix:uid"));
        assertEquals(0104755, Files.getAttribute(made, "unix:mode"), "set-user-id set after the chown");
        assertEquals(e.attr().ino(), (long) Files.getAttribute(made, "unix:ino"));
        FuseException again = assertThrows(FuseException.class,
                () -> fs.mknod(NOBODY, FileSystem.ROOT, "made", Mode.S_IFREG | 0644, 0, 022));
        assertEquals(Errno.EEXIST, again.errno());
    }

    @Test
    void anEntryBornBeforeTheCallIsNotTakenForNew() throws Exception {
        Path old = Files.createDirectory(source.resolve("old"));
        int fd = AtCalls.openat(AtCalls.AT_FDCWD, old.toString(), OpenFlags.O_PATH | OpenFlags.O_CLOEXEC, 0);
        try {
            long now = System.currentTimeMillis() / 1000;
            assertTrue(CreationRaces.bornSince(fd, now - 5));
            assertFalse(CreationRaces.bornSince(fd, now + 5), "tmpfs and ext4 record birth times");
        } finally {
            DescriptorCalls.close(fd);
        }
        assertTrue(Files.isDirectory(old, LinkOption.NOFOLLOW_LINKS));
    }
}
