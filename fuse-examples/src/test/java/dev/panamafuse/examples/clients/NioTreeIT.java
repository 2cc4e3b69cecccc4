package dev.panamafuse.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.ffm.Fuse;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.nio.NioFileSystem;
import dev.panamafuse.path.PathFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A directory of the default filesystem mounted read-write through the path API
 * ({@code PathFileSystem.toFileSystem(NioFileSystem.of(tree))}) and changed by real programs
 * ({@code mkdir}, {@code echo >>}, {@code cp}, {@code mv}, {@code truncate}, {@code ln}, {@code rm},
 * {@code chmod}); each change is checked on the mount and in the tree beneath; {@code mv} onto a
 * tmpfs mounted inside the tree gets {@code EXDEV} from the bridge and copies. Renames of
 * directories with known children, replacing renames, an open file that is unlinked, and the
 * kernel forgetting every node ({@code drop_caches}) exercise the inode table. The mount is
 * closed in {@code finally}; a leftover is detached and fails the test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NioTreeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path base;
    private Path tree;
    private Path mnt;
    private FuseMount mount;

    @BeforeEach
    void createDirs() throws IOException {
        base = Files.createTempDirectory("pfuse-niotree-");
        tree = Files.createDirectory(base.resolve("tree"));
        mnt = Files.createDirectory(base.resolve("mnt"));
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            if (mount != null) {
                mount.close();
            }
        } finally {
            boolean leftover = false;
            for (int i = 0; i < 3 && TestDir.isMounted(mnt); i++) {
                leftover = true;
                Proc.run(WAIT, null, "umount", "-l", mnt.toString());
            }
            TestDir.deleteTree(base);
            assertFalse(leftover, "close() left " + mnt + " mounted (removed with umount -l)");
        }
    }

    private void mount(PathFileSystem fs) throws IOException {
        mount = Fuse.mount(mnt, PathFileSystem.toFileSystem(fs), MountOptions.defaults());
    }

    private String sh(String script) throws Exception {
        return Proc.ok(WAIT, mnt, "sh", "-ec", script).output();
    }

    private void dropCaches() throws Exception {
        Proc.ok(WAIT, null, "sh", "-c", "sync; echo 3 > /proc/sys/vm/drop_caches");
    }

    @Test
    void programsChangeTheTree() throws Exception {
        mount(NioFileSystem.of(tree));
        sh("mkdir -p d1/d2 && echo hello > d1/d2/f && echo more >> d1/d2/f");
        assertEquals("hello\nmore\n", sh("cat d1/d2/f"));
        assertEquals("hello\nmore\n", Files.readString(tree.resolve("d1/d2/f")));

        Files.write(tree.resolve("src.bin"), ZipMountIT.pseudoText(1 << 20, 3));
        sh("cp src.bin copy.bin && cmp src.bin copy.bin");
        assertEquals(1 << 20, Files.size(tree.resolve("copy.bin")));

        sh("cd d1/d2 && test -f f"); // the kernel knows d1, d2 and f now
        sh("mv d1 moved");
        assertEquals("hello\nmore\n", sh("cat moved/d2/f"), "the subtree moved with its directory");
        assertTrue(Files.exists(tree.resolve("moved/d2/f")) && Files.notExists(tree.resolve("d1")));

        sh("echo A > a && echo B > b && mv a b");
        assertEquals("A\n", sh("cat b"));
        assertEquals("A\n", Files.readString(tree.resolve("b")));
        assertNotEquals(0, Proc.run(WAIT, mnt, "cat", "a").exit());

        sh("truncate -s 10 b");
        assertEquals("10\n", sh("stat -c %s b"));
        sh("truncate -s 1 b && : > copy.bin");
        assertEquals("A", Files.readString(tree.resolve("b")));
        assertEquals(0, Files.size(tree.resolve("copy.bin")));

        sh("chmod 600 b && ln -s b soft && ln b hard");
        assertEquals("600\n", sh("stat -c %a b"));
        assertEquals("b\n", sh("readlink soft"));
        assertEquals("A", sh("cat hard"));
        assertEquals(2, (int) Files.getAttribute(tree.resolve("b"), "unix:nlink"));

        dropCaches(); // FORGET of every node the kernel dropped; paths are found again by lookup
        assertEquals("hello\nmore\n", sh("cat moved/d2/f"));

        assertEquals("kept\n", sh("echo kept > open && exec 3< open && rm open && cat <&3"),
                "an unlinked open file stays readable");
        sh("rm -r moved b hard soft src.bin copy.bin");
        assertEquals("", sh("ls -A"));
        try (var s = Files.list(tree)) {
            assertEquals(0, s.count());
        }
        Proc.Result rmdir = Proc.run(WAIT, mnt, "rmdir", "nothing");
        assertTrue(rmdir.output().contains("No such file or directory"), rmdir.describe());
    }

    @Test
    void mvAcrossAFileSystemInsideTheTreeCopies() throws Exception {
        Path other = Files.createDirectory(tree.resolve("other"));
        Proc.ok(WAIT, null, "mount", "-t", "tmpfs", "-o", "size=4m", "pfuse-niotree", other.toString());
        try {
            mount(NioFileSystem.of(tree));
            sh("echo data > f && mkdir -p d/e && echo x > d/e/g");
            sh("mv f other/f && mv d other/d"); // EXDEV from the bridge: mv copies and removes
            assertEquals("data\n", Files.readString(other.resolve("f")));
            assertEquals("x\n", Files.readString(other.resolve("d/e/g")));
            assertTrue(Files.notExists(tree.resolve("f")) && Files.notExists(tree.resolve("d")));
            assertEquals("x\n", sh("cat other/d/e/g"));
        } finally {
            try {
                if (mount != null) {
                    mount.close();
                    mount = null;
                }
            } finally {
                Proc.ok(WAIT, null, "umount", other.toString());
            }
        }
    }

    @Test
    void newEntriesBelongToTheirCreator() throws Exception {
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path shared = Files.createDirectory(tree.resolve("shared"));
        Files.setAttribute(shared, "unix:gid", 1234);
        Files.setAttribute(shared, "unix:mode", 02777);
        mount = Fuse.mount(mnt, PathFileSystem.toFileSystem(NioFileSystem.of(tree)),
                MountOptions.builder().parse("allow_other,default_permissions").build());
        Proc.ok(WAIT, mnt, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-ec",
                "umask 022; echo x > f; mkdir d; ln -s f l; echo y > shared/g; mkdir shared/e");
        assertEquals(List.of(65534, 65534, 0100644), owner(tree.resolve("f")));
        assertEquals(List.of(65534, 65534, 040755), owner(tree.resolve("d")));
        assertEquals(65534, Files.getAttribute(tree.resolve("l"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of(65534, 1234, 0100644), owner(tree.resolve("shared/g")), "the set-group-id parent's group");
        assertEquals(List.of(65534, 1234, 042755), owner(tree.resolve("shared/e")), "keeps set-group-id");
    }

    private static List<Integer> owner(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        return List.of((Integer) a.get("uid"), (Integer) a.get("gid"), (Integer) a.get("mode"));
    }

    @Test
    void readOnlyTreeRefusesChanges() throws Exception {
        Files.writeString(tree.resolve("f"), "data\n");
        mount(NioFileSystem.builder(tree).readOnly(true).build());
        assertEquals("data\n", sh("cat f"));
        for (String change : new String[] {"touch g", "echo x >> f", "mkdir d", "rm f", "mv f g"}) {
            Proc.Result r = Proc.run(WAIT, mnt, "sh", "-c", change);
            assertNotEquals(0, r.exit(), change);
            assertTrue(r.output().contains("Read-only file system"), r.describe());
        }
        assertEquals("data\n", Files.readString(tree.resolve("f")));
    }
}
