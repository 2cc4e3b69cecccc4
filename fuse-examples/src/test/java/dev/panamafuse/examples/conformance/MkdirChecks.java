package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import jnr.posix.FileStat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** mkdir(2): modes, umask, owners, set-group-ID inheritance, link counts, errors. */
public abstract class MkdirChecks extends ConformanceBase {

    @ParameterizedTest(name = "mkdir 0{0} under umask 0{1} gives 0{2}")
    @CsvSource({"777,0,777", "777,22,755", "777,27,750", "777,77,700", "755,0,755", "1777,0,1777",
        "1777,22,1755", "2777,0,777", "4777,0,777", "0,0,0", "500,0,500"})
    void modeUnderUmask(String mode, String umask, String expected) throws Exception {
        List<String> out = py(0, "os.umask(0o" + umask + "); os.mkdir('d', 0o" + mode + "); P(oct(os.stat('d').st_mode))");
        assertEquals(List.of("0o" + Integer.toOctalString(S_IFDIR | Integer.parseInt(expected, 8))), out);
    }

    @Test
    void existingDirectoryIsEexist() {
        mkdir("d", 0755);
        expect("EEXIST", () -> P.mkdir(at("d"), 0755));
    }

    @Test
    void existingFileIsEexist() {
        touch("f");
        expect("EEXIST", () -> P.mkdir(at("f"), 0755));
    }

    @Test
    void danglingSymlinkIsEexist() {
        ok(() -> P.symlink("nowhere", at("l")));
        expect("EEXIST", () -> P.mkdir(at("l"), 0755));
        assertTrue(!exists("nowhere"));
    }

    @Test
    void dotAndDotDotAreEexist() {
        expect("EEXIST", () -> P.mkdir(at("."), 0755));
        expect("EEXIST", () -> P.mkdir(at(".."), 0755));
    }

    @Test
    void missingParentIsEnoent() {
        expect("ENOENT", () -> P.mkdir(at("a/b"), 0755));
    }

    @Test
    void fileAsParentIsEnotdir() {
        touch("f");
        expect("ENOTDIR", () -> P.mkdir(at("f/d"), 0755));
    }

    @Test
    void symlinkLoopInPathIsEloop() {
        ok(() -> P.symlink("b", at("a")));
        ok(() -> P.symlink("a", at("b")));
        expect("ELOOP", () -> P.mkdir(at("a/d"), 0755));
    }

    @Test
    void nameOf255BytesWorks() {
        ok(() -> P.mkdir(at(name(255)), 0755));
        assertEquals(S_IFDIR, type(name(255)));
    }

    @Test
    void nameOf256BytesIsEnametoolong() {
        expect("ENAMETOOLONG", () -> P.mkdir(at(name(256)), 0755));
    }

    @Test
    void trailingSlashWorks() {
        ok(() -> P.mkdir(at("d") + "/", 0755));
        assertEquals(S_IFDIR, type("d"));
    }

    @Test
    void newDirectoryHasTwoLinksAndParentGainsOne() {
        int before = nlink(".");
        ok(() -> P.mkdir(at("d"), 0755));
        assertEquals(2, nlink("d"));
        assertEquals(before + 1, nlink("."));
        ok(() -> P.mkdir(at("d/e"), 0755));
        assertEquals(3, nlink("d"));
        ok(() -> P.mkdir(at("d/f"), 0755));
        assertEquals(4, nlink("d"));
    }

    @Test
    void newDirectoryIsEmpty() throws Exception {
        ok(() -> P.mkdir(at("d"), 0755));
        try (Stream<java.nio.file.Path> s = Files.list(dir.resolve("d"))) {
            assertEquals(0, s.count());
        }
        expectPy(0, "P(sorted(os.listdir('d')), os.stat('d/..').st_ino == os.stat('.').st_ino)", "[] True");
    }

    @Test
    void updatesParentTimes() {
        age(".");
        Times before = times(".");
        ok(() -> P.mkdir(at("d"), 0755));
        Times after = times(".");
        assertTrue(after.mtime() > before.mtime(), "parent mtime");
        assertTrue(after.ctime() > before.ctime(), "parent ctime");
    }

    @Test
    void newDirectoryTimesAreNowAndEqual() {
        ok(() -> P.mkdir(at("d"), 0755));
        Times t = times("d");
        assertRecent(t.mtime(), "mtime");
        assertEquals(t.mtime(), t.ctime(), "ctime == mtime");
        assertEquals(t.mtime(), t.atime(), "atime == mtime");
    }

    @Test
    void ownerIsTheCreator() throws Exception {
        expectPy(NOBODY, "os.mkdir('d'); s = os.stat('d'); P(s.st_uid, s.st_gid)", "65534 65534");
    }

    @Test
    void setgidParentGivesItsGroupAndBit() throws Exception {
        mkdir("sg", 02777);
        chown("sg", 0, USER);
        expectPy(NOBODY, "os.mkdir('sg/d', 0o755); s = os.stat('sg/d'); P(s.st_uid, s.st_gid, oct(s.st_mode))",
                "65534 1000 0o42755");
    }

    @Test
    void plainParentGivesCreatorsGroup() throws Exception {
        mkdir("p", 0777);
        chown("p", 0, USER);
        expectPy(NOBODY, "os.mkdir('p/d', 0o755); s = os.stat('p/d'); P(s.st_gid, oct(s.st_mode))", "65534 0o40755");
    }

    @Test
    void withoutWritePermissionIsEacces() throws Exception {
        mkdir("ro", 0755);
        expectPy(NOBODY, "P(E(os.mkdir, 'ro/d'))", "EACCES");
    }

    @Test
    void withoutSearchPermissionIsEacces() throws Exception {
        mkdir("nx", 0666);
        expectPy(NOBODY, "P(E(os.mkdir, 'nx/d'))", "EACCES");
    }

    @Test
    void inRemovedWorkingDirectoryIsEnoent() throws Exception {
        mkdir("gone", 0755);
        expectPy(0, "os.chdir('gone'); os.rmdir('../gone'); P(E(os.mkdir, 'd'))", "ENOENT");
    }

    @Test
    void deepTree() {
        StringBuilder path = new StringBuilder("t");
        for (int i = 0; i < 30; i++) {
            String p = path.toString();
            ok(() -> P.mkdir(at(p), 0755));
            path.append("/t");
        }
        FileStat st = lstat("t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t/t");
        assertTrue(st.isDirectory());
        assertEquals(2, st.nlink());
    }
}
