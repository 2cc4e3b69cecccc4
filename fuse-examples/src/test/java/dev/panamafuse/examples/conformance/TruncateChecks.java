package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** truncate(2), ftruncate(2). */
public abstract class TruncateChecks extends ConformanceBase {

    @ParameterizedTest(name = "extend to {0}")
    @ValueSource(longs = {0, 1, 4095, 4096, 4097, 65537, 1048577, 10_000_000})
    void extendReadsZeros(long size) throws Exception {
        file("f", "abc");
        ok(() -> P.truncate(at("f"), size));
        assertEquals(size, lstat("f").st_size());
        byte[] data = Files.readAllBytes(dir.resolve("f"));
        assertEquals(size, data.length);
        for (int i = 3; i < data.length; i++) {
            if (data[i] != 0) {
                throw new AssertionError("byte " + i + " is " + data[i]);
            }
        }
    }

    @Test
    void shrinkThenExtendDoesNotResurrectData() throws Exception {
        byte[] data = new byte[20000];
        Arrays.fill(data, (byte) 'x');
        file("f", data);
        ok(() -> P.truncate(at("f"), 5000));
        assertEquals(5000, lstat("f").st_size());
        ok(() -> P.truncate(at("f"), 20000));
        byte[] back = Files.readAllBytes(dir.resolve("f"));
        byte[] expected = new byte[20000];
        Arrays.fill(expected, 0, 5000, (byte) 'x');
        assertArrayEquals(expected, back);
    }

    @Test
    void shrinkInsidePageThenWriteBeyond() throws Exception {
        file("f", "0123456789");
        ok(() -> P.truncate(at("f"), 3));
        expectPy(0, "fd = os.open('f', os.O_WRONLY); os.pwrite(fd, b'Z', 8)", new String[0]);
        assertArrayEquals(new byte[] {'0', '1', '2', 0, 0, 0, 0, 0, 'Z'}, Files.readAllBytes(dir.resolve("f")));
    }

    @Test
    void updatesMtimeAndCtimeWhenSizeChanges() {
        touch("f");
        age("f");
        Times before = times("f");
        ok(() -> P.truncate(at("f"), 100));
        Times after = times("f");
        assertTrue(after.mtime() > before.mtime(), "mtime");
        assertTrue(after.ctime() > before.ctime(), "ctime");
        assertEquals(before.atime(), after.atime(), "atime");
    }

    @Test
    void ftruncateUpdatesTimes() {
        touch("f");
        age("f");
        Times before = times("f");
        int fd = open("f", O_RDWR, 0);
        try {
            ok(() -> P.ftruncate(fd, 10));
        } finally {
            P.close(fd);
        }
        assertEquals(10, lstat("f").st_size());
        assertTrue(times("f").mtime() > before.mtime(), "mtime");
        assertTrue(times("f").ctime() > before.ctime(), "ctime");
    }

    @Test
    void ftruncateOnReadOnlyDescriptorIsEinval() {
        touch("f");
        int fd = open("f", O_RDONLY, 0);
        try {
            expect("EINVAL", () -> P.ftruncate(fd, 0));
        } finally {
            P.close(fd);
        }
    }

    @Test
    void negativeLengthIsEinval() {
        touch("f");
        expect("EINVAL", () -> P.truncate(at("f"), -1));
    }

    @Test
    void directoryIsEisdir() {
        mkdir("d", 0755);
        expect("EISDIR", () -> P.truncate(at("d"), 0));
    }

    @Test
    void missingIsEnoent() {
        expect("ENOENT", () -> P.truncate(at("missing"), 0));
    }

    @Test
    void componentNotDirectoryIsEnotdir() {
        touch("f");
        expect("ENOTDIR", () -> P.truncate(at("f/g"), 0));
    }

    @Test
    void followsSymlinks() {
        touch("f");
        ok(() -> P.symlink("f", at("l")));
        ok(() -> P.truncate(at("l"), 42));
        assertEquals(42, lstat("f").st_size());
    }

    @Test
    void withoutWritePermissionIsEacces() throws Exception {
        touch("f");
        chmod("f", 0644);
        expectPy(NOBODY, "P(E(os.truncate, 'f', 0))", "EACCES");
    }

    @Test
    void withWritePermissionAsOtherUser() throws Exception {
        touch("f");
        chmod("f", 0666);
        expectPy(NOBODY, "P(E(os.truncate, 'f', 7), os.stat('f').st_size)", "OK 7");
    }

    @Test
    void beyondFileSizeLimitIsEfbig() throws Exception {
        touch("f");
        expectPy(0, """
                import resource
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))
                P(E(os.truncate, 'f', 8192), E(os.truncate, 'f', 8193))
                """, "OK EFBIG");
        assertEquals(8192, lstat("f").st_size());
    }

    @Test
    void fifoIsEinval() throws Exception {
        ok(() -> P.mkfifo(at("p"), 0666));
        expectPy(0, "fd = os.open('p', os.O_RDWR); P(E(os.ftruncate, fd, 0))", "EINVAL");
    }

    @Test
    void descriptorOffsetUnchanged() throws Exception {
        file("f", "0123456789");
        expectPy(0, "fd = os.open('f', os.O_RDWR); os.lseek(fd, 8, 0); os.ftruncate(fd, 2); P(os.lseek(fd, 0, os.SEEK_CUR), os.read(fd, 5))",
                "8 b''");
    }

    @Test
    void shrinkToZero() throws Exception {
        file("f", "content");
        ok(() -> P.truncate(at("f"), 0));
        assertEquals("", read("f"));
    }
}
