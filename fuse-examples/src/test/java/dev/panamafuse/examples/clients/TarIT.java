package dev.panamafuse.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code tar}: a real tree ({@code /usr/include} and {@code /usr/share/perl}, copied to a tmpfs
 * and given what those lack: hard links across directories, relative, absolute and dangling
 * symbolic links, a symbolic link to a directory, an empty file and directory, a sparse file,
 * modes from 0400 to 4755, a read-only directory with files in it, other owners, a 255-byte name,
 * names with spaces and UTF-8) is archived in POSIX format (nanosecond times), extracted onto
 * that tmpfs as a reference and onto the directory under test. Then: {@code diff -r
 * --no-dereference} shows no difference; the listings of type, mode, owner, size, mtime (ns), link
 * target and link count agree; hard-linked names share an inode on both sides; and a second
 * archive made from the directory under test passes {@code tar --compare} against the reference.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TarIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static TestDir dir;
    /** Staging area and reference: a tmpfs, because the local disk here is slow. */
    private static TestDir scratch;
    private static Path local;

    @BeforeAll
    static void mount() throws Exception {
        Proc.require("tar", "tar");
        Proc.require("diff", "diffutils");
        Proc.require("find", "findutils");
        scratch = TestDir.tmpfs("tar-scratch");
        local = scratch.path();
        dir = TestDir.open("tar");
    }

    @AfterAll
    static void unmount() throws Exception {
        try {
            if (dir != null) {
                dir.close();
            }
        } finally {
            if (scratch != null) {
                scratch.close();
            }
        }
    }

    @Test
    void extractDiffAndRoundTrip() throws Exception {
        Path tree = Files.createDirectory(local.resolve("tree"));
        Proc.ok(WAIT, null, "cp", "-a", "/usr/include", "/usr/share/perl", tree.toString());
        String extras = """
                set -e
                mkdir -p extra/sub/deeper extra/empty-dir extra/read-only 'extra/with space' extra/ünïcødé
                printf 'hard\\n' > extra/sub/original
                ln extra/sub/original extra/hard-1
                ln extra/sub/original extra/sub/deeper/hard-2
                ln include/stdio.h extra/stdio-hard.h
                ln -s ../include/stdio.h extra/rel-link
                ln -s /usr/include/stdlib.h extra/abs-link
                ln -s does/not/exist extra/dangling
                ln -s sub/deeper extra/dir-link
                ln -s ../../hard-1 extra/sub/deeper/up-link
                : > extra/empty-file
                truncate -s 5M extra/sparse
                printf 'middle' | dd of=extra/sparse bs=1 seek=3000000 conv=notrunc status=none
                printf 'x' > extra/mode-0400 && chmod 0400 extra/mode-0400
                printf 'x' > extra/mode-0640 && chmod 0640 extra/mode-0640
                printf 'x' > extra/mode-4755 && chmod 4755 extra/mode-4755
                printf 'x' > extra/mode-2750 && chmod 2750 extra/mode-2750
                printf 'x' > 'extra/with space/a file' && printf 'y' > extra/ünïcødé/ﬁlé
                printf 'owned\\n' > extra/owned-1234 && chown 1234:5678 extra/owned-1234
                chown -h 4321:8765 extra/dangling
                chmod 1777 extra/sub
                printf 'ro\\n' > extra/read-only/inside && chmod 0555 extra/read-only
                chmod 0700 extra/empty-dir
                printf 'long\\n' > extra/$(printf 'n%.0s' $(seq 1 255))
                touch -h -d '2001-02-03 04:05:06.123456789' extra/abs-link extra/mode-0400
                touch -d '1999-12-31 23:59:59.5' extra/sub/deeper
                """;
        Proc.ok(WAIT, tree, "sh", "-c", extras);
        Path archive = local.resolve("tree.tar");
        Proc.ok(WAIT, tree, "tar", "--format=posix", "-cf", archive.toString(), ".");

        Path ref = Files.createDirectory(local.resolve("ref"));
        Path mnt = Files.createDirectory(dir.path().resolve("tree"));
        Proc.ok(WAIT, ref, "tar", "-xpf", archive.toString());
        Proc.Result extract = Proc.ok(WAIT, mnt, "tar", "-xpf", archive.toString());

        Proc.Result diff = Proc.run(WAIT, null, "diff", "-r", "--no-dereference", ref.toString(), mnt.toString());
        assertEquals(0, diff.exit(), "differences between the extraction on tmpfs and on " + dir + ": " + diff.describe());
        assertEquals("", diff.output(), diff.describe());

        assertEquals(listing(ref, "! -type d", "%y %m %U:%G %s %T@ %n %P -> %l\\n"),
                listing(mnt, "! -type d", "%y %m %U:%G %s %T@ %n %P -> %l\\n"), "files and links");
        // directories: their size and link count are the filesystem's own business
        assertEquals(listing(ref, "-type d", "%m %U:%G %T@ %P\\n"), listing(mnt, "-type d", "%m %U:%G %T@ %P\\n"),
                "directories");
        assertEquals(hardLinkGroups(ref), hardLinkGroups(mnt), "hard link groups");
        assertTrue(hardLinkGroups(mnt).size() >= 2, "the tree has hard links");

        Path back = local.resolve("back.tar");
        Proc.ok(WAIT, mnt, "tar", "--format=posix", "-cf", back.toString(), ".");
        Proc.Result compare = Proc.run(WAIT, ref, "tar", "--compare", "-f", back.toString());
        assertEquals(0, compare.exit(), "archive made from " + dir + " against the reference: " + compare.describe());
        System.out.printf("tar on %s: extract %d ms (%d entries)%n", dir, extract.took().toMillis(),
                listing(ref, "", "%P\\n").size());
    }

    private static List<String> listing(Path root, String predicate, String format) throws Exception {
        String cmd = "find . " + predicate + " -printf '" + format + "' | sort";
        Proc.Result r = Proc.ok(WAIT, root, "sh", "-c", cmd);
        return r.output().lines().toList();
    }

    /** The sets of names that share an inode (files with more than one link). */
    private static TreeSet<String> hardLinkGroups(Path root) throws Exception {
        Proc.Result r = Proc.ok(WAIT, root, "find", ".", "-type", "f", "-links", "+1", "-printf", "%i %P\\n");
        Map<String, TreeSet<String>> byInode = new TreeMap<>();
        for (String line : r.output().lines().toList()) {
            int sp = line.indexOf(' ');
            byInode.computeIfAbsent(line.substring(0, sp), k -> new TreeSet<>()).add(line.substring(sp + 1));
        }
        TreeSet<String> groups = new TreeSet<>();
        for (TreeSet<String> g : byInode.values()) {
            groups.add(String.join(" = ", new ArrayList<>(g)));
        }
        return groups;
    }
}
