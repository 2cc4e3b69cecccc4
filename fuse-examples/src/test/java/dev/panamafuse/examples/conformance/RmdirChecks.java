package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** rmdir(2). */
public abstract class RmdirChecks extends ConformanceBase {

    @Test
    void removesEmptyDirectory() {
        mkdir("d", 0755);
        ok(() -> P.rmdir(at("d")));
        assertFalse(exists("d"));
    }

    @Test
    void nonEmptyIsEnotempty() {
        mkdir("d", 0755);
        touch("d/f");
        expect("ENOTEMPTY", () -> P.rmdir(at("d")));
        assertTrue(exists("d/f"));
    }

    @Test
    void onlyHiddenEntryStillEnotempty() {
        mkdir("d", 0755);
        touch("d/.hidden");
        expect("ENOTEMPTY", () -> P.rmdir(at("d")));
    }

    @Test
    void subdirectoryMakesItNonEmpty() {
        mkdir("d", 0755);
        mkdir("d/e", 0755);
        expect("ENOTEMPTY", () -> P.rmdir(at("d")));
    }

    @Test
    void missingIsEnoent() {
        expect("ENOENT", () -> P.rmdir(at("missing")));
    }

    @Test
    void fileIsEnotdir() {
        touch("f");
        expect("ENOTDIR", () -> P.rmdir(at("f")));
    }

    @Test
    void symlinkToDirectoryIsEnotdir() {
        mkdir("d", 0755);
        ok(() -> P.symlink("d", at("l")));
        expect("ENOTDIR", () -> P.rmdir(at("l")));
        assertTrue(exists("d"));
    }

    @Test
    void fileAsComponentIsEnotdir() {
        touch("f");
        expect("ENOTDIR", () -> P.rmdir(at("f/d")));
    }

    @Test
    void dotIsEinval() {
        mkdir("d", 0755);
        expect("EINVAL", () -> P.rmdir(at("d/.")));
    }

    @Test
    void dotDotIsEnotempty() {
        mkdir("d", 0755);
        expect("ENOTEMPTY", () -> P.rmdir(at("d/..")));
    }

    @Test
    void trailingSlashWorks() {
        mkdir("d", 0755);
        ok(() -> P.rmdir(at("d") + "/"));
        assertFalse(exists("d"));
    }

    @Test
    void parentLosesALink() {
        mkdir("p", 0755);
        mkdir("p/d", 0755);
        assertEquals(3, nlink("p"));
        ok(() -> P.rmdir(at("p/d")));
        assertEquals(2, nlink("p"));
    }

    @Test
    void updatesParentTimes() {
        mkdir("d", 0755);
        age(".");
        Times before = times(".");
        ok(() -> P.rmdir(at("d")));
        Times after = times(".");
        assertTrue(after.mtime() > before.mtime(), "parent mtime");
        assertTrue(after.ctime() > before.ctime(), "parent ctime");
    }

    @Test
    void openDirectoryBecomesDeadAfterRemoval() throws Exception {
        mkdir("d", 0755);
        expectPy(0, """
                fd = os.open('d', os.O_RDONLY)
                os.rmdir('d')
                P(os.fstat(fd).st_nlink, os.listdir(fd))
                os.fchdir(fd)
                P(E(os.open, 'new', os.O_CREAT | os.O_WRONLY), E(os.mkdir, 'sub'))
                """, "0 []", "ENOENT ENOENT");
    }

    @Test
    void withoutWritePermissionIsEacces() throws Exception {
        mkdir("ro", 0755);
        mkdir("ro/d", 0777);
        expectPy(NOBODY, "P(E(os.rmdir, 'ro/d'))", "EACCES");
    }

    @Test
    void stickyParentProtectsOthersDirectories() throws Exception {
        mkdir("t", 01777);
        mkdir("t/rootdir", 0777);
        expectPy(NOBODY, "P(E(os.rmdir, 't/rootdir'))", "EPERM");
        assertTrue(exists("t/rootdir"));
    }

    @Test
    void stickyParentLetsOwnerOfEntryRemove() throws Exception {
        mkdir("t", 01777);
        expectPy(NOBODY, "os.mkdir('t/mine'); P(E(os.rmdir, 't/mine'))", "OK");
    }

    @Test
    void stickyParentLetsOwnerOfDirectoryRemove() throws Exception {
        mkdir("t", 01777);
        chown("t", NOBODY, NOBODY);
        mkdir("t/other", 0755);
        chown("t/other", USER, USER);
        expectPy(NOBODY, "P(E(os.rmdir, 't/other'))", "OK");
    }

    @Test
    void removingEmptiedDirectoryAfterDeletions() {
        mkdir("d", 0755);
        for (int i = 0; i < 20; i++) {
            touch("d/f" + i);
        }
        for (int i = 0; i < 20; i++) {
            String n = "d/f" + i;
            ok(() -> P.unlink(at(n)));
        }
        ok(() -> P.rmdir(at("d")));
    }
}
