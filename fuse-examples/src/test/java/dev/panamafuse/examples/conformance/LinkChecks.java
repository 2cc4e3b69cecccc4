package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** link(2), linkat(2): hard links and link counts. */
public abstract class LinkChecks extends ConformanceBase {

    @Test
    void secondNameSameInode() {
        touch("a");
        ok(() -> P.link(at("a"), at("b")));
        assertEquals(lstat("a").ino(), lstat("b").ino());
        assertEquals(2, nlink("a"));
        assertEquals(2, nlink("b"));
    }

    @ParameterizedTest(name = "{0} names")
    @ValueSource(ints = {1, 3, 10, 50})
    void linkCountFollowsNames(int names) {
        touch("n0");
        for (int i = 1; i < names; i++) {
            String n = "n" + i;
            ok(() -> P.link(at("n0"), at(n)));
        }
        for (int i = 0; i < names; i++) {
            assertEquals(names, nlink("n" + i));
        }
        for (int i = names - 1; i > 0; i--) {
            String n = "n" + i;
            ok(() -> P.unlink(at(n)));
            assertEquals(i, nlink("n0"));
        }
    }

    @Test
    void sharedContents() throws Exception {
        file("a", "one");
        ok(() -> P.link(at("a"), at("b")));
        Files.writeString(dir.resolve("b"), "two", StandardOpenOption.APPEND);
        assertEquals("onetwo", read("a"));
    }

    @Test
    void otherNameSurvivesUnlink() throws Exception {
        file("a", "data");
        ok(() -> P.link(at("a"), at("b")));
        ok(() -> P.unlink(at("a")));
        assertEquals(1, nlink("b"));
        assertEquals("data", read("b"));
    }

    @Test
    void existingNameIsEexist() {
        touch("a");
        touch("b");
        expect("EEXIST", () -> P.link(at("a"), at("b")));
    }

    @Test
    void existingDanglingSymlinkIsEexist() {
        touch("a");
        ok(() -> P.symlink("nowhere", at("b")));
        expect("EEXIST", () -> P.link(at("a"), at("b")));
    }

    @Test
    void missingSourceIsEnoent() {
        expect("ENOENT", () -> P.link(at("missing"), at("b")));
    }

    @Test
    void missingTargetDirectoryIsEnoent() {
        touch("a");
        expect("ENOENT", () -> P.link(at("a"), at("nodir/b")));
    }

    @Test
    void sourceComponentNotDirectoryIsEnotdir() {
        touch("a");
        expect("ENOTDIR", () -> P.link(at("a/x"), at("b")));
    }

    @Test
    void targetComponentNotDirectoryIsEnotdir() {
        touch("a");
        expect("ENOTDIR", () -> P.link(at("a"), at("a/b")));
    }

    @Test
    void directoryIsEperm() {
        mkdir("d", 0755);
        expect("EPERM", () -> P.link(at("d"), at("e")));
    }

    @Test
    void nameOf255BytesWorks() {
        touch("a");
        ok(() -> P.link(at("a"), at(name(255))));
        assertEquals(2, nlink(name(255)));
    }

    @Test
    void nameOf256BytesIsEnametoolong() {
        touch("a");
        expect("ENAMETOOLONG", () -> P.link(at("a"), at(name(256))));
    }

    @Test
    void acrossDirectories() throws Exception {
        mkdir("d1", 0755);
        mkdir("d2", 0755);
        file("d1/a", "x");
        ok(() -> P.link(at("d1/a"), at("d2/b")));
        assertEquals("x", read("d2/b"));
        assertEquals(2, nlink("d1/a"));
    }

    @Test
    void acrossFilesystemsIsExdev() throws Exception {
        java.nio.file.Path outside = Files.createTempFile("pfuse-conf-xdev-", ".txt");
        try {
            expect("EXDEV", () -> P.link(outside.toString(), at("b")));
            expect("EXDEV", () -> P.link(dirFile(), outside.getParent().resolve(outside.getFileName() + ".l").toString()));
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    private String dirFile() {
        touch("a");
        return at("a");
    }

    @Test
    void linkDoesNotFollowSymlinks() {
        touch("f");
        ok(() -> P.symlink("f", at("l")));
        ok(() -> P.link(at("l"), at("l2")));
        assertEquals(S_IFLNK, type("l2"));
        assertEquals(2, nlink("l"));
        assertEquals(1, nlink("f"));
    }

    @Test
    void linkatFollowFollowsSymlinks() throws Exception {
        touch("f");
        ok(() -> P.symlink("f", at("l")));
        // AT_SYMLINK_FOLLOW = 0x400; python's os.link(follow_symlinks=True) would call plain link(2)
        expectPy(0, "P(C('linkat', -100, b'l', -100, b'h', 0x400), stat.S_ISREG(os.lstat('h').st_mode), os.lstat('f').st_nlink)",
                "OK True 2");
    }

    @Test
    void updatesCtimeOfFileAndTimesOfDirectory() {
        touch("a");
        age("a", ".");
        Times file = times("a");
        Times parent = times(".");
        ok(() -> P.link(at("a"), at("b")));
        Times fileAfter = times("a");
        Times parentAfter = times(".");
        assertTrue(fileAfter.ctime() > file.ctime(), "ctime of the file");
        assertEquals(file.mtime(), fileAfter.mtime(), "mtime of the file");
        assertTrue(parentAfter.mtime() > parent.mtime(), "mtime of the directory");
        assertTrue(parentAfter.ctime() > parent.ctime(), "ctime of the directory");
    }

    @Test
    void withoutWritePermissionOnDirectoryIsEacces() throws Exception {
        touch("a");
        chmod("a", 0666);
        mkdir("ro", 0755);
        expectPy(NOBODY, "P(E(os.link, 'a', 'ro/b'))", "EACCES");
    }

    @Test
    void asOtherUserWithWritePermission() throws Exception {
        touch("a");
        chown("a", NOBODY, NOBODY);
        expectPy(NOBODY, "P(E(os.link, 'a', 'b')); P(os.stat('b').st_nlink)", "OK", "2");
    }

    @Test
    void openFileKeepsDataAfterAllNamesGone() throws Exception {
        file("a", "keep");
        ok(() -> P.link(at("a"), at("b")));
        expectPy(0, """
                fd = os.open('a', os.O_RDONLY)
                os.unlink('a'); os.unlink('b')
                P(os.fstat(fd).st_nlink, os.read(fd, 10).decode())
                """, "0 keep");
        assertFalse(exists("a") || exists("b"));
    }

    @Test
    void sameSizeAndModeThroughBothNames() throws Exception {
        file("a", "12345");
        chmod("a", 0640);
        ok(() -> P.link(at("a"), at("b")));
        chmod("b", 0600);
        assertEquals(0600, mode("a"));
        assertEquals(5, lstat("b").st_size());
        assertTrue(lstat("a").ctime() > 0);
    }
}
