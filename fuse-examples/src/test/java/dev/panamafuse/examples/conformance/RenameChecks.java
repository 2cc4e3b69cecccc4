package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** rename(2), renameat2(2) with RENAME_NOREPLACE and RENAME_EXCHANGE. */
public abstract class RenameChecks extends ConformanceBase {

    /** Calls renameat2 through ctypes: prints OK or the errno. */
    private static String renameat2(String from, String to, int flags) {
        return "P(C('renameat2', -100, b'" + from + "', -100, b'" + to + "', " + flags + "))";
    }

    @Test
    void renamesFileKeepingInode() throws Exception {
        file("a", "x");
        long ino = lstat("a").ino();
        ok(() -> P.rename(at("a"), at("b")));
        assertFalse(exists("a"));
        assertEquals(ino, lstat("b").ino());
        assertEquals("x", read("b"));
    }

    @Test
    void replacesExistingFile() throws Exception {
        file("a", "new");
        file("b", "old");
        long ino = lstat("a").ino();
        ok(() -> P.rename(at("a"), at("b")));
        assertEquals(ino, lstat("b").ino());
        assertEquals("new", read("b"));
    }

    @Test
    void replacedFileStaysReadableThroughOpenDescriptor() throws Exception {
        file("a", "new");
        file("b", "old");
        expectPy(0, """
                fd = os.open('b', os.O_RDONLY)
                os.rename('a', 'b')
                P(os.fstat(fd).st_nlink, os.read(fd, 10).decode(), open('b').read())
                """, "0 old new");
    }

    @Test
    void replacedHardLinkLosesOneLink() {
        touch("a");
        touch("b");
        ok(() -> P.link(at("b"), at("c")));
        ok(() -> P.rename(at("a"), at("b")));
        assertEquals(1, nlink("c"));
    }

    @Test
    void renamesDirectory() {
        mkdir("d", 0755);
        touch("d/f");
        ok(() -> P.rename(at("d"), at("e")));
        assertFalse(exists("d"));
        assertTrue(exists("e/f"));
    }

    @Test
    void directoryReplacesEmptyDirectory() {
        mkdir("d", 0755);
        touch("d/f");
        mkdir("e", 0755);
        int links = nlink(".");
        ok(() -> P.rename(at("d"), at("e")));
        assertTrue(exists("e/f"));
        assertEquals(links - 1, nlink("."));
    }

    @Test
    void directoryOverNonEmptyDirectoryIsEnotempty() {
        mkdir("d", 0755);
        mkdir("e", 0755);
        touch("e/f");
        expect("ENOTEMPTY", () -> P.rename(at("d"), at("e")));
    }

    @Test
    void fileOverDirectoryIsEisdir() {
        touch("f");
        mkdir("d", 0755);
        expect("EISDIR", () -> P.rename(at("f"), at("d")));
    }

    @Test
    void directoryOverFileIsEnotdir() {
        touch("f");
        mkdir("d", 0755);
        expect("ENOTDIR", () -> P.rename(at("d"), at("f")));
    }

    @Test
    void missingSourceIsEnoent() {
        expect("ENOENT", () -> P.rename(at("missing"), at("b")));
    }

    @Test
    void missingTargetDirectoryIsEnoent() {
        touch("a");
        expect("ENOENT", () -> P.rename(at("a"), at("nodir/b")));
    }

    @Test
    void intoOwnSubdirectoryIsEinval() {
        mkdir("d", 0755);
        mkdir("d/sub", 0755);
        expect("EINVAL", () -> P.rename(at("d"), at("d/sub/d")));
        expect("EINVAL", () -> P.rename(at("d"), at("d/x")));
    }

    @Test
    void dotAndDotDotAreEbusy() {
        mkdir("d", 0755);
        expect("EBUSY", () -> P.rename(at("d/."), at("x")));
        expect("EBUSY", () -> P.rename(at("d/.."), at("x")));
    }

    @Test
    void fileWithTrailingSlashTargetIsEnotdir() {
        touch("f");
        expect("ENOTDIR", () -> P.rename(at("f"), at("g") + "/"));
    }

    @Test
    void ontoItselfChangesNothing() throws Exception {
        file("a", "x");
        ok(() -> P.rename(at("a"), at("a")));
        assertEquals("x", read("a"));
    }

    @Test
    void betweenHardLinksOfOneFileKeepsBoth() {
        touch("a");
        ok(() -> P.link(at("a"), at("b")));
        ok(() -> P.rename(at("a"), at("b")));
        assertTrue(exists("a"), "POSIX: renaming onto another link of the same file does nothing");
        assertTrue(exists("b"));
        assertEquals(2, nlink("b"));
    }

    @Test
    void movingDirectoryUpdatesLinkCountsAndDotDot() {
        mkdir("p1", 0755);
        mkdir("p2", 0755);
        mkdir("p1/d", 0755);
        ok(() -> P.rename(at("p1/d"), at("p2/d")));
        assertEquals(2, nlink("p1"));
        assertEquals(3, nlink("p2"));
        assertEquals(lstat("p2").ino(), lstat("p2/d/..").ino());
    }

    @Test
    void acrossDirectoriesKeepsContents() throws Exception {
        mkdir("p1", 0755);
        mkdir("p2", 0755);
        file("p1/f", "moved");
        ok(() -> P.rename(at("p1/f"), at("p2/g")));
        assertEquals("moved", read("p2/g"));
        try (var s = Files.list(dir.resolve("p1"))) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void updatesTimesOfBothDirectoriesAndCtimeOfFile() {
        mkdir("p1", 0755);
        mkdir("p2", 0755);
        touch("p1/f");
        age("p1", "p2", "p1/f");
        Times p1 = times("p1");
        Times p2 = times("p2");
        Times f = times("p1/f");
        ok(() -> P.rename(at("p1/f"), at("p2/f")));
        assertTrue(times("p1").mtime() > p1.mtime(), "source dir mtime");
        assertTrue(times("p1").ctime() > p1.ctime(), "source dir ctime");
        assertTrue(times("p2").mtime() > p2.mtime(), "target dir mtime");
        assertTrue(times("p2").ctime() > p2.ctime(), "target dir ctime");
        Times moved = times("p2/f");
        assertEquals(f.mtime(), moved.mtime(), "file mtime unchanged");
        assertTrue(moved.ctime() > f.ctime(), "file ctime");
    }

    @Test
    void symlinkRenamesLinkItself() throws Exception {
        file("f", "t");
        ok(() -> P.symlink("f", at("l")));
        ok(() -> P.rename(at("l"), at("m")));
        assertEquals(S_IFLNK, type("m"));
        assertEquals("f", P.readlink(at("m")));
        assertTrue(exists("f"));
    }

    @Test
    void nameLengthLimit() {
        touch("a");
        expect("ENAMETOOLONG", () -> P.rename(at("a"), at(name(256))));
        ok(() -> P.rename(at("a"), at(name(255))));
        assertTrue(exists(name(255)));
    }

    @Test
    void acrossFilesystemsIsExdev() throws Exception {
        java.nio.file.Path outside = Files.createTempFile("pfuse-conf-xdev-", ".txt");
        try {
            expect("EXDEV", () -> P.rename(outside.toString(), at("b")));
            touch("a");
            expect("EXDEV", () -> P.rename(at("a"), outside.toString()));
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void noreplaceOnExistingIsEexist() throws Exception {
        touch("a");
        touch("b");
        expectPy(0, renameat2("a", "b", 1) + "; " + renameat2("a", "c", 1), "EEXIST", "OK");
        assertTrue(exists("c") && exists("b") && !exists("a"));
    }

    @Test
    void exchangeSwapsTwoFiles() throws Exception {
        file("a", "A");
        file("b", "B");
        expectPy(0, renameat2("a", "b", 2), "OK");
        assertEquals("B", read("a"));
        assertEquals("A", read("b"));
    }

    @Test
    void exchangeFileAndDirectory() throws Exception {
        file("a", "A");
        mkdir("d", 0755);
        touch("d/inner");
        expectPy(0, renameat2("a", "d", 2), "OK");
        assertEquals(S_IFDIR, type("a"));
        assertTrue(exists("a/inner"));
        assertEquals("A", read("d"));
    }

    @Test
    void exchangeWithMissingIsEnoent() throws Exception {
        touch("a");
        expectPy(0, renameat2("a", "missing", 2), "ENOENT");
    }

    @Test
    void noreplaceWithExchangeIsEinval() throws Exception {
        touch("a");
        touch("b");
        expectPy(0, renameat2("a", "b", 3), "EINVAL");
    }

    @Test
    void stickyDirectoryProtectsOthersFiles() throws Exception {
        mkdir("t", 01777);
        touch("t/rootfile");
        chmod("t/rootfile", 0666);
        expectPy(NOBODY, "P(E(os.rename, 't/rootfile', 't/mine'))", "EPERM");
        assertTrue(exists("t/rootfile"));
    }

    @Test
    void stickyDirectoryLetsOwnerRename() throws Exception {
        mkdir("t", 01777);
        expectPy(NOBODY, "open('t/mine', 'w').close(); P(E(os.rename, 't/mine', 't/also-mine'))", "OK");
    }

    @Test
    void stickyDirectoryProtectsReplacedTarget() throws Exception {
        mkdir("t", 01777);
        touch("t/rootfile");
        expectPy(NOBODY, "open('t/mine', 'w').close(); P(E(os.rename, 't/mine', 't/rootfile'))", "EPERM");
    }

    @Test
    void withoutWritePermissionOnSourceIsEacces() throws Exception {
        mkdir("ro", 0755);
        touch("ro/f");
        chmod("ro/f", 0666);
        expectPy(NOBODY, "P(E(os.rename, 'ro/f', 'f'))", "EACCES");
    }

    @Test
    void withoutWritePermissionOnTargetIsEacces() throws Exception {
        mkdir("ro", 0755);
        expectPy(NOBODY, "open('mine', 'w').close(); P(E(os.rename, 'mine', 'ro/mine'))", "EACCES");
    }

    @Test
    void movingForeignDirectoryToOtherParentNeedsWriteOnIt() throws Exception {
        // moving a directory to another parent rewrites its "..": that needs write permission on it
        mkdir("w1", 0777);
        mkdir("w2", 0777);
        mkdir("w1/d", 0755);
        expectPy(NOBODY, "P(E(os.rename, 'w1/d', 'w2/d'), E(os.rename, 'w1/d', 'w1/e'))", "EACCES OK");
    }
}
