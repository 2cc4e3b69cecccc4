package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** getdents64(2) through readdir(3), os.scandir, ls and DirectoryStream. */
public abstract class ReaddirChecks extends ConformanceBase {

    private Set<String> list(String name) throws Exception {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve(name))) {
            for (Path p : s) {
                assertTrue(names.add(p.getFileName().toString()), "duplicate " + p);
            }
        }
        return names;
    }

    @ParameterizedTest(name = "{0} entries")
    @ValueSource(ints = {0, 1, 2, 17, 150, 1000})
    void listsExactlyTheEntries(int count) throws Exception {
        mkdir("d", 0755);
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            String n = "entry-" + i;
            touch("d/" + n);
            expected.add(n);
        }
        assertEquals(expected, list("d"));
    }

    @Test
    void emptyDirectoryHasDotAndDotDot() throws Exception {
        mkdir("d", 0755);
        Result r = run("ls", "-a", "-1", "d");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(".", ".."), r.lines());
    }

    @Test
    void dotEntriesHaveTheRightInodes() throws Exception {
        mkdir("d", 0755);
        expectPy(0, """
                import ctypes, ctypes.util
                ino = {}
                for line in os.popen('ls -a -i -1 d').read().split('\\n'):
                    if line.strip():
                        i, n = line.split()
                        ino[n] = int(i)
                P(ino['.'] == os.stat('d').st_ino, ino['..'] == os.stat('.').st_ino)
                """, "True True");
    }

    @ParameterizedTest(name = "name {0}")
    @ValueSource(strings = {"with space", "new\nline", "tab\there", "ünïcödé-名前", "-leading-dash", "back\\slash", ".hidden",
        "..dots", "a'quote\"", "*?[glob]", "\u0001ctrl"})
    void specialNames(String name) throws Exception {
        touch(name);
        assertEquals(Set.of(name), list("."));
        assertTrue(exists(name));
    }

    @Test
    void longestName() throws Exception {
        touch(name(255));
        touch("x".repeat(254));
        assertEquals(Set.of(name(255), "x".repeat(254)), list("."));
    }

    @Test
    void entryTypesAndInodes() throws Exception {
        expectPy(0, """
                os.mkdir('d'); open('f', 'w').close(); os.symlink('f', 'l'); os.mkfifo('p')
                os.mknod('s', stat.S_IFSOCK | 0o600); os.mknod('c', stat.S_IFCHR | 0o600, os.makedev(1, 3))
                for e in sorted(os.scandir('.'), key=lambda e: e.name):
                    st = os.lstat(e.name)
                    P(e.name, e.is_dir(follow_symlinks=False), e.is_file(follow_symlinks=False), e.is_symlink(),
                      e.inode() == st.st_ino)
                """,
                "c False False False True", "d True False False True", "f False True False True",
                "l False False True True", "p False False False True", "s False False False True");
    }

    @Test
    void direntTypesMatchLstat() throws Exception {
        // d_type from getdents64 itself, through ctypes readdir(3)
        expectPy(0, """
                import ctypes
                os.mkdir('d'); open('f', 'w').close(); os.symlink('f', 'l'); os.mkfifo('p')
                class Dirent(ctypes.Structure):
                    _fields_ = [('ino', ctypes.c_uint64), ('off', ctypes.c_int64), ('reclen', ctypes.c_ushort),
                                ('type', ctypes.c_ubyte), ('name', ctypes.c_char * 256)]
                libc = ctypes.CDLL(None, use_errno=True)
                libc.opendir.restype = ctypes.c_void_p
                libc.readdir.restype = ctypes.POINTER(Dirent)
                libc.readdir.argtypes = [ctypes.c_void_p]
                libc.closedir.argtypes = [ctypes.c_void_p]
                d = libc.opendir(b'.')
                seen = {}
                while True:
                    e = libc.readdir(d)
                    if not e:
                        break
                    seen[e.contents.name.decode()] = (e.contents.type, e.contents.ino)
                libc.closedir(d)
                types = {'d': 4, 'f': 8, 'l': 10, 'p': 1, '.': 4, '..': 4}
                P(sorted(seen), all(seen[n][0] == t for n, t in types.items()),
                  all(seen[n][1] == os.lstat(n).st_ino for n in ('d', 'f', 'l', 'p', '.')))
                """, "['.', '..', 'd', 'f', 'l', 'p'] True True");
    }

    @Test
    void deletingEachEntryWhileReadingSeesEveryEntryOnce() throws Exception {
        // long names: the listing needs many getdents64 calls, so deletions happen between them
        mkdir("d", 0755);
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            String n = String.format("%04d-", i) + "p".repeat(180);
            touch("d/" + n);
            all.add(n);
        }
        List<String> seen = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("d"))) {
            for (Path p : s) {
                seen.add(p.getFileName().toString());
                Files.delete(p);
            }
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no entry seen twice");
        assertEquals(all, new HashSet<>(seen), "every entry seen");
        assertEquals(Set.of(), list("d"));
    }

    @Test
    void deletingOtherEntriesWhileReadingSkipsNoSurvivor() throws Exception {
        mkdir("d", 0755);
        expectPy(0, """
                names = ['%04d-%s' % (i, 'q' * 180) for i in range(400)]
                for n in names:
                    open('d/' + n, 'w').close()
                seen, seen_set, removed = [], set(), set()
                for e in os.scandir('d'):
                    seen.append(e.name); seen_set.add(e.name)
                    # remove one entry not yet seen, from a pseudo-random place
                    for n in names[(len(seen) * 7919) % len(names):] + names:
                        if n not in removed and n not in seen_set:
                            os.unlink('d/' + n); removed.add(n)
                            break
                survivors = [n for n in names if n not in removed]
                P(len(seen) == len(seen_set), all(n in seen_set for n in survivors), len(survivors) > 0,
                  sorted(os.listdir('d')) == survivors)
                """, "True True True True");
    }

    @Test
    void addingEntriesWhileReadingDuplicatesNothing() throws Exception {
        mkdir("d", 0755);
        expectPy(0, """
                for i in range(300):
                    open('d/%04d-%s' % (i, 'r' * 180), 'w').close()
                seen = []
                k = 0
                for e in os.scandir('d'):
                    seen.append(e.name)
                    # whether the new entries show up is unspecified: add a bounded number of them
                    if k < 300:
                        open('d/new-%d-%s' % (k, 's' * 150), 'w').close(); k += 1
                old = [n for n in seen if not n.startswith('new-')]
                P(len(seen) == len(set(seen)), len(old), len(os.listdir('d')) == 300 + k)
                """, "True 300 True");
    }

    @Test
    void renamedEntryShowsNewName() throws Exception {
        touch("old");
        ok(() -> P.rename(at("old"), at("new")));
        assertEquals(Set.of("new"), list("."));
    }

    @Test
    void fileIsEnotdir() throws Exception {
        touch("f");
        expectPy(0, "P(E(os.listdir, 'f'), E(os.scandir, 'f'))", "ENOTDIR ENOTDIR");
    }

    @Test
    void missingIsEnoent() throws Exception {
        expectPy(0, "P(E(os.listdir, 'missing'))", "ENOENT");
    }

    @Test
    void withoutReadPermissionIsEacces() throws Exception {
        mkdir("d", 0711);
        touch("d/known");
        chmod("d/known", 0644);
        expectPy(NOBODY, "P(E(os.listdir, 'd'), os.path.exists('d/known'), open('d/known').read() == '')", "EACCES True True");
    }

    @Test
    void readWithoutSearchListsNames() throws Exception {
        mkdir("d", 0744);
        touch("d/a");
        touch("d/b");
        expectPy(NOBODY, "P(sorted(os.listdir('d')), E(os.stat, 'd/a'))", "['a', 'b'] EACCES");
    }

    @Test
    void lsAgreesWithDirectoryStream() throws Exception {
        for (int i = 0; i < 40; i++) {
            touch("f" + i);
        }
        mkdir("sub", 0755);
        Result r = run("ls", "-1", "-f", "-A");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(list("."), new TreeSet<>(r.lines()));
    }

    @Test
    void seekBackToStartListsAgain() throws Exception {
        for (int i = 0; i < 30; i++) {
            touch("f" + i);
        }
        expectPy(0, """
                import ctypes
                libc = ctypes.CDLL(None, use_errno=True)
                libc.opendir.restype = ctypes.c_void_p
                libc.readdir.restype = ctypes.c_void_p
                libc.readdir.argtypes = [ctypes.c_void_p]
                libc.rewinddir.argtypes = [ctypes.c_void_p]
                libc.closedir.argtypes = [ctypes.c_void_p]
                d = libc.opendir(b'.')
                def count():
                    n = 0
                    while libc.readdir(d):
                        n += 1
                    return n
                a = count()
                open('late', 'w').close()
                libc.rewinddir(d)
                b = count()
                libc.closedir(d)
                P(a, b)
                """, "32 33");
    }

    @Test
    void subdirectoryLinkCountsMatchListing() throws Exception {
        mkdir("d", 0755);
        for (int i = 0; i < 7; i++) {
            mkdir("d/s" + i, 0755);
        }
        touch("d/file");
        assertEquals(2 + 7, nlink("d"));
        assertEquals(8, list("d").size());
    }
}
