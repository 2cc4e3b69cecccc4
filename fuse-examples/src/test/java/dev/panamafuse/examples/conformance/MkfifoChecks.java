package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jnr.posix.FileStat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** mkfifo(3) (mknodat with S_IFIFO): named pipes on the filesystem. */
public abstract class MkfifoChecks extends ConformanceBase {

    @Test
    void createsFifo() {
        ok(() -> P.mkfifo(at("p"), 0644));
        FileStat st = lstat("p");
        assertEquals(S_IFIFO, st.mode() & S_IFMT);
        assertEquals(0, st.st_size());
        assertEquals(1, st.nlink());
    }

    @ParameterizedTest(name = "mkfifo 0{0} under umask 0{1} gives 0{2}")
    @CsvSource({"666,0,666", "666,22,644", "666,77,600", "600,0,600", "777,2,775"})
    void modeUnderUmask(String mode, String umask, String expected) throws Exception {
        List<String> out = py(0, "os.umask(0o" + umask + "); os.mkfifo('p', 0o" + mode + "); P(oct(os.stat('p').st_mode))");
        assertEquals(List.of("0o" + Integer.toOctalString(S_IFIFO | Integer.parseInt(expected, 8))), out);
    }

    @Test
    void existingIsEexist() {
        touch("f");
        expect("EEXIST", () -> P.mkfifo(at("f"), 0644));
        ok(() -> P.mkfifo(at("p"), 0644));
        expect("EEXIST", () -> P.mkfifo(at("p"), 0644));
    }

    @Test
    void missingParentIsEnoent() {
        expect("ENOENT", () -> P.mkfifo(at("no/p"), 0644));
    }

    @Test
    void fileAsParentIsEnotdir() {
        touch("f");
        expect("ENOTDIR", () -> P.mkfifo(at("f/p"), 0644));
    }

    @Test
    void nameOf256BytesIsEnametoolong() {
        expect("ENAMETOOLONG", () -> P.mkfifo(at(name(256)), 0644));
    }

    @Test
    void withoutWritePermissionIsEacces() throws Exception {
        mkdir("ro", 0755);
        expectPy(NOBODY, "P(E(os.mkfifo, 'ro/p'))", "EACCES");
    }

    @Test
    void ownerIsTheCreator() throws Exception {
        expectPy(USER, "os.mkfifo('p'); s = os.stat('p'); P(s.st_uid, s.st_gid)", "1000 1000");
    }

    @Test
    void updatesParentTimes() {
        age(".");
        Times before = times(".");
        ok(() -> P.mkfifo(at("p"), 0644));
        Times after = times(".");
        assertTrue(after.mtime() > before.mtime(), "parent mtime");
        assertTrue(after.ctime() > before.ctime(), "parent ctime");
        assertRecent(times("p").ctime(), "fifo ctime");
    }

    @Test
    void carriesData() throws Exception {
        ok(() -> P.mkfifo(at("p"), 0666));
        expectPy(0, """
                fd = os.open('p', os.O_RDWR | os.O_NONBLOCK)
                os.write(fd, b'through the pipe')
                P(os.read(fd, 100).decode())
                P(os.fstat(fd).st_size)
                """, "through the pipe", "0");
    }

    @Test
    void writerWithoutReaderIsEnxio() throws Exception {
        ok(() -> P.mkfifo(at("p"), 0666));
        expectPy(0, "P(E(os.open, 'p', os.O_WRONLY | os.O_NONBLOCK))", "ENXIO");
    }

    @Test
    void readerWithoutWriterOpensNonBlocking() throws Exception {
        ok(() -> P.mkfifo(at("p"), 0666));
        expectPy(0, "fd = os.open('p', os.O_RDONLY | os.O_NONBLOCK); P(os.read(fd, 10))", "b''");
    }

    @Test
    void seekIsEspipe() throws Exception {
        ok(() -> P.mkfifo(at("p"), 0666));
        expectPy(0, "fd = os.open('p', os.O_RDWR); P(E(os.lseek, fd, 0, os.SEEK_SET))", "ESPIPE");
    }

    @Test
    void unlinkRemovesIt() {
        ok(() -> P.mkfifo(at("p"), 0644));
        ok(() -> P.unlink(at("p")));
        assertFalse(exists("p"));
    }

    @Test
    void renameKeepsType() {
        ok(() -> P.mkfifo(at("p"), 0640));
        ok(() -> P.rename(at("p"), at("q")));
        assertEquals(S_IFIFO | 0640, lstat("q").mode());
    }

    @Test
    void chmodOnFifo() {
        ok(() -> P.mkfifo(at("p"), 0644));
        ok(() -> P.chmod(at("p"), 0600));
        assertEquals(S_IFIFO | 0600, lstat("p").mode());
    }
}
