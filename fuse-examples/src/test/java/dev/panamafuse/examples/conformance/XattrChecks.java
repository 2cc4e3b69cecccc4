package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** setxattr(2), getxattr(2), listxattr(2), removexattr(2) in the user, trusted and security namespaces. */
public abstract class XattrChecks extends ConformanceBase {

    @ParameterizedTest(name = "value {0}")
    @ValueSource(strings = {"b''", "b'x'", "b'with\\x00nul\\xff'", "bytes(range(256))", "b'v' * 4000", "b'w' * 65536"})
    void userValueRoundTrip(String value) throws Exception {
        touch("f");
        expectPy(0, "v = " + value + "\nos.setxattr('f', 'user.k', v); P(os.getxattr('f', 'user.k') == v, len(os.getxattr('f', 'user.k')) == len(v))",
                "True True");
    }

    @ParameterizedTest(name = "namespace {0}")
    @ValueSource(strings = {"user", "trusted", "security"})
    void namespacesAsRoot(String ns) throws Exception {
        touch("f");
        expectPy(0, "os.setxattr('f', '" + ns + ".k', b'val'); P(os.getxattr('f', '" + ns + ".k'), '" + ns
                + ".k' in os.listxattr('f'))", "b'val' True");
    }

    @Test
    void missingAttributeIsEnodata() throws Exception {
        touch("f");
        expectPy(0, "P(E(os.getxattr, 'f', 'user.none'), E(os.removexattr, 'f', 'user.none'))", "ENODATA ENODATA");
    }

    @Test
    void createFlagOnExistingIsEexist() throws Exception {
        touch("f");
        expectPy(0, """
                os.setxattr('f', 'user.k', b'1')
                P(E(os.setxattr, 'f', 'user.k', b'2', os.XATTR_CREATE), os.getxattr('f', 'user.k'))
                """, "EEXIST b'1'");
    }

    @Test
    void replaceFlagOnMissingIsEnodata() throws Exception {
        touch("f");
        expectPy(0, "P(E(os.setxattr, 'f', 'user.k', b'2', os.XATTR_REPLACE), E(os.getxattr, 'f', 'user.k'))", "ENODATA ENODATA");
    }

    @Test
    void createFlagOnMissingAndReplaceFlagOnExisting() throws Exception {
        touch("f");
        expectPy(0, """
                P(E(os.setxattr, 'f', 'user.k', b'1', os.XATTR_CREATE))
                P(E(os.setxattr, 'f', 'user.k', b'22', os.XATTR_REPLACE), os.getxattr('f', 'user.k'))
                """, "OK", "OK b'22'");
    }

    @Test
    void overwriteWithoutFlags() throws Exception {
        touch("f");
        expectPy(0, "os.setxattr('f', 'user.k', b'long value'); os.setxattr('f', 'user.k', b's'); P(os.getxattr('f', 'user.k'))",
                "b's'");
    }

    @Test
    void listShowsAllNames() throws Exception {
        touch("f");
        expectPy(0, """
                for n in ('user.a', 'user.bb', 'user.ccc', 'trusted.t'):
                    os.setxattr('f', n, b'1')
                P(sorted(os.listxattr('f')))
                """, "['trusted.t', 'user.a', 'user.bb', 'user.ccc']");
    }

    @Test
    void removeThenGetIsEnodata() throws Exception {
        touch("f");
        expectPy(0, """
                os.setxattr('f', 'user.a', b'1'); os.setxattr('f', 'user.b', b'2')
                os.removexattr('f', 'user.a')
                P(E(os.getxattr, 'f', 'user.a'), sorted(os.listxattr('f')))
                """, "ENODATA ['user.b']");
    }

    @Test
    void smallBufferIsErangeAndSizeZeroReportsSize() throws Exception {
        touch("f");
        expectPy(0, """
                import ctypes
                os.setxattr('f', 'user.k', b'0123456789')
                buf = ctypes.create_string_buffer(64)
                P(C('getxattr', b'f', b'user.k', None, 0), C('getxattr', b'f', b'user.k', buf, 5), C('getxattr', b'f', b'user.k', buf, 10))
                """, "10 ERANGE 10");
    }

    @Test
    void listWithSmallBufferIsErange() throws Exception {
        touch("f");
        expectPy(0, """
                import ctypes
                os.setxattr('f', 'user.abc', b'1')
                buf = ctypes.create_string_buffer(64)
                P(C('listxattr', b'f', None, 0), C('listxattr', b'f', buf, 3), C('listxattr', b'f', buf, 64), buf.raw[:9])
                """, "9 ERANGE 9 b'user.abc\\x00'");
    }

    @Test
    void userNamespaceOnSymlinkIsEperm() throws Exception {
        touch("f");
        ok(() -> P.symlink("f", at("l")));
        expectPy(0, "P(E(os.setxattr, 'l', 'user.k', b'1', follow_symlinks=False), E(os.getxattr, 'f', 'user.k'))", "EPERM ENODATA");
    }

    @Test
    void trustedNamespaceOnSymlinkWorks() throws Exception {
        touch("f");
        ok(() -> P.symlink("f", at("l")));
        expectPy(0, """
                os.setxattr('l', 'trusted.k', b'on link', follow_symlinks=False)
                P(os.getxattr('l', 'trusted.k', follow_symlinks=False), E(os.getxattr, 'f', 'trusted.k'))
                P(os.listxattr('l', follow_symlinks=False))
                """, "b'on link' ENODATA", "['trusted.k']");
    }

    @Test
    void followingSymlinkSetsOnTarget() throws Exception {
        touch("f");
        ok(() -> P.symlink("f", at("l")));
        expectPy(0, "os.setxattr('l', 'user.k', b'1'); P(os.getxattr('f', 'user.k'))", "b'1'");
    }

    @Test
    void userNamespaceOnFifoIsEperm() throws Exception {
        ok(() -> P.mkfifo(at("p"), 0666));
        expectPy(0, "P(E(os.setxattr, 'p', 'user.k', b'1'), E(os.setxattr, 'p', 'trusted.k', b'1'))", "EPERM OK");
    }

    @Test
    void directoriesCarryAttributes() throws Exception {
        mkdir("d", 0755);
        expectPy(0, "os.setxattr('d', 'user.k', b'dir'); P(os.getxattr('d', 'user.k'), os.listxattr('d'))", "b'dir' ['user.k']");
    }

    @Test
    void unknownNamespaceIsEopnotsupp() throws Exception {
        touch("f");
        expectPy(0, "P(E(os.setxattr, 'f', 'foo.bar', b'1'), E(os.getxattr, 'f', 'foo.bar'))", "EOPNOTSUPP EOPNOTSUPP");
    }

    @ParameterizedTest(name = "name of {0} bytes: {1}")
    @CsvSource({"6,OK", "255,OK", "256,ERANGE"})
    void nameLength(int length, String expected) throws Exception {
        touch("f");
        String n = "user." + "a".repeat(length - 5);
        expectPy(0, "P(E(os.setxattr, 'f', '" + n + "', b'1'))", expected);
    }

    @Test
    void emptyNameAfterPrefixIsEinval() throws Exception {
        touch("f");
        expectPy(0, "P(E(os.setxattr, 'f', 'user.', b'1'))", "EINVAL");
    }

    @Test
    void valueOver64KiBIsE2big() throws Exception {
        touch("f");
        expectPy(0, "P(E(os.setxattr, 'f', 'user.k', b'x' * 65537))", "E2BIG");
    }

    @Test
    void missingFileIsEnoent() throws Exception {
        expectPy(0, "P(E(os.getxattr, 'nofile', 'user.k'), E(os.setxattr, 'nofile', 'user.k', b''), E(os.listxattr, 'nofile'))",
                "ENOENT ENOENT ENOENT");
    }

    @Test
    void fileWithoutAttributesListsNothing() throws Exception {
        touch("f");
        expectPy(0, "P(os.listxattr('f'))", "[]");
    }

    @Test
    void nonOwnerWithoutWritePermissionIsEacces() throws Exception {
        touch("f");
        chmod("f", 0644);
        expectPy(0, "os.setxattr('f', 'user.k', b'1')", new String[0]);
        expectPy(NOBODY, "P(E(os.setxattr, 'f', 'user.k', b'2'), os.getxattr('f', 'user.k'), E(os.removexattr, 'f', 'user.k'))",
                "EACCES b'1' EACCES");
    }

    @Test
    void nonOwnerWithWritePermissionMaySet() throws Exception {
        touch("f");
        chmod("f", 0666);
        expectPy(NOBODY, "P(E(os.setxattr, 'f', 'user.k', b'2'), os.getxattr('f', 'user.k'))", "OK b'2'");
    }

    @Test
    void readingNeedsReadPermission() throws Exception {
        touch("f");
        expectPy(0, "os.setxattr('f', 'user.k', b'1'); os.chmod('f', 0o600)", new String[0]);
        expectPy(NOBODY, "P(E(os.getxattr, 'f', 'user.k'))", "EACCES");
    }

    @Test
    void trustedInvisibleToUnprivileged() throws Exception {
        touch("f");
        chmod("f", 0666);
        expectPy(0, "os.setxattr('f', 'trusted.t', b'1'); os.setxattr('f', 'user.u', b'2')", new String[0]);
        expectPy(NOBODY, "P(os.listxattr('f'), E(os.getxattr, 'f', 'trusted.t'), E(os.setxattr, 'f', 'trusted.x', b'1'))",
                "['user.u'] ENODATA EPERM");
    }

    @Test
    void setUpdatesCtimeOnly() throws Exception {
        touch("f");
        age("f");
        Times before = times("f");
        expectPy(0, "os.setxattr('f', 'user.k', b'1')", new String[0]);
        Times after = times("f");
        assertTrue(after.ctime() > before.ctime(), "ctime");
        assertTrue(after.mtime() == before.mtime(), "mtime");
    }

    @Test
    void survivesRenameAndSharedByHardLinks() throws Exception {
        touch("f");
        expectPy(0, """
                os.setxattr('f', 'user.k', b'kept')
                os.rename('f', 'g'); os.link('g', 'h')
                os.setxattr('h', 'user.h', b'via h')
                P(os.getxattr('g', 'user.k'), os.getxattr('g', 'user.h'))
                """, "b'kept' b'via h'");
    }

    @Test
    void descriptorCalls() throws Exception {
        touch("f");
        expectPy(0, """
                fd = os.open('f', os.O_RDONLY)
                os.setxattr(fd, 'user.fd', b'x')
                P(os.getxattr(fd, 'user.fd'), os.listxattr(fd))
                os.removexattr(fd, 'user.fd')
                P(os.listxattr(fd))
                """, "b'x' ['user.fd']", "[]");
    }
}
