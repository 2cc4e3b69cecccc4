package dev.panamafuse.examples.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure rules of the passthrough: which names pass, who owns new entries, which bits they get. */
class PassthroughRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "../x", "/", "a/", "/etc", "a\0b"})
    void namesThatAreNotOneComponentAreRefused(String name) {
        FuseException e = assertThrows(FuseException.class, () -> NameCheck.check(name));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "...", ".hidden", "a..b", "sp ace", "\uDCFF-not-utf8", "é"})
    void singleComponentsPass(String name) {
        assertEquals(name, NameCheck.check(name));
    }

    @Test
    void namesLongerThanNameMaxAreTooLong() {
        assertEquals("x".repeat(255), NameCheck.check("x".repeat(255)));
        assertEquals(Errno.ENAMETOOLONG, assertThrows(FuseException.class, () -> NameCheck.check("x".repeat(256))).errno());
        // 128 two-byte characters are 256 bytes
        assertThrows(FuseException.class, () -> NameCheck.check("é".repeat(128)));
    }

    @Test
    void groupComesFromAnSgidParentElseFromTheRequest() {
        assertEquals(50, Ownership.group(Mode.S_IFDIR | 02775, 50, 1000));
        assertEquals(1000, Ownership.group(Mode.S_IFDIR | 0775, 50, 1000));
    }

    @Test
    void permissionsApplyTheUmask() {
        assertEquals(0644, Ownership.permissions(Mode.S_IFREG, Mode.S_IFREG | 0666, 022, Mode.S_IFDIR | 0755));
        assertEquals(0777, Ownership.permissions(Mode.S_IFREG, 0777, 0, Mode.S_IFDIR | 0755));
        assertEquals(04755, Ownership.permissions(Mode.S_IFREG, 04755, 022, Mode.S_IFDIR | 0755));
    }

    @Test
    void directoriesInAnSgidParentKeepSgidAndOthersGetNoSetIdBits() {
        assertEquals(02755, Ownership.permissions(Mode.S_IFDIR, 0777, 022, Mode.S_IFDIR | 02775));
        assertEquals(0755, Ownership.permissions(Mode.S_IFDIR, 06777, 022, Mode.S_IFDIR | 0775));
        assertEquals(01777, Ownership.permissions(Mode.S_IFDIR, 01777, 0, Mode.S_IFDIR | 0755));
        // a file in an SGID directory gets no S_ISGID it did not ask for
        assertEquals(0644, Ownership.permissions(Mode.S_IFREG, 0644, 0, Mode.S_IFDIR | 02775));
    }

    @Test
    void unprivilegedWritesClearSetIdBitsAsLinuxDoes() {
        assertEquals(0755, Ownership.afterUnprivilegedWrite(04755, 50, 50));
        assertEquals(0755, Ownership.afterUnprivilegedWrite(06755, 50, 50), "group-executable: S_ISGID goes");
        assertEquals(02745, Ownership.afterUnprivilegedWrite(06745, 50, 50), "not group-executable, in the group");
        assertEquals(0745, Ownership.afterUnprivilegedWrite(06745, 50, 60), "not in the group");
    }

    @Test
    void onlyAnEntryTheDaemonJustMadeIsGivenAway() {
        assertTrue(Ownership.isFresh(attr(Mode.S_IFREG | 0644, 1, 0), Mode.S_IFREG, 0));
        assertTrue(Ownership.isFresh(attr(Mode.S_IFDIR | 0755, 2, 0), Mode.S_IFDIR, 0));
        assertFalse(Ownership.isFresh(attr(Mode.S_IFREG | 0644, 2, 0), Mode.S_IFREG, 0), "a hard link swapped in");
        assertFalse(Ownership.isFresh(attr(Mode.S_IFREG | 0644, 1, 1000), Mode.S_IFREG, 0), "someone else's file");
        assertFalse(Ownership.isFresh(attr(Mode.S_IFLNK | 0777, 1, 0), Mode.S_IFDIR, 0), "another type");
    }

    @Test
    void accessFromModeBits() {
        Attr a = new Attr(1, Mode.S_IFREG | 0640, 1, 1000, 50, 0, 0, 0, 0, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, 0);
        assertTrue(Ownership.permits(a, 1000, 1000, 6));
        assertFalse(Ownership.permits(a, 1000, 1000, 1));
        assertTrue(Ownership.permits(a, 2000, 50, 4));
        assertFalse(Ownership.permits(a, 2000, 50, 2));
        assertFalse(Ownership.permits(a, 2000, 60, 4));
        assertTrue(Ownership.permits(a, 0, 0, 6));
        assertFalse(Ownership.permits(a, 0, 0, 1), "root executes only what someone may");
        assertTrue(Ownership.permits(a, 2000, 60, 0), "F_OK");
    }

    @Test
    void aNodesPathIsBelowTheSourceOnlyByWholeComponents() {
        assertEquals("d/f", Containment.below("/srv/src", "/srv/src/d/f"));
        assertEquals("d", Containment.below("/", "/d"));
        assertEquals("a\nb/c", Containment.below("/srv/src", "/srv/src/a\nb/c"), "newlines are bytes like others");
        assertEquals(null, Containment.below("/srv/src", "/srv/src2/d"), "a sibling with a longer name");
        assertEquals(null, Containment.below("/srv/src", "/srv/src"), "the source itself is no node below it");
        assertEquals(null, Containment.below("/srv/src", "/srv/src (deleted)"));
        assertEquals(null, Containment.below("/srv/src", "/elsewhere/d"));
        assertEquals(null, Containment.below(null, "/srv/src/d"));
    }

    @Test
    void deviceNumbersUseTheKernelsEncoding() {
        assertEquals(0x0103, SourceAttributes.encodeDev(1, 3));
        assertEquals((0x45 & 0xff) | (259 << 8) | ((0x12345 & ~0xff) << 12), SourceAttributes.encodeDev(259, 0x12345));
    }

    private static Attr attr(int mode, int nlink, int uid) {
        return new Attr(1, mode, nlink, uid, 0, 0, 0, 0, 0, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, 0);
    }
}
