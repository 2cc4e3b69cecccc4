package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jnr.posix.FileStat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** symlink(2), readlink(2) and path resolution through symbolic links. */
public abstract class SymlinkChecks extends ConformanceBase {

    @Test
    void createsLinkWithExactTarget() throws Exception {
        ok(() -> P.symlink("some/where/../x", at("l")));
        assertEquals("some/where/../x", P.readlink(at("l")));
        assertEquals("some/where/../x", Files.readSymbolicLink(dir.resolve("l")).toString());
    }

    @ParameterizedTest(name = "target of {0} bytes")
    @ValueSource(ints = {1, 100, 255, 256, 1000, 4095})
    void targetLengths(int length) throws Exception {
        String target = "t".repeat(length);
        ok(() -> P.symlink(target, at("l")));
        assertEquals(target, Files.readSymbolicLink(dir.resolve("l")).toString());
        assertEquals(length, lstat("l").st_size());
    }

    @Test
    void targetOf4096BytesIsEnametoolong() {
        expect("ENAMETOOLONG", () -> P.symlink("t".repeat(4096), at("l")));
    }

    @Test
    void emptyTargetIsEnoent() {
        expect("ENOENT", () -> P.symlink("", at("l")));
    }

    @Test
    void lstatShowsLink() {
        ok(() -> P.symlink("abc", at("l")));
        FileStat st = lstat("l");
        assertEquals(S_IFLNK | 0777, st.mode());
        assertEquals(3, st.st_size());
        assertEquals(1, st.nlink());
    }

    @Test
    void danglingTargetIsAllowed() {
        ok(() -> P.symlink("nowhere", at("l")));
        expect("ENOENT", () -> P.stat(at("l"), P.allocateStat()));
        assertEquals(S_IFLNK, type("l"));
    }

    @Test
    void existingNameIsEexist() {
        touch("f");
        expect("EEXIST", () -> P.symlink("x", at("f")));
        ok(() -> P.symlink("x", at("l")));
        expect("EEXIST", () -> P.symlink("y", at("l")));
    }

    @Test
    void missingParentIsEnoent() {
        expect("ENOENT", () -> P.symlink("x", at("no/l")));
    }

    @Test
    void nameLengthLimit() {
        ok(() -> P.symlink("x", at(name(255))));
        expect("ENAMETOOLONG", () -> P.symlink("x", at(name(256))));
    }

    @Test
    void relativeTargetResolvesFromLinkDirectory() throws Exception {
        mkdir("d", 0755);
        file("d/f", "in d");
        ok(() -> P.symlink("f", at("d/l")));
        assertEquals("in d", read("d/l"));
        ok(() -> P.symlink("d/f", at("l2")));
        assertEquals("in d", read("l2"));
    }

    @Test
    void absoluteTarget() throws Exception {
        file("f", "abs");
        ok(() -> P.symlink(at("f"), at("l")));
        assertEquals("abs", read("l"));
    }

    @Test
    void linkToDirectoryIsTraversed() {
        mkdir("d", 0755);
        touch("d/f");
        ok(() -> P.symlink("d", at("l")));
        assertTrue(stat("l").isDirectory());
        assertEquals(lstat("d/f").ino(), lstat("l/f").ino());
    }

    @Test
    void selfLoopIsEloop() {
        ok(() -> P.symlink("l", at("l")));
        expect("ELOOP", () -> P.stat(at("l"), P.allocateStat()));
    }

    @Test
    void mutualLoopIsEloop() {
        ok(() -> P.symlink("b", at("a")));
        ok(() -> P.symlink("a", at("b")));
        expect("ELOOP", () -> P.stat(at("a"), P.allocateStat()));
        expect("ELOOP", () -> P.open(at("a"), O_RDONLY, 0));
    }

    @Test
    void chainOf40Resolves() {
        touch("f");
        chainTo("f", 40);
        expect("OK", () -> P.stat(at("c40"), P.allocateStat()));
    }

    @Test
    void chainOf41IsEloop() {
        touch("f");
        chainTo("f", 41);
        expect("ELOOP", () -> P.stat(at("c41"), P.allocateStat()));
    }

    private void chainTo(String target, int n) {
        String prev = target;
        for (int i = 1; i <= n; i++) {
            String from = prev;
            String name = "c" + i;
            ok(() -> P.symlink(from, at(name)));
            prev = name;
        }
    }

    @Test
    void readlinkOnRegularFileIsEinval() throws Exception {
        touch("f");
        expectPy(0, "P(E(os.readlink, 'f'), E(os.readlink, '.'), E(os.readlink, 'missing'))", "EINVAL EINVAL ENOENT");
    }

    @Test
    void readlinkWithSmallBufferTruncates() throws Exception {
        ok(() -> P.symlink("0123456789", at("l")));
        expectPy(0, """
                import ctypes
                buf = ctypes.create_string_buffer(4)
                P(C('readlink', b'l', buf, 4), buf.raw)
                """, "4 b'0123'");
    }

    @Test
    void updatesParentTimes() {
        age(".");
        Times before = times(".");
        ok(() -> P.symlink("x", at("l")));
        Times after = times(".");
        assertTrue(after.mtime() > before.mtime(), "parent mtime");
        assertTrue(after.ctime() > before.ctime(), "parent ctime");
        assertRecent(times("l").mtime(), "link mtime");
    }

    @Test
    void ownerIsTheCreator() throws Exception {
        expectPy(NOBODY, "os.symlink('x', 'l'); s = os.lstat('l'); P(s.st_uid, s.st_gid)", "65534 65534");
    }

    @Test
    void withoutWritePermissionIsEacces() throws Exception {
        mkdir("ro", 0755);
        expectPy(NOBODY, "P(E(os.symlink, 'x', 'ro/l'))", "EACCES");
    }

    @Test
    void unlinkRemovesOnlyTheLink() {
        touch("f");
        ok(() -> P.symlink("f", at("l")));
        ok(() -> P.unlink(at("l")));
        assertFalse(exists("l"));
        assertTrue(exists("f"));
    }

    @Test
    void nioSeesLink() throws Exception {
        ok(() -> P.symlink("target", at("l")));
        Path l = dir.resolve("l");
        assertTrue(Files.isSymbolicLink(l));
        assertFalse(Files.exists(l));
        assertTrue(Files.exists(l, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void targetWithSpecialCharacters() throws Exception {
        String target = "sp ace/ünï\ncode\t*?";
        ok(() -> P.symlink(target, at("l")));
        assertEquals(target, Files.readSymbolicLink(dir.resolve("l")).toString());
    }
}
