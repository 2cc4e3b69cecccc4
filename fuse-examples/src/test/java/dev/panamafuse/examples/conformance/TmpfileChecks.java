package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** open(2) with O_TMPFILE, and linkat(2) through /proc/self/fd to give it a name. */
public abstract class TmpfileChecks extends ConformanceBase {

    private static final String TMP = """
            T = os.O_TMPFILE
            def link_fd(fd, name):
                # linkat(AT_FDCWD, "/proc/self/fd/N", AT_FDCWD, name, AT_SYMLINK_FOLLOW); python's os.link
                # calls plain link(2) when follow_symlinks=True, which would link the magic link itself
                r = C('linkat', -100, ('/proc/self/fd/%d' % fd).encode(), -100, name.encode(), 0x400)
                if r != 'OK':
                    raise OSError(int(r[2:]), 'linkat')
            """;

    private void tmp(int uid, String code, String... expected) throws Exception {
        expectPy(uid, TMP + code, expected);
    }

    @Test
    void unnamedFileIsInvisible() throws Exception {
        tmp(0, """
                fd = os.open('.', T | os.O_RDWR, 0o600)
                st = os.fstat(fd)
                P(stat.S_ISREG(st.st_mode), oct(st.st_mode & 0o7777), st.st_nlink, st.st_size, os.listdir('.'))
                """, "True 0o600 0 0 []");
    }

    @Test
    void readWriteThroughDescriptor() throws Exception {
        tmp(0, """
                fd = os.open('.', T | os.O_RDWR, 0o600)
                os.write(fd, b'temporary data')
                P(os.pread(fd, 100, 0), os.fstat(fd).st_size)
                """, "b'temporary data' 14");
    }

    @Test
    void linkatGivesItAName() throws Exception {
        tmp(0, """
                fd = os.open('.', T | os.O_RDWR, 0o640)
                os.write(fd, b'now visible')
                link_fd(fd, 'named')
                P(os.listdir('.'), os.fstat(fd).st_nlink, open('named').read(), oct(os.stat('named').st_mode))
                """, "['named'] 1 now visible 0o100640");
        assertEquals("now visible", read("named"));
    }

    @Test
    void exclusiveTmpfileCannotBeLinked() throws Exception {
        tmp(0, "fd = os.open('.', T | os.O_EXCL | os.O_RDWR, 0o600); P(E(link_fd, fd, 'x'), os.listdir('.'))", "ENOENT []");
    }

    @Test
    void linkOntoExistingNameIsEexist() throws Exception {
        touch("taken");
        tmp(0, "fd = os.open('.', T | os.O_RDWR, 0o600); P(E(link_fd, fd, 'taken'))", "EEXIST");
    }

    @Test
    void readOnlyAccessIsEinval() throws Exception {
        tmp(0, "P(E(os.open, '.', T | os.O_RDONLY, 0o600))", "EINVAL");
    }

    @Test
    void onRegularFileIsEnotdir() throws Exception {
        touch("f");
        tmp(0, "P(E(os.open, 'f', T | os.O_RDWR, 0o600))", "ENOTDIR");
    }

    @Test
    void inMissingDirectoryIsEnoent() throws Exception {
        tmp(0, "P(E(os.open, 'missing', T | os.O_RDWR, 0o600))", "ENOENT");
    }

    @Test
    void umaskApplies() throws Exception {
        tmp(0, "os.umask(0o027); fd = os.open('.', T | os.O_WRONLY, 0o777); P(oct(os.fstat(fd).st_mode & 0o777))", "0o750");
    }

    @Test
    void ownedByCreator() throws Exception {
        tmp(USER, "fd = os.open('.', T | os.O_RDWR, 0o600); s = os.fstat(fd); P(s.st_uid, s.st_gid)", "1000 1000");
    }

    @Test
    void setgidDirectoryGivesItsGroup() throws Exception {
        mkdir("sg", 02777);
        chown("sg", 0, USER);
        tmp(NOBODY, "fd = os.open('sg', T | os.O_RDWR, 0o600); s = os.fstat(fd); P(s.st_uid, s.st_gid)", "65534 1000");
    }

    @Test
    void withoutWritePermissionIsEacces() throws Exception {
        mkdir("ro", 0755);
        tmp(NOBODY, "P(E(os.open, 'ro', T | os.O_RDWR, 0o600))", "EACCES");
    }

    @Test
    void closingWithoutLinkLeavesNothing() throws Exception {
        tmp(0, "fd = os.open('.', T | os.O_RDWR, 0o600); os.write(fd, b'x' * 100000); os.close(fd); P(os.listdir('.'))", "[]");
        try (Stream<java.nio.file.Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void linkedFileHasFreshTimes() throws Exception {
        tmp(0, "fd = os.open('.', T | os.O_RDWR, 0o600); link_fd(fd, 'n'); P('linked')", "linked");
        assertRecent(times("n").mtime(), "mtime");
        assertRecent(times("n").ctime(), "ctime");
    }
}
