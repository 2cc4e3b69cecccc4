package dev.panamafuse.examples.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.panamafuse.ffm.posix.AtCalls;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code chown(f, -1, -1)} changes no owner but is still a change of the file's status: Linux
 * (ext4, tmpfs) updates its ctime. The passthrough must forward it to the source so that the
 * source's ctime changes as tmpfs's own does. The source is a tmpfs, whose files changed
 * directly are the oracle. Needs root (mount(2)).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PassthroughChownIT {
    private Sandbox box;

    @BeforeEach
    void setUp() throws Exception {
        box = new Sandbox().tmpfsSource();
        Files.writeString(box.source.resolve("f"), "f");
        Files.writeString(box.source.resolve("oracle"), "oracle");
        Files.createSymbolicLink(box.source.resolve("link"), Path.of("f"));
        Files.createSymbolicLink(box.source.resolve("oracle-link"), Path.of("oracle"));
        box.mount(",attr_timeout=0");
    }

    @AfterEach
    void tearDown() throws Exception {
        box.close();
    }

    @Test
    void chownToMinusOneUpdatesCtimeAsTmpfsDoes() throws Exception {
        assertCtimeChanges("oracle", "f", 0);
    }

    @Test
    void lchownToMinusOneUpdatesTheLinksCtimeAsTmpfsDoes() throws Exception {
        assertCtimeChanges("oracle-link", "link", AtCalls.AT_SYMLINK_NOFOLLOW);
    }

    /** Calls {@code fchownat(-1, -1)} on the tmpfs oracle directly and on the file through the mount. */
    private void assertCtimeChanges(String oracle, String file, int flags) throws Exception {
        Path direct = box.source.resolve(oracle);
        Path source = box.source.resolve(file);
        Path mounted = box.mnt.resolve(file);
        FileTime oracleBefore = ctime(direct);
        FileTime before = ctime(source);
        Thread.sleep(20); // past the clock's granularity
        AtCalls.fchownat(AtCalls.AT_FDCWD, direct.toString(), -1, -1, flags);
        AtCalls.fchownat(AtCalls.AT_FDCWD, mounted.toString(), -1, -1, flags);
        assertNotEquals(oracleBefore, ctime(direct), "tmpfs updates ctime on chown(-1, -1)");
        FileTime after = ctime(source);
        assertNotEquals(before, after, "chown(-1, -1) through the mount must reach the source");
        assertEquals(after, ctime(mounted), "the mount shows the source's new ctime");
    }

    private static FileTime ctime(Path p) throws Exception {
        return (FileTime) Files.getAttribute(p, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
    }
}
