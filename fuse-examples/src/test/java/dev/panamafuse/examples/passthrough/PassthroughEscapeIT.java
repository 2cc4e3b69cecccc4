package dev.panamafuse.examples.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.EntryCalls;
import dev.panamafuse.testing.TestRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing outside the source is reachable through a {@link PassthroughFs} mount: not through
 * symbolic links that point out (the daemon never follows them, and operations on a link node act
 * on the link), not through ".." or names with '/', and not while the source is changed behind
 * the mount's back by a thread that keeps swapping a directory with a link out. Each test fails
 * if its protection breaks. Needs root (mount(2), chown, trusted.* attributes).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PassthroughEscapeIT {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private Sandbox box;

    @BeforeEach
    void setUp() throws IOException {
        box = new Sandbox();
        Files.createSymbolicLink(box.source.resolve("esc"), Path.of("../outside"));
        Files.createSymbolicLink(box.source.resolve("sec"), Path.of("../outside/secret"));
        Files.createDirectory(box.source.resolve("a"));
    }

    @AfterEach
    void tearDown() throws Exception {
        box.close();
    }

    // ---------------------------------------------------------------- (a) links pointing out

    @Test
    void readingThroughLinksOutNeverGivesTheSecret() throws Exception {
        box.mount("");
        assertThrows(IOException.class, () -> Files.readString(box.mnt.resolve("esc/secret")));
        assertThrows(IOException.class, () -> Files.readString(box.mnt.resolve("sec")));
        assertFalse(Sandbox.run(List.of("cat", box.mnt.resolve("esc/secret").toString())).contains("SECRET"));
        assertFalse(Sandbox.run(List.of("cat", box.mnt.resolve("sec").toString())).contains("SECRET"));
        // the link nodes are links, with the targets stored in the source
        assertTrue(Files.isSymbolicLink(box.mnt.resolve("esc")));
        assertEquals(Path.of("../outside"), Files.readSymbolicLink(box.mnt.resolve("esc")));
    }

    @Test
    void chownOfALinkNodeChangesTheLinkNotItsTarget() throws Exception {
        box.mount("");
        String r = Sandbox.run(List.of("chown", "-h", "1234:1234", box.mnt.resolve("sec").toString()));
        assertTrue(r.startsWith("0 "), r);
        assertEquals(1234, Files.getAttribute(box.source.resolve("sec"), "unix:uid", NOFOLLOW));
        assertEquals(0, Files.getAttribute(box.outside.resolve("secret"), "unix:uid", NOFOLLOW));
        assertEquals(0, Files.getAttribute(box.outside.resolve("secret"), "unix:gid", NOFOLLOW));
    }

    @Test
    void touchOfALinkNodeChangesTheLinkNotItsTarget() throws Exception {
        box.mount("");
        FileTime before = Files.getLastModifiedTime(box.outside.resolve("secret"));
        String r = Sandbox.run(List.of("touch", "-h", "-d", "@1000000", box.mnt.resolve("sec").toString()));
        assertTrue(r.startsWith("0 "), r);
        assertEquals(FileTime.fromMillis(1_000_000_000L), Files.getLastModifiedTime(box.source.resolve("sec"), NOFOLLOW));
        assertEquals(before, Files.getLastModifiedTime(box.outside.resolve("secret")));
    }

    @Test
    void xattrOfALinkNodeGoesToTheLinkNotItsTarget() throws Exception {
        box.mount("");
        String r = Sandbox.run(List.of("setfattr", "-h", "-n", "trusted.pt", "-v", "link",
                box.mnt.resolve("sec").toString()));
        assertTrue(r.startsWith("0 "), r);
        String onLink = Sandbox.run(List.of("getfattr", "--absolute-names", "-h", "--only-values", "-n", "trusted.pt",
                box.source.resolve("sec").toString()));
        assertEquals("0 link", onLink);
        String onTarget = Sandbox.run(List.of("getfattr", "--absolute-names", "-n", "trusted.pt", box.outside.resolve("secret").toString()));
        assertFalse(onTarget.startsWith("0 "), onTarget);
        String read = Sandbox.run(List.of("getfattr", "--absolute-names", "-h", "--only-values", "-n", "trusted.pt",
                box.mnt.resolve("sec").toString()));
        assertEquals("0 link", read);
    }

    // ---------------------------------------------------------------- (b) ".." and '/'

    @Test
    void lookupOfDotDotAndOfPathsFailsWithoutAnEntry() throws Exception {
        PassthroughFs fs = new PassthroughFs(box.source);
        try {
            for (String name : List.of("..", ".", "../outside", "a/../../outside", "esc/secret", "/etc", "", "a/")) {
                FuseException e = assertThrows(FuseException.class,
                        () -> fs.lookup(TestRequest.ROOT, FileSystem.ROOT, name), name);
                assertEquals(Errno.EINVAL, e.errno(), name);
            }
            long a = fs.lookup(TestRequest.ROOT, FileSystem.ROOT, "a").nodeid();
            assertThrows(FuseException.class, () -> fs.lookup(TestRequest.ROOT, a, ".."));
            Entry esc = fs.lookup(TestRequest.ROOT, FileSystem.ROOT, "esc");
            assertEquals(Mode.S_IFLNK, Mode.type(esc.attr().mode()), "a link is looked up as itself");
            FuseException notDir = assertThrows(FuseException.class,
                    () -> fs.lookup(TestRequest.ROOT, esc.nodeid(), "secret"));
            assertEquals(Errno.ENOTDIR, notDir.errno());
            assertThrows(FuseException.class, () -> fs.mkdir(TestRequest.ROOT, FileSystem.ROOT, "../evil", 0755, 0));
            assertThrows(FuseException.class, () -> fs.rename(TestRequest.ROOT, FileSystem.ROOT, "a",
                    FileSystem.ROOT, "../a", 0));
            assertFalse(Files.exists(box.base.resolve("evil")));
            assertTrue(Files.isDirectory(box.source.resolve("a")));
        } finally {
            fs.destroy();
        }
    }

    @Test
    void dotDotOfTheMountIsTheMountsParent() throws Exception {
        box.mount("");
        Path parent = box.mnt.resolve("..");
        assertEquals(Files.getAttribute(box.base.resolve("x/y"), "unix:ino"), Files.getAttribute(parent, "unix:ino"));
        assertNotEquals(Files.getAttribute(box.base, "unix:ino"), Files.getAttribute(parent, "unix:ino"));
        assertFalse(Files.exists(box.mnt.resolve("../outside/secret")));
    }

    // ---------------------------------------------------------------- (c) races with renames behind the mount

    @Test
    void swappingADirectoryWithALinkOutNeverLeaksTheSecret() throws Exception {
        Path d = Files.createDirectory(box.source.resolve("d"));
        Files.writeString(d.resolve("f"), "INSIDE");
        Path swap = box.source.resolve("swap");
        Files.createSymbolicLink(swap, Path.of("../outside"));
        box.mount(",entry_timeout=0,attr_timeout=0,negative_timeout=0");
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread swapper = Thread.ofPlatform().name("swapper").start(() -> {
            while (!done.get() && swaps.get() < 10_000_000) {
                try {
                    EntryCalls.renameat2(AtCalls.AT_FDCWD, d.toString(), AtCalls.AT_FDCWD, swap.toString(),
                            EntryCalls.RENAME_EXCHANGE);
                    swaps.incrementAndGet();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger inside = new AtomicInteger();
        Path target = box.mnt.resolve("d/f");
        Runnable reader = () -> {
            for (int i = 0; i < 2500; i++) {
                try {
                    String s = Files.readString(target);
                    seen.add(s);
                    if (s.equals("INSIDE")) {
                        inside.incrementAndGet();
                    }
                } catch (IOException e) {
                    seen.add(e.getClass().getSimpleName());
                }
            }
        };
        Thread r1 = Thread.ofPlatform().start(reader);
        Thread r2 = Thread.ofPlatform().start(reader);
        try {
            r1.join(TimeUnit.SECONDS.toMillis(90));
            r2.join(TimeUnit.SECONDS.toMillis(10));
        } finally {
            done.set(true);
            swapper.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertFalse(r1.isAlive() || r2.isAlive(), "readers did not finish");
        assertFalse(seen.contains("SECRET"), "read the secret outside the source: " + seen);
        assertTrue(swaps.get() > 100, "the swapper hardly ran: " + swaps.get());
        assertTrue(inside.get() > 0, "never read the inside file: " + seen);
        System.out.printf("swap race: %d swaps, %d inside reads, outcomes %s%n", swaps.get(), inside.get(), seen);
    }
}
