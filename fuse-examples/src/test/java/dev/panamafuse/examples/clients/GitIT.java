package dev.panamafuse.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * {@code git}: a repository made on local disk (about 400 files in nested directories, an
 * executable, a symbolic link, a 2 MiB file, six commits that add, change, rename and delete files)
 * is cloned onto the directory under test over {@code file://} (pack-objects piped into
 * index-pack, which writes and mmaps the pack there); then {@code git fsck --full --strict},
 * a clean {@code git status}, the same HEAD and index entries as the source; then a commit, a
 * {@code git repack -a -d} and {@code git gc} on the clone (temporary files, renames, deletes) and
 * another {@code fsck}; finally a checkout of the first commit and back.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GitIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TestDir dir;
    private static Path local;
    private static Map<String, String> env;

    @BeforeAll
    static void mount(TestInfo info) throws Exception {
        Proc.require("git", "git");
        local = Files.createTempDirectory("pfuse-git-src-");
        env = Map.of("HOME", local.toString(), "GIT_CONFIG_NOSYSTEM", "1",
                "GIT_AUTHOR_NAME", "Client Test", "GIT_AUTHOR_EMAIL", "clients@panamafuse.dev",
                "GIT_COMMITTER_NAME", "Client Test", "GIT_COMMITTER_EMAIL", "clients@panamafuse.dev");
        dir = TestDir.open("git", info);
    }

    @AfterAll
    static void unmount() throws Exception {
        try {
            if (dir != null) {
                dir.close();
            }
        } finally {
            TestDir.deleteTree(local);
        }
    }

    private static Proc.Result git(Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        return Proc.ok(WAIT, cwd, env, cmd);
    }

    @Test
    void cloneFsckStatusRepackGc() throws Exception {
        Path src = Files.createDirectory(local.resolve("src"));
        git(src, "init", "-q", "-b", "main");
        Random rnd = new Random(42);
        List<Path> files = new ArrayList<>();
        for (int commit = 0; commit < 6; commit++) {
            if (commit > 0) {
                for (int k = 0; k < 15; k++) { // change some
                    Path f = files.get(rnd.nextInt(files.size()));
                    if (Files.exists(f)) {
                        Files.writeString(f, "changed in commit " + commit + "\n", java.nio.file.StandardOpenOption.APPEND);
                    }
                }
                for (int k = 0; k < 5; k++) { // rename some
                    Path f = files.get(rnd.nextInt(files.size()));
                    if (Files.exists(f)) {
                        Path to = f.resolveSibling("renamed-" + commit + "-" + k + "-" + f.getFileName());
                        git(src, "mv", src.relativize(f).toString(), src.relativize(to).toString());
                        files.add(to);
                    }
                }
                for (int k = 0; k < 5; k++) { // delete some
                    Path f = files.get(rnd.nextInt(files.size()));
                    if (Files.exists(f)) {
                        git(src, "rm", "-q", "-f", src.relativize(f).toString());
                    }
                }
            } else {
                Path tool = src.resolve("bin/tool.sh");
                Files.createDirectories(tool.getParent());
                Files.writeString(tool, "#!/bin/sh\necho tool\n");
                Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.createSymbolicLink(src.resolve("bin/link-to-tool"), Path.of("tool.sh"));
                byte[] big = new byte[2 << 20];
                rnd.nextBytes(big);
                Files.write(src.resolve("big.bin"), big);
            }
            for (int i = 0; i < 70; i++) {
                Path f = src.resolve("d" + rnd.nextInt(8)).resolve("e" + rnd.nextInt(5)).resolve("f" + commit + "-" + i + ".txt");
                Files.createDirectories(f.getParent());
                StringBuilder sb = new StringBuilder();
                for (int line = 0, n = rnd.nextInt(200); line < n; line++) {
                    sb.append("commit ").append(commit).append(" file ").append(i).append(" line ").append(line)
                            .append(' ').append(Long.toHexString(rnd.nextLong())).append('\n');
                }
                Files.writeString(f, sb);
                files.add(f);
            }
            git(src, "add", "-A");
            git(src, "commit", "-q", "-m", "commit " + commit);
        }
        String head = git(src, "rev-parse", "HEAD").output();
        String first = git(src, "rev-list", "--max-parents=0", "HEAD").output().strip();
        String lsFiles = git(src, "ls-files", "-s").output();

        Path clone = dir.path().resolve("clone");
        Proc.Result cloned = git(dir.path(), "clone", "-q", "--no-hardlinks", "file://" + src, clone.toString());
        git(clone, "fsck", "--full", "--strict", "--no-progress");
        assertEquals("", git(clone, "status", "--porcelain", "--untracked-files=all").output(), "status of the clone");
        assertEquals(head, git(clone, "rev-parse", "HEAD").output());
        assertEquals(lsFiles, git(clone, "ls-files", "-s").output());
        assertEquals("tool.sh", Files.readSymbolicLink(clone.resolve("bin/link-to-tool")).toString());
        assertEquals("tool\n", Proc.ok(WAIT, clone, clone.resolve("bin/link-to-tool").toString()).output());

        // write on the clone: a commit, then repack and gc (temp files, renames, unlinks of loose objects)
        Files.writeString(clone.resolve("d0/new-on-clone.txt"), "made on the mount\n");
        Files.writeString(clone.resolve("big.bin"), "now small\n");
        git(clone, "add", "-A");
        git(clone, "commit", "-q", "-m", "on the clone");
        git(clone, "repack", "-q", "-a", "-d");
        git(clone, "gc", "-q", "--prune=now");
        git(clone, "fsck", "--full", "--strict", "--no-progress");
        assertEquals("", git(clone, "status", "--porcelain", "--untracked-files=all").output(), "status after gc");
        git(clone, "checkout", "-q", first);
        assertEquals("", git(clone, "status", "--porcelain", "--untracked-files=all").output(), "status at " + first);
        git(clone, "checkout", "-q", "main");
        assertEquals("", git(clone, "status", "--porcelain", "--untracked-files=all").output(), "status back on main");
        assertEquals("made on the mount\n", Files.readString(clone.resolve("d0/new-on-clone.txt")));
        System.out.printf("git clone on %s: %d ms; files in HEAD: %d%n", dir, cloned.took().toMillis(),
                lsFiles.lines().count());
    }
}
