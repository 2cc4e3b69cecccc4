package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** copy_file_range(2). */
public abstract class CopyFileRangeChecks extends ConformanceBase {

    /** A 300000-byte source 's' with a position-dependent pattern, and an empty destination 'd'. */
    private static final String SETUP = """
            data = bytes((i * 7 + i // 251) & 0xff for i in range(300000))
            with open('s', 'wb') as f:
                f.write(data)
            src = os.open('s', os.O_RDONLY)
            dst = os.open('d', os.O_RDWR | os.O_CREAT, 0o644)
            def CFR(*a, **k):
                return V(os.copy_file_range, *a, **k)
            def copy_all(fi, fo, n, offset_src=None, offset_dst=None):
                total = 0
                while total < n:
                    if offset_src is None:
                        r = os.copy_file_range(fi, fo, n - total)
                    else:
                        r = os.copy_file_range(fi, fo, n - total, offset_src + total, offset_dst + total)
                    if r == 0:
                        break
                    total += r
                return total
            """;

    private void cfr(String code, String... expected) throws Exception {
        expectPy(0, SETUP + code, expected);
    }

    @Test
    void copiesWholeFile() throws Exception {
        cfr("P(copy_all(src, dst, len(data)), os.pread(dst, 400000, 0) == data, os.fstat(dst).st_size)", "300000 True 300000");
    }

    @ParameterizedTest(name = "{2} bytes from {0} to {1}")
    @CsvSource({"0,0,1", "1,0,4095", "4096,4096,4096", "100,200000,65536", "299999,0,1", "123,7,250000"})
    void copiesRangesWithExplicitOffsets(int srcOff, int dstOff, int length) throws Exception {
        cfr("n = copy_all(src, dst, " + length + ", offset_src=" + srcOff + ", offset_dst=" + dstOff + ")\n"
                + "P(n, os.pread(dst, n, " + dstOff + ") == data[" + srcOff + ":" + srcOff + " + n], os.fstat(dst).st_size,"
                + " os.pread(dst, " + dstOff + ", 0) == bytes(" + dstOff + "))\n"
                + "P(os.lseek(src, 0, os.SEEK_CUR), os.lseek(dst, 0, os.SEEK_CUR))",
                length + " True " + (dstOff + length) + " True", "0 0");
    }

    @Test
    void withoutOffsetsAdvancesDescriptors() throws Exception {
        cfr("""
                os.lseek(src, 10, os.SEEK_SET)
                n = os.copy_file_range(src, dst, 1000)
                P(n, os.lseek(src, 0, os.SEEK_CUR), os.lseek(dst, 0, os.SEEK_CUR), os.pread(dst, 1000, 0) == data[10:1010])
                """, "1000 1010 1000 True");
    }

    @Test
    void atEndOfSourceCopiesNothing() throws Exception {
        cfr("P(os.copy_file_range(src, dst, 100, 300000, 0), os.copy_file_range(src, dst, 100, 500000, 0), os.fstat(dst).st_size)",
                "0 0 0");
    }

    @Test
    void lengthPastEndCopiesTheRest() throws Exception {
        cfr("P(copy_all(src, dst, 100000, offset_src=250000, offset_dst=0), os.fstat(dst).st_size)", "50000 50000");
    }

    @Test
    void zeroLengthCopiesNothing() throws Exception {
        cfr("P(os.copy_file_range(src, dst, 0), os.fstat(dst).st_size)", "0 0");
    }

    @Test
    void overwritesInsideDestination() throws Exception {
        cfr("""
                os.pwrite(dst, b'#' * 100, 0)
                P(os.copy_file_range(src, dst, 10, 0, 45), os.pread(dst, 100, 0) == b'#' * 45 + data[:10] + b'#' * 45)
                """, "10 True");
    }

    @Test
    void overlappingRangeInSameFileIsEinval() throws Exception {
        cfr("""
                f = os.open('s', os.O_RDWR)
                P(CFR(f, f, 1000, 0, 500), CFR(f, f, 1000, 0, 1000), os.pread(f, 10, 1000) == data[:10])
                """, "EINVAL 1000 True");
    }

    @Test
    void sourceNotReadableIsEbadf() throws Exception {
        cfr("w = os.open('s', os.O_WRONLY); P(CFR(w, dst, 10))", "EBADF");
    }

    @Test
    void destinationNotWritableIsEbadf() throws Exception {
        cfr("r = os.open('d', os.O_RDONLY); P(CFR(src, r, 10))", "EBADF");
    }

    @Test
    void appendDestinationIsEbadf() throws Exception {
        cfr("a = os.open('d', os.O_WRONLY | os.O_APPEND); P(CFR(src, a, 10))", "EBADF");
    }

    @Test
    void directoryIsEisdir() throws Exception {
        mkdir("dir", 0755);
        cfr("dd = os.open('dir', os.O_RDONLY); P(CFR(dd, dst, 10))", "EISDIR");
    }

    @Test
    void nonZeroFlagsIsEinval() throws Exception {
        cfr("P(C('copy_file_range', src, None, dst, None, L(10), 1))", "EINVAL");
    }

    @Test
    void toOtherFilesystemIsExdev() throws Exception {
        Path outside = Files.createTempFile("pfuse-conf-cfr-", ".bin");
        try {
            cfr("o = os.open(" + q(outside.toString()) + ", os.O_WRONLY); P(CFR(src, o, 10))", "EXDEV");
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void sourceHoleCopiesAsZeros() throws Exception {
        cfr("""
                h = os.open('h', os.O_RDWR | os.O_CREAT, 0o644)
                os.pwrite(h, b'end', 2 * 1048576)
                P(copy_all(h, dst, 2 * 1048576 + 3, offset_src=0, offset_dst=0), os.pread(dst, 2 * 1048576, 0) == bytes(2 * 1048576), os.pread(dst, 3, 2 * 1048576))
                """, "2097155 True b'end'");
    }

    @Test
    void sourceUnchanged() throws Exception {
        cfr("copy_all(src, dst, len(data)); P(os.pread(src, 400000, 0) == data)", "True");
        assertEquals(300000, lstat("s").st_size());
    }
}
