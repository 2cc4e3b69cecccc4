package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jnr.posix.FileStat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** chown(2), lchown(2), fchown(2): owners, who may change them, and the set-id bits they clear. */
public abstract class ChownChecks extends ConformanceBase {

    @ParameterizedTest(name = "chown to {0}:{1}")
    @CsvSource({"65534,65534", "1000,1000", "1000,65534", "0,1000", "123456,654321"})
    void rootSetsOwnerAndGroup(int uid, int gid) {
        touch("f");
        ok(() -> P.chown(at("f"), uid, gid));
        FileStat st = lstat("f");
        assertEquals(uid, st.uid());
        assertEquals(gid, st.gid());
    }

    @Test
    void minusOneKeepsBoth() {
        touch("f");
        chown("f", USER, NOBODY);
        ok(() -> P.chown(at("f"), -1, -1));
        assertEquals(USER, lstat("f").uid());
        assertEquals(NOBODY, lstat("f").gid());
    }

    @Test
    void ownerOnly() {
        touch("f");
        chown("f", USER, NOBODY);
        ok(() -> P.chown(at("f"), 42, -1));
        assertEquals(42, lstat("f").uid());
        assertEquals(NOBODY, lstat("f").gid());
    }

    @Test
    void groupOnly() {
        touch("f");
        chown("f", USER, NOBODY);
        ok(() -> P.chown(at("f"), -1, 42));
        assertEquals(USER, lstat("f").uid());
        assertEquals(42, lstat("f").gid());
    }

    @Test
    void changesCtimeOnly() {
        touch("f");
        age("f");
        Times before = times("f");
        ok(() -> P.chown(at("f"), NOBODY, NOBODY));
        Times after = times("f");
        assertEquals(before.mtime(), after.mtime(), "mtime");
        assertEquals(before.atime(), after.atime(), "atime");
        assertTrue(after.ctime() > before.ctime(), "ctime advances");
    }

    @ParameterizedTest(name = "chown of a 0{0} file leaves 0{1}")
    @CsvSource({"4755,755", "2755,755", "6755,755", "6777,777", "2745,2745", "6745,2745", "1755,1755"})
    void clearsSetIdBitsOfRegularFiles(String before, String after) {
        // S_ISUID always; S_ISGID only with group-execute (without it, it marks mandatory locking)
        touch("f");
        chmod("f", Integer.parseInt(before, 8));
        ok(() -> P.chown(at("f"), NOBODY, NOBODY));
        assertEquals(Integer.toOctalString(Integer.parseInt(after, 8)), Integer.toOctalString(mode("f")));
    }

    @Test
    void keepsSetgidOfDirectories() {
        mkdir("d", 02755);
        ok(() -> P.chown(at("d"), NOBODY, NOBODY));
        assertEquals(02755, mode("d"));
    }

    @Test
    void nonRootCannotGiveAway() throws Exception {
        touch("f");
        chown("f", NOBODY, NOBODY);
        expectPy(NOBODY, "P(E(os.chown, 'f', 1000, -1))", "EPERM");
        assertEquals(NOBODY, lstat("f").uid());
    }

    @Test
    void nonRootCannotChangeGroupToForeignGroup() throws Exception {
        touch("f");
        chown("f", NOBODY, NOBODY);
        expectPy(NOBODY, "P(E(os.chown, 'f', -1, 1000))", "EPERM");
        assertEquals(NOBODY, lstat("f").gid());
    }

    @Test
    void nonRootMayChangeGroupToOwnGroup() throws Exception {
        touch("f");
        chown("f", NOBODY, 0);
        expectPy(NOBODY, "P(E(os.chown, 'f', -1, 65534))", "OK");
        assertEquals(NOBODY, lstat("f").gid());
    }

    @Test
    void nonOwnerCannotChown() throws Exception {
        touch("f");
        chmod("f", 0666);
        expectPy(NOBODY, "P(E(os.chown, 'f', 65534, 65534))", "EPERM");
        assertEquals(0, lstat("f").uid());
    }

    @Test
    void lchownChangesTheLinkNotTheTarget() {
        touch("f");
        ok(() -> P.symlink("f", at("l")));
        ok(() -> P.lchown(at("l"), NOBODY, NOBODY));
        assertEquals(NOBODY, lstat("l").uid());
        assertEquals(NOBODY, lstat("l").gid());
        assertEquals(0, lstat("f").uid());
    }

    @Test
    void chownFollowsSymlinks() {
        touch("f");
        ok(() -> P.symlink("f", at("l")));
        ok(() -> P.chown(at("l"), NOBODY, USER));
        assertEquals(NOBODY, lstat("f").uid());
        assertEquals(USER, lstat("f").gid());
        assertEquals(0, lstat("l").uid());
    }

    @Test
    void fchownOnOpenDescriptor() {
        touch("f");
        int fd = open("f", O_RDONLY, 0);
        try {
            ok(() -> P.fchown(fd, USER, USER));
        } finally {
            P.close(fd);
        }
        assertEquals(USER, lstat("f").uid());
    }

    @Test
    void missingIsEnoent() {
        expect("ENOENT", () -> P.chown(at("missing"), 1, 1));
    }

    @Test
    void fileAsDirectoryComponentIsEnotdir() {
        touch("f");
        expect("ENOTDIR", () -> P.chown(at("f/x"), 1, 1));
    }

    @Test
    void directoryOwner() {
        mkdir("d", 0755);
        ok(() -> P.chown(at("d"), USER, USER));
        FileStat st = lstat("d");
        assertEquals(USER, st.uid());
        assertEquals(USER, st.gid());
        assertEquals(040755, st.mode());
    }

    @Test
    void newOwnerGetsOwnerPermissions() throws Exception {
        file("f", "secret");
        chmod("f", 0600);
        expectPy(NOBODY, "P(E(open, 'f'))", "EACCES");
        chown("f", NOBODY, NOBODY);
        expectPy(NOBODY, "P(open('f').read())", "secret");
    }
}
