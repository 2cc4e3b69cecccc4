package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** chmod(2), fchmod(2): mode bits, who may change them, what else changes. */
public abstract class ChmodChecks extends ConformanceBase {

    @ParameterizedTest(name = "file mode 0{0}")
    @ValueSource(strings = {"0", "400", "644", "755", "777", "1644", "4755", "2755", "6777", "7777"})
    void setsFileMode(String octal) {
        int mode = Integer.parseInt(octal, 8);
        touch("f");
        ok(() -> P.chmod(at("f"), mode));
        assertEquals(S_IFREG | mode, lstat("f").mode());
    }

    @ParameterizedTest(name = "directory mode 0{0}")
    @ValueSource(strings = {"0", "700", "755", "1777", "2775", "7777"})
    void setsDirectoryMode(String octal) {
        int mode = Integer.parseInt(octal, 8);
        ok(() -> P.mkdir(at("d"), 0700));
        ok(() -> P.chmod(at("d"), mode));
        assertEquals(S_IFDIR | mode, lstat("d").mode());
    }

    @Test
    void changesCtimeButNotMtimeOrAtime() {
        touch("f");
        age("f");
        Times before = times("f");
        ok(() -> P.chmod(at("f"), 0600));
        Times after = times("f");
        assertEquals(before.atime(), after.atime(), "atime");
        assertEquals(before.mtime(), after.mtime(), "mtime");
        assertTrue(after.ctime() > before.ctime(), "ctime advances");
        assertRecent(after.ctime(), "ctime");
    }

    @Test
    void missingFileIsEnoent() {
        expect("ENOENT", () -> P.chmod(at("missing"), 0644));
    }

    @Test
    void fileAsDirectoryComponentIsEnotdir() {
        touch("f");
        expect("ENOTDIR", () -> P.chmod(at("f/x"), 0644));
    }

    @Test
    void nameTooLong() {
        expect("ENAMETOOLONG", () -> P.chmod(at(name(256)), 0644));
    }

    @Test
    void followsSymlinks() {
        touch("f");
        ok(() -> P.symlink("f", at("l")));
        ok(() -> P.chmod(at("l"), 0600));
        assertEquals(0600, mode("f"));
        assertEquals(S_IFLNK | 0777, lstat("l").mode());
    }

    @Test
    void symlinkLoopIsEloop() {
        ok(() -> P.symlink("b", at("a")));
        ok(() -> P.symlink("a", at("b")));
        expect("ELOOP", () -> P.chmod(at("a"), 0644));
    }

    @Test
    void fchmodOnOpenDescriptor() {
        touch("f");
        int fd = open("f", O_RDONLY, 0);
        try {
            ok(() -> P.fchmod(fd, 0640));
        } finally {
            P.close(fd);
        }
        assertEquals(0640, mode("f"));
    }

    @Test
    void nonOwnerGetsEperm() throws Exception {
        touch("f");
        chmod("f", 0666);
        expectPy(NOBODY, "P(E(os.chmod, 'f', 0o777))", "EPERM");
        assertEquals(0666, mode("f"));
    }

    @Test
    void ownerMayChmod() throws Exception {
        touch("f");
        chown("f", NOBODY, NOBODY);
        expectPy(NOBODY, "P(E(os.chmod, 'f', 0o4700)); P(oct(os.stat('f').st_mode & 0o7777))", "OK", "0o4700");
    }

    @Test
    void ownerOutsideTheGroupLosesSetgid() throws Exception {
        // the owner is not a member of the file's group (0): S_ISGID is silently dropped
        touch("f");
        chown("f", NOBODY, 0);
        expectPy(NOBODY, "P(E(os.chmod, 'f', 0o2755)); P(oct(os.stat('f').st_mode & 0o7777))", "OK", "0o755");
    }

    @Test
    void ownerInTheGroupKeepsSetgid() throws Exception {
        touch("f");
        chown("f", NOBODY, NOBODY);
        expectPy(NOBODY, "P(E(os.chmod, 'f', 0o2755)); P(oct(os.stat('f').st_mode & 0o7777))", "OK", "0o2755");
    }

    @Test
    void ownerMaySetStickyOnRegularFile() throws Exception {
        touch("f");
        chown("f", NOBODY, NOBODY);
        expectPy(NOBODY, "P(E(os.chmod, 'f', 0o1644)); P(oct(os.stat('f').st_mode & 0o7777))", "OK", "0o1644");
    }

    @Test
    void withoutSearchPermissionIsEacces() throws Exception {
        mkdir("d", 0700);
        touch("d/f");
        chown("d/f", NOBODY, NOBODY);
        expectPy(NOBODY, "P(E(os.chmod, 'd/f', 0o600))", "EACCES");
    }

    @Test
    void ownerMayChmodWithoutAnyPermissionBits() throws Exception {
        touch("f");
        chown("f", NOBODY, NOBODY);
        chmod("f", 0);
        expectPy(NOBODY, "P(E(os.chmod, 'f', 0o600)); P(oct(os.stat('f').st_mode & 0o7777))", "OK", "0o600");
    }

    @Test
    void directoryChmodKeepsContents() throws Exception {
        mkdir("d", 0755);
        file("d/f", "x");
        ok(() -> P.chmod(at("d"), 0700));
        assertEquals("x", read("d/f"));
        assertEquals(040700, lstat("d").mode());
    }
}
