package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** unlink(2). */
public abstract class UnlinkChecks extends ConformanceBase {

    @Test
    void removesFile() {
        touch("f");
        ok(() -> P.unlink(at("f")));
        assertFalse(exists("f"));
        expect("ENOENT", () -> P.unlink(at("f")));
    }

    @Test
    void missingIsEnoent() {
        expect("ENOENT", () -> P.unlink(at("missing")));
    }

    @Test
    void directoryIsEisdir() {
        mkdir("d", 0755);
        expect("EISDIR", () -> P.unlink(at("d")));
        assertTrue(exists("d"));
    }

    @Test
    void componentNotDirectoryIsEnotdir() {
        touch("f");
        expect("ENOTDIR", () -> P.unlink(at("f/x")));
    }

    @Test
    void trailingSlashOnFileIsEnotdir() {
        touch("f");
        expect("ENOTDIR", () -> P.unlink(at("f") + "/"));
        assertTrue(exists("f"));
    }

    @Test
    void nameOf256BytesIsEnametoolong() {
        expect("ENAMETOOLONG", () -> P.unlink(at(name(256))));
    }

    @Test
    void nameOf255Bytes() {
        touch(name(255));
        ok(() -> P.unlink(at(name(255))));
    }

    @Test
    void openFileStaysUsable() throws Exception {
        file("f", "still here");
        expectPy(0, """
                fd = os.open('f', os.O_RDWR)
                os.unlink('f')
                P(os.fstat(fd).st_nlink, os.path.exists('f'))
                os.write(fd, b'STILL')
                os.lseek(fd, 0, 0)
                P(os.read(fd, 100).decode())
                """, "0 False", "STILL here");
    }

    @Test
    void decrementsLinkCountAndUpdatesCtime() {
        touch("a");
        ok(() -> P.link(at("a"), at("b")));
        age("a");
        Times before = times("a");
        ok(() -> P.unlink(at("b")));
        assertEquals(1, nlink("a"));
        assertTrue(times("a").ctime() > before.ctime(), "ctime of the remaining link");
        assertEquals(before.mtime(), times("a").mtime(), "mtime");
    }

    @Test
    void updatesParentTimes() {
        touch("f");
        age(".");
        Times before = times(".");
        ok(() -> P.unlink(at("f")));
        Times after = times(".");
        assertTrue(after.mtime() > before.mtime(), "parent mtime");
        assertTrue(after.ctime() > before.ctime(), "parent ctime");
    }

    @Test
    void symlinkRemovesLinkOnly() {
        mkdir("d", 0755);
        ok(() -> P.symlink("d", at("l")));
        ok(() -> P.unlink(at("l")));
        assertTrue(exists("d"));
        assertFalse(exists("l"));
    }

    @Test
    void fifoAndSocketNodes() throws Exception {
        expectPy(0, """
                os.mkfifo('p'); os.mknod('s', stat.S_IFSOCK | 0o600)
                P(E(os.unlink, 'p'), E(os.unlink, 's'), os.listdir('.'))
                """, "OK OK []");
    }

    @Test
    void withoutWritePermissionIsEacces() throws Exception {
        mkdir("ro", 0755);
        touch("ro/f");
        chmod("ro/f", 0666);
        expectPy(NOBODY, "P(E(os.unlink, 'ro/f'))", "EACCES");
    }

    @Test
    void withoutSearchPermissionIsEacces() throws Exception {
        mkdir("nx", 0776);
        touch("nx/f");
        expectPy(NOBODY, "P(E(os.unlink, 'nx/f'))", "EACCES");
    }

    @Test
    void fileModeDoesNotMatterOnlyDirectory() throws Exception {
        touch("f");
        chmod("f", 0);
        expectPy(NOBODY, "P(E(os.unlink, 'f'))", "OK");
    }

    @ParameterizedTest(name = "sticky dir owned by {0}, file owned by {1}, removed by {2}: {3}")
    @CsvSource({"0,0,65534,EPERM", "0,1000,65534,EPERM", "0,65534,65534,OK", "65534,0,65534,OK", "0,65534,0,OK",
        "1000,1000,65534,EPERM"})
    void stickyDirectory(int dirOwner, int fileOwner, int remover, String expected) throws Exception {
        mkdir("t", 01777);
        chown("t", dirOwner, dirOwner);
        touch("t/f");
        chmod("t/f", 0666);
        chown("t/f", fileOwner, fileOwner);
        expectPy(remover, "P(E(os.unlink, 't/f'))", expected);
        assertEquals(!expected.equals("OK"), exists("t/f"));
    }

    @Test
    void lastLinkOfOpenFileThenStat() throws Exception {
        touch("f");
        expectPy(0, "fd = os.open('f', os.O_RDONLY); os.unlink('f'); P(E(os.stat, 'f'), os.fstat(fd).st_size)", "ENOENT 0");
    }
}
