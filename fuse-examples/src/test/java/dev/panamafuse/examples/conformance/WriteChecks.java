package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** write(2), pwrite(2), read(2): data, O_APPEND, file size limits, timestamps, set-id bits. */
public abstract class WriteChecks extends ConformanceBase {

    @Test
    void writeUpdatesMtimeAndCtimeNotAtime() {
        touch("f");
        age("f");
        Times before = times("f");
        int fd = open("f", O_WRONLY, 0);
        try {
            assertEquals(3, P.write(fd, "abc".getBytes(), 3));
        } finally {
            P.close(fd);
        }
        Times after = times("f");
        assertTrue(after.mtime() > before.mtime(), "mtime");
        assertTrue(after.ctime() > before.ctime(), "ctime");
        assertEquals(before.atime(), after.atime(), "atime");
    }

    @Test
    void readUpdatesAtimeOlderThanMtime() throws Exception {
        file("f", "abc");
        // relatime: an atime older than mtime is always updated by a read
        setTimes("f", OLD_NS, OLD_NS + 1_000_000_000L);
        tick();
        expectPy(0, "P(open('f').read())", "abc");
        Times after = times("f");
        assertTrue(after.atime() > after.mtime(), "atime updated by read");
        assertEquals(OLD_NS + 1_000_000_000L, after.mtime(), "mtime unchanged");
    }

    @Test
    void readDoesNotChangeMtimeOrCtime() throws Exception {
        file("f", "abc");
        age("f");
        Times before = times("f");
        assertEquals("abc", read("f"));
        Times after = times("f");
        assertEquals(before.mtime(), after.mtime());
        assertEquals(before.ctime(), after.ctime());
    }

    @Test
    void appendWritesAtEndRegardlessOfOffset() throws Exception {
        file("f", "0123");
        expectPy(0, """
                fd = os.open('f', os.O_WRONLY | os.O_APPEND)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, b'ab')
                P(os.lseek(fd, 0, os.SEEK_CUR))
                os.pwrite(fd, b'cd', 1)
                """, "6");
        assertEquals("0123abcd", read("f"));
    }

    @Test
    void twoAppendersInterleaveWithoutOverwriting() throws Exception {
        touch("f");
        expectPy(0, """
                a = os.open('f', os.O_WRONLY | os.O_APPEND)
                b = os.open('f', os.O_WRONLY | os.O_APPEND)
                for i in range(50):
                    os.write(a, b'A' * 10)
                    os.write(b, b'B' * 10)
                P(os.stat('f').st_size)
                """, "1000");
        String s = read("f");
        assertEquals(500, s.chars().filter(c -> c == 'A').count());
        assertEquals(500, s.chars().filter(c -> c == 'B').count());
    }

    @Test
    void writePastEndLeavesZeroFilledGap() throws Exception {
        touch("f");
        expectPy(0, "fd = os.open('f', os.O_WRONLY); os.pwrite(fd, b'end', 100000); P(os.fstat(fd).st_size)", "100003");
        byte[] data = Files.readAllBytes(dir.resolve("f"));
        assertEquals(100003, data.length);
        for (int i = 0; i < 100000; i++) {
            if (data[i] != 0) {
                throw new AssertionError("byte " + i + " of the gap is " + data[i]);
            }
        }
        assertEquals("end", new String(data, 100000, 3));
    }

    @ParameterizedTest(name = "{0} bytes at offset {1}")
    @CsvSource({"1,0", "4096,0", "4097,4095", "65536,1", "131072,131071", "1048576,12345", "3000000,8191"})
    void dataRoundTrip(int length, int offset) throws Exception {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        touch("f");
        int fd = open("f", O_RDWR, 0);
        try {
            long n = P.pwrite(fd, data, (long) length, (long) offset);
            assertEquals(length, n, "pwrite returned");
        } finally {
            P.close(fd);
        }
        byte[] all = Files.readAllBytes(dir.resolve("f"));
        assertEquals(offset + length, all.length);
        assertArrayEquals(data, java.util.Arrays.copyOfRange(all, offset, offset + length));
    }

    @Test
    void overwriteInTheMiddleKeepsTheRest() throws Exception {
        file("f", "aaaaaaaaaa");
        expectPy(0, "fd = os.open('f', os.O_WRONLY); os.pwrite(fd, b'XY', 4)", new String[0]);
        assertEquals("aaaaXYaaaa", read("f"));
    }

    @Test
    void writeWhoseEndOverflowsIsEinval() throws Exception {
        touch("f");
        expectPy(0, "fd = os.open('f', os.O_WRONLY); P(E(os.pwrite, fd, b'xy', 2**63 - 1))", "EINVAL");
    }

    @Test
    void negativeOffsetIsEinval() throws Exception {
        touch("f");
        expectPy(0, "fd = os.open('f', os.O_RDWR); P(E(os.pwrite, fd, b'x', -1), E(os.pread, fd, 1, -1))", "EINVAL EINVAL");
    }

    @Test
    void writeBeyondFileSizeLimitIsEfbig() throws Exception {
        touch("f");
        expectPy(0, """
                import resource
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
                fd = os.open('f', os.O_WRONLY)
                P(os.write(fd, b'x' * 6000))
                P(E(os.write, fd, b'y'))
                """, "4096", "EFBIG");
        assertEquals(4096, lstat("f").st_size());
    }

    @Test
    void writeToDirectoryDescriptorIsEbadf() throws Exception {
        mkdir("d", 0755);
        expectPy(0, "fd = os.open('d', os.O_RDONLY); P(E(os.write, fd, b'x'), E(os.read, fd, 1))", "EBADF EISDIR");
    }

    @ParameterizedTest(name = "write by nobody to a 0{0} root file leaves 0{1}")
    @CsvSource({"4777,777", "2777,777", "6777,777", "2767,767", "6767,767", "1777,1777"})
    void writeByNonOwnerClearsSetIdBits(String before, String after) throws Exception {
        touch("f");
        chmod("f", Integer.parseInt(before, 8));
        expectPy(NOBODY, "fd = os.open('f', os.O_WRONLY); P(os.write(fd, b'x'))", "1");
        assertEquals(after, Integer.toOctalString(mode("f")));
    }

    @Test
    void writeByGroupMemberKeepsSetgidWithoutGroupExecute() throws Exception {
        // S_ISGID without group-execute survives a write by a member of the file's group
        touch("f");
        chown("f", 0, NOBODY);
        chmod("f", 02767);
        expectPy(NOBODY, "fd = os.open('f', os.O_WRONLY); P(os.write(fd, b'x'))", "1");
        assertEquals("2767", Integer.toOctalString(mode("f")));
    }

    @Test
    void writeByNonRootOwnerClearsSetuid() throws Exception {
        touch("f");
        chown("f", NOBODY, NOBODY);
        chmod("f", 04755);
        expectPy(NOBODY, "fd = os.open('f', os.O_WRONLY); os.write(fd, b'x'); os.close(fd); P(oct(os.stat('f').st_mode & 0o7777))",
                "0o755");
    }

    @Test
    void writeByRootKeepsSetIdBits() {
        touch("f");
        chown("f", NOBODY, NOBODY);
        chmod("f", 06755);
        int fd = open("f", O_WRONLY, 0);
        try {
            assertEquals(1, P.write(fd, new byte[] {'x'}, 1));
        } finally {
            P.close(fd);
        }
        assertEquals(06755, mode("f"));
    }

    @ParameterizedTest(name = "truncate by nobody of a 0{0} root file leaves 0{1}")
    @ValueSource(strings = {"4777", "6777"})
    void truncateByNonOwnerClearsSetIdBits(String before) throws Exception {
        file("f", "data");
        chmod("f", Integer.parseInt(before, 8));
        expectPy(NOBODY, "P(E(os.truncate, 'f', 1))", "OK");
        assertEquals("777", Integer.toOctalString(mode("f")));
    }

    @Test
    void sizeVisibleThroughOtherDescriptor() throws Exception {
        touch("f");
        expectPy(0, """
                a = os.open('f', os.O_WRONLY)
                b = os.open('f', os.O_RDONLY)
                os.write(a, b'hello')
                P(os.fstat(b).st_size, os.read(b, 10).decode())
                """, "5 hello");
    }

    @Test
    void zeroLengthWriteChangesNothing() throws Exception {
        file("f", "abc");
        expectPy(0, "fd = os.open('f', os.O_WRONLY); P(os.write(fd, b''), os.fstat(fd).st_size)", "0 3");
    }
}
