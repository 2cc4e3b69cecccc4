package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jnr.posix.FileStat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** open(2): creation, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY, O_NOFOLLOW, access checks. */
public abstract class OpenChecks extends ConformanceBase {

    @ParameterizedTest(name = "create 0{0} under umask 0{1} gives 0{2}")
    @CsvSource({"666,0,666", "666,22,644", "666,77,600", "777,22,755", "644,0,644", "4777,0,4777", "1666,0,1666",
        "2777,22,2755", "0,0,0"})
    void createModeUnderUmask(String mode, String umask, String expected) throws Exception {
        List<String> out = py(0, "os.umask(0o" + umask + "); os.close(os.open('f', os.O_CREAT | os.O_WRONLY, 0o" + mode
                + ")); P(oct(os.stat('f').st_mode))");
        assertEquals(List.of("0o" + Integer.toOctalString(S_IFREG | Integer.parseInt(expected, 8))), out);
    }

    @Test
    void createdFileOwnedByCreator() throws Exception {
        expectPy(USER, "os.close(os.open('f', os.O_CREAT | os.O_WRONLY, 0o600)); s = os.stat('f'); P(s.st_uid, s.st_gid, s.st_size, s.st_nlink)",
                "1000 1000 0 1");
    }

    @Test
    void createInSetgidDirectoryTakesDirectoryGroup() throws Exception {
        mkdir("sg", 02777);
        chown("sg", 0, USER);
        expectPy(NOBODY, "os.close(os.open('sg/f', os.O_CREAT | os.O_WRONLY, 0o644)); s = os.stat('sg/f'); P(s.st_uid, s.st_gid, oct(s.st_mode))",
                "65534 1000 0o100644");
    }

    @Test
    void createExclusiveOnExistingIsEexist() {
        touch("f");
        expect("EEXIST", () -> P.open(at("f"), O_CREAT | O_EXCL | O_WRONLY, 0644));
    }

    @Test
    void createExclusiveOnDirectoryIsEexist() {
        mkdir("d", 0755);
        expect("EEXIST", () -> P.open(at("d"), O_CREAT | O_EXCL | O_RDONLY, 0644));
    }

    @Test
    void createExclusiveOnDanglingSymlinkIsEexist() {
        ok(() -> P.symlink("target", at("l")));
        expect("EEXIST", () -> P.open(at("l"), O_CREAT | O_EXCL | O_WRONLY, 0644));
        assertFalse(exists("target"));
    }

    @Test
    void createThroughDanglingSymlinkCreatesTarget() {
        ok(() -> P.symlink("target", at("l")));
        int fd = open("l", O_CREAT | O_WRONLY, 0644);
        P.close(fd);
        assertEquals(S_IFREG, type("target"));
        assertEquals(S_IFLNK, type("l"));
    }

    @Test
    void createOnExistingKeepsModeAndContents() throws Exception {
        file("f", "keep");
        chmod("f", 0640);
        int fd = open("f", O_CREAT | O_WRONLY, 0777);
        P.close(fd);
        assertEquals(0640, mode("f"));
        assertEquals("keep", read("f"));
    }

    @Test
    void missingWithoutCreateIsEnoent() {
        expect("ENOENT", () -> P.open(at("missing"), O_RDONLY, 0));
        expect("ENOENT", () -> P.open(at("missing/x"), O_CREAT | O_WRONLY, 0644));
    }

    @ParameterizedTest(name = "directory opened with flags 0{0} gives {1}")
    @CsvSource({"0,OK", "1,EISDIR", "2,EISDIR", "101,EISDIR", "1002,EISDIR", "200000,OK"})
    void directoryAccessModes(String flags, String expected) {
        mkdir("d", 0755);
        int f = Integer.parseInt(flags, 8);
        expect(expected, () -> closing(P.open(at("d"), f, 0644)));
    }

    @Test
    void oDirectoryOnFileIsEnotdir() {
        touch("f");
        expect("ENOTDIR", () -> P.open(at("f"), O_RDONLY | O_DIRECTORY, 0));
    }

    @Test
    void oDirectoryFollowsSymlinkToDirectory() {
        mkdir("d", 0755);
        ok(() -> P.symlink("d", at("l")));
        expect("OK", () -> closing(P.open(at("l"), O_RDONLY | O_DIRECTORY, 0)));
    }

    @Test
    void oNofollowOnSymlinkIsEloop() {
        touch("f");
        ok(() -> P.symlink("f", at("l")));
        expect("ELOOP", () -> P.open(at("l"), O_RDONLY | O_NOFOLLOW, 0));
        expect("ELOOP", () -> P.open(at("l"), O_WRONLY | O_CREAT | O_NOFOLLOW, 0644));
    }

    @Test
    void oNofollowOnRegularFileWorks() {
        touch("f");
        expect("OK", () -> closing(P.open(at("f"), O_RDONLY | O_NOFOLLOW, 0)));
    }

    @Test
    void oNofollowOnlyAppliesToLastComponent() {
        mkdir("d", 0755);
        touch("d/f");
        ok(() -> P.symlink("d", at("l")));
        expect("OK", () -> closing(P.open(at("l/f"), O_RDONLY | O_NOFOLLOW, 0)));
    }

    @Test
    void oCreatOExclODirectoryIsEinval() {
        expect("EINVAL", () -> P.open(at("d"), O_CREAT | O_EXCL | O_DIRECTORY | O_RDONLY, 0755));
    }

    @Test
    void trailingSlashOnFileIsEnotdir() {
        touch("f");
        expect("ENOTDIR", () -> P.open(at("f") + "/", O_RDONLY, 0));
    }

    @Test
    void createWithTrailingSlashIsEisdir() {
        expect("EISDIR", () -> P.open(at("new") + "/", O_CREAT | O_WRONLY, 0644));
        assertFalse(exists("new"));
    }

    @Test
    void fileAsDirectoryComponentIsEnotdir() {
        touch("f");
        expect("ENOTDIR", () -> P.open(at("f/x"), O_RDONLY, 0));
    }

    @Test
    void symlinkLoopIsEloop() {
        ok(() -> P.symlink("l", at("l")));
        expect("ELOOP", () -> P.open(at("l"), O_RDONLY, 0));
    }

    @Test
    void nameLengthLimit() {
        expect("OK", () -> closing(P.open(at(name(255)), O_CREAT | O_WRONLY, 0644)));
        expect("ENAMETOOLONG", () -> P.open(at(name(256)), O_CREAT | O_WRONLY, 0644));
        expect("ENAMETOOLONG", () -> P.open(at(name(256)), O_RDONLY, 0));
    }

    @Test
    void oTruncEmptiesFileAndUpdatesTimes() throws Exception {
        file("f", "some data");
        age("f");
        Times before = times("f");
        P.close(open("f", O_WRONLY | O_TRUNC, 0));
        Times after = times("f");
        assertEquals(0, lstat("f").st_size());
        assertTrue(after.mtime() > before.mtime(), "mtime");
        assertTrue(after.ctime() > before.ctime(), "ctime");
    }

    @Test
    void oTruncOnEmptyFileStillUpdatesMtime() {
        touch("f");
        age("f");
        Times before = times("f");
        P.close(open("f", O_WRONLY | O_TRUNC, 0));
        assertTrue(times("f").mtime() > before.mtime(), "mtime");
    }

    @Test
    void openWithoutTruncKeepsTimes() {
        touch("f");
        age("f");
        Times before = times("f");
        P.close(open("f", O_WRONLY, 0));
        assertEquals(before, times("f"));
    }

    @Test
    void createUpdatesParentAndSetsTimesNow() {
        age(".");
        Times parent = times(".");
        P.close(open("f", O_CREAT | O_WRONLY, 0644));
        Times after = times(".");
        Times t = times("f");
        assertTrue(after.mtime() > parent.mtime(), "parent mtime");
        assertTrue(after.ctime() > parent.ctime(), "parent ctime");
        assertRecent(t.mtime(), "mtime");
        assertEquals(t.mtime(), t.ctime(), "ctime == mtime");
        assertEquals(t.mtime(), t.atime(), "atime == mtime");
    }

    @Test
    void readOnlyDescriptorCannotWrite() {
        touch("f");
        int fd = open("f", O_RDONLY, 0);
        try {
            expect("EBADF", () -> P.write(fd, new byte[] {1}, 1));
        } finally {
            P.close(fd);
        }
    }

    @Test
    void writeOnlyDescriptorCannotRead() throws Exception {
        file("f", "abc");
        expectPy(0, "fd = os.open('f', os.O_WRONLY); P(E(os.read, fd, 3))", "EBADF");
    }

    @Test
    void closedDescriptorIsEbadf() throws Exception {
        touch("f");
        expectPy(0, "fd = os.open('f', os.O_RDONLY); os.close(fd); P(E(os.read, fd, 1), E(os.close, fd), E(os.fstat, fd))",
                "EBADF EBADF EBADF");
    }

    // ------------------------------------------------------------------ access as another user

    @ParameterizedTest(name = "file 0{0} owned by {1}:{2}, opened by nobody for {3}: {4}")
    @CsvSource({
        "600,0,0,O_RDONLY,EACCES", "644,0,0,O_RDONLY,OK", "644,0,0,O_WRONLY,EACCES", "644,0,0,O_RDWR,EACCES",
        "666,0,0,O_RDWR,OK", "622,0,0,O_WRONLY,OK", "622,0,0,O_RDONLY,EACCES", "000,0,0,O_RDONLY,EACCES",
        "604,65534,0,O_RDONLY,OK", "460,65534,0,O_RDONLY,OK", "064,65534,65534,O_RDONLY,EACCES",
        "606,65534,0,O_RDONLY,OK", "066,65534,65534,O_RDWR,EACCES", "060,0,65534,O_RDWR,OK",
        "006,0,65534,O_RDONLY,EACCES", "040,0,65534,O_WRONLY,EACCES", "707,0,65534,O_RDONLY,EACCES",
        "200,65534,65534,O_WRONLY,OK", "400,65534,65534,O_WRONLY,EACCES"})
    void permissionBitsAsNobody(String mode, int uid, int gid, String flags, String expected) throws Exception {
        touch("f");
        chown("f", uid, gid);
        chmod("f", Integer.parseInt(mode, 8));
        expectPy(NOBODY, "P(E(lambda: os.close(os.open('f', os." + flags + "))))", expected);
    }

    @Test
    void searchPermissionNeededOnEveryComponent() throws Exception {
        mkdir("a", 0755);
        mkdir("a/b", 0754);
        touch("a/b/f");
        chmod("a/b/f", 0666);
        expectPy(NOBODY, "P(E(os.open, 'a/b/f', os.O_RDONLY), sorted(os.listdir('a/b')))", "EACCES ['f']");
    }

    @Test
    void createWithoutWritePermissionIsEacces() throws Exception {
        mkdir("ro", 0555);
        expectPy(NOBODY, "P(E(os.open, 'ro/f', os.O_CREAT | os.O_WRONLY, 0o644))", "EACCES");
        assertFalse(exists("ro/f"));
    }

    @Test
    void truncWithoutWritePermissionIsEacces() throws Exception {
        file("f", "data");
        chmod("f", 0644);
        expectPy(NOBODY, "P(E(os.open, 'f', os.O_RDONLY | os.O_TRUNC))", "EACCES");
        assertEquals(4, lstat("f").st_size());
    }

    @Test
    void rootBypassesPermissionBits() {
        touch("f");
        chown("f", NOBODY, NOBODY);
        chmod("f", 0);
        expect("OK", () -> closing(P.open(at("f"), O_RDWR, 0)));
    }

    @Test
    void descriptorKeepsAccessAfterChmod() throws Exception {
        file("f", "before");
        chown("f", NOBODY, NOBODY);
        expectPy(NOBODY, """
                fd = os.open('f', os.O_RDWR)
                os.chmod('f', 0)
                os.write(fd, b'AFTER!')
                os.lseek(fd, 0, os.SEEK_SET)
                P(os.read(fd, 6).decode(), E(os.open, 'f', os.O_RDONLY))
                """, "AFTER! EACCES");
    }

    private static int closing(int fd) {
        if (fd >= 0) {
            P.close(fd);
            return 0;
        }
        return fd;
    }

    @Test
    void statOfCreatedFile() {
        P.close(open("f", O_CREAT | O_WRONLY, 0600));
        FileStat st = lstat("f");
        assertEquals(0, st.st_size());
        assertEquals(1, st.nlink());
        assertEquals(0, st.uid());
    }
}
