package dev.panamafuse.examples.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.EntryCalls;
import dev.panamafuse.ffm.posix.LibcCall;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;
import dev.panamafuse.ffm.posix.StatxResult;
import dev.panamafuse.testing.TestRequest;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A directory or file moved out of the source on the host side ({@code mv source/d outside/})
 * while a client holds it — an open directory descriptor, its working directory, a cached
 * dentry — is no longer served: nothing is created, listed or read outside the source through
 * it. An open regular file keeps working, as any open file does. Entries moved within the
 * source, a moved source directory, and a hard link whose first name was removed stay served.
 * The mounts keep the kernel's entries and attributes for 60 s, so that the kernel goes on
 * using the node it knows and the daemon's check is what stops it. Needs root (mount(2)).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PassthroughMoveOutIT {
    private static final String CACHED = ",entry_timeout=60,attr_timeout=60";
    private static final Set<Integer> GONE = Set.of(Errno.ESTALE.code(), Errno.ENOENT.code());
    private Sandbox box;
    private Path d;

    @BeforeEach
    void setUp() throws Exception {
        box = new Sandbox();
        d = Files.createDirectory(box.source.resolve("d"));
        Files.writeString(d.resolve("f"), "INSIDE");
        Files.createDirectory(d.resolve("sub"));
    }

    @AfterEach
    void tearDown() throws Exception {
        box.close();
    }

    @Test
    void aHeldDirectoryDescriptorMovedOutReachesNothingOutside() throws Exception {
        box.mount(CACHED);
        int dir = AtCalls.openat(AtCalls.AT_FDCWD, box.mnt.resolve("d").toString(), OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY, 0);
        try {
            assertEquals("INSIDE", Files.readString(box.mnt.resolve("d/f")));
            Path out = moveOut(d);
            assertFails(() -> AtCalls.openat(dir, "g", OpenFlags.O_RDONLY, 0), "open of a new file outside");
            assertFails(() -> AtCalls.openat(dir, "f", OpenFlags.O_RDONLY, 0), "open of a known file now outside");
            assertFails(() -> AtCalls.openat(dir, "new", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644), "create");
            assertFails(() -> EntryCalls.mkdirat(dir, "newdir", 0755), "mkdir");
            assertFails(() -> EntryCalls.symlinkat("x", dir, "newlink"), "symlink");
            assertFails(() -> EntryCalls.unlinkat(dir, "f", 0), "unlink");
            assertFails(() -> AtCalls.openat(dir, "sub/x", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644), "create in a subdirectory");
            assertFails(() -> AtCalls.openat(dir, ".", OpenFlags.O_TMPFILE | OpenFlags.O_WRONLY, 0644), "O_TMPFILE");
            assertFails(() -> stat(dir, "g"), "stat of a new file outside");
            assertFails(() -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment buf = arena.allocate(8192);
                    DescriptorCalls.getdents64(dir, buf);
                }
            }, "readdir");
            assertFails(() -> AtCalls.openat(AtCalls.AT_FDCWD, "/proc/self/fd/" + dir, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY, 0),
                    "opendir again");
            assertOutsideUntouched(out);
            try (var listing = Files.list(box.mnt)) {
                assertFalse(listing.anyMatch(p -> p.getFileName().toString().equals("d")), "the name is gone from the mount");
            }
        } finally {
            DescriptorCalls.close(dir);
        }
    }

    @Test
    void aWorkingDirectoryMovedOutReachesNothingOutside() throws Exception {
        box.mount(CACHED);
        Path go = box.base.resolve("go");
        String script = "cd \"$1\" || exit 9; ls >/dev/null; echo ready; i=0;"
                + " while [ ! -e \"$2\" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done;"
                + " touch x; mkdir y; echo hi > z; ln -s f w; ls -a; cat g; cat f; cat sub/../f; echo end";
        Process p = new ProcessBuilder("sh", "-c", script, "sh", box.mnt.resolve("d").toString(), go.toString())
                .redirectErrorStream(true).start();
        String output;
        try {
            assertEquals("ready", Sandbox.firstLine(p, 20));
            Path out = moveOut(d);
            Files.createFile(go);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the shell did not finish");
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertOutsideUntouched(out);
        } finally {
            p.destroyForcibly();
        }
        assertFalse(output.contains("SECRET"), output);
        assertFalse(output.lines().anyMatch(l -> l.equals("g") || l.equals("f")), "listed outside: " + output);
        assertTrue(output.contains("end"), output);
    }

    @Test
    void aFileMovedOutCannotBeOpenedOrChangedAnewButItsOpenFileKeepsWorking() throws Exception {
        Path h = Files.writeString(box.source.resolve("h"), "INSIDE");
        box.mount(",entry_timeout=60,attr_timeout=0"); // the dentry is kept, every stat asks the daemon
        Path mh = box.mnt.resolve("h");
        assertEquals("INSIDE", Files.readString(mh));
        int held = AtCalls.openat(AtCalls.AT_FDCWD, mh.toString(), OpenFlags.O_RDWR, 0);
        try {
            Path out = box.outside.resolve("h");
            assertTrue(Sandbox.run(List.of("mv", h.toString(), out.toString())).startsWith("0 "));
            Files.writeString(out, "SECRET");
            assertThrows(IOException.class, () -> Files.readString(mh), "a new open of the moved file");
            assertThrows(IOException.class, () -> Files.setPosixFilePermissions(mh, PosixFilePermissions.fromString("rwxrwxrwx")));
            String xattr = Sandbox.run(List.of("setfattr", "-n", "user.x", "-v", "1", mh.toString()));
            assertFalse(xattr.startsWith("0 "), xattr);
            assertThrows(IOException.class, () -> Files.createLink(box.mnt.resolve("hl"), mh), "link");
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
            assertFalse(Files.exists(box.source.resolve("hl")));
            // the open file is the file wherever it went, as with any open file
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(16);
                assertEquals(6, DescriptorCalls.pread(held, buf, 0));
            }
            stat(held, "");
        } finally {
            DescriptorCalls.close(held);
        }
    }

    @Test
    void aDirectoryMovedOutIsRefusedByTheFilesystemWithEstale() throws Exception {
        PassthroughFs fs = new PassthroughFs(box.source);
        try {
            Entry e = fs.lookup(TestRequest.ROOT, FileSystem.ROOT, "d");
            Entry f = fs.lookup(TestRequest.ROOT, e.nodeid(), "f");
            moveOut(d);
            for (FsCall call : List.<FsCall>of(
                    () -> fs.lookup(TestRequest.ROOT, e.nodeid(), "g"),
                    () -> fs.mkdir(TestRequest.ROOT, e.nodeid(), "n", 0755, 0),
                    () -> fs.create(TestRequest.ROOT, e.nodeid(), "n", 0644, 0, OpenFlags.O_WRONLY),
                    () -> fs.opendir(TestRequest.ROOT, e.nodeid(), 0),
                    () -> fs.getattr(TestRequest.ROOT, e.nodeid(), 0),
                    () -> fs.open(TestRequest.ROOT, f.nodeid(), OpenFlags.O_RDONLY),
                    () -> fs.getattr(TestRequest.ROOT, f.nodeid(), 0))) {
                assertEquals(Errno.ESTALE, assertThrows(FuseException.class, call::run).errno());
            }
            assertOutsideUntouched(box.outside.resolve("d"));
        } finally {
            fs.destroy();
        }
    }

    @Test
    void directoriesDeeperThanTheClimbAreCheckedByPath() throws Exception {
        Path deep = d;
        for (int i = 0; i < Containment.CLIMB + 3; i++) {
            deep = Files.createDirectory(deep.resolve("l" + i));
        }
        PassthroughFs fs = new PassthroughFs(box.source);
        try {
            long node = fs.lookup(TestRequest.ROOT, FileSystem.ROOT, "d").nodeid();
            for (int i = 0; i < Containment.CLIMB + 3; i++) {
                node = fs.lookup(TestRequest.ROOT, node, "l" + i).nodeid();
            }
            long bottom = node;
            fs.mkdir(TestRequest.ROOT, bottom, "in", 0755, 0);
            assertTrue(Files.isDirectory(deep.resolve("in")), "made inside, found by path");
            Path out = moveOut(d);
            FuseException e = assertThrows(FuseException.class, () -> fs.mkdir(TestRequest.ROOT, bottom, "out", 0755, 0));
            assertEquals(Errno.ESTALE, e.errno());
            assertFalse(Files.exists(out.resolve(d.relativize(deep)).resolve("out")));
        } finally {
            fs.destroy();
        }
    }

    @Test
    void entriesMovedWithinTheSourceAndAMovedSourceStayServed() throws Exception {
        Path e = Files.createDirectory(box.source.resolve("e"));
        box.mount(CACHED);
        int dir = AtCalls.openat(AtCalls.AT_FDCWD, box.mnt.resolve("d").toString(), OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY, 0);
        try {
            assertTrue(Sandbox.run(List.of("mv", d.toString(), e.resolve("d").toString())).startsWith("0 "));
            DescriptorCalls.close(AtCalls.openat(dir, "x", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644));
            assertTrue(Files.exists(e.resolve("d/x")), "created in the moved directory, inside the source");
            Path moved = box.base.resolve("source-moved");
            assertTrue(Sandbox.run(List.of("mv", box.source.toString(), moved.toString())).startsWith("0 "));
            DescriptorCalls.close(AtCalls.openat(dir, "y", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644));
            assertTrue(Files.exists(moved.resolve("e/d/y")), "created under the moved source");
            assertEquals("INSIDE", Files.readString(box.mnt.resolve("e/d/f")));
            stat(dir, "f");
        } finally {
            DescriptorCalls.close(dir);
        }
    }

    @Test
    void aHardLinkWhoseFirstNameWasRemovedStaysServed() throws Exception {
        Path a = Files.writeString(box.source.resolve("a"), "LINKED");
        box.mount(",attr_timeout=0");
        assertEquals("LINKED", Files.readString(box.mnt.resolve("a")));
        Files.createLink(box.mnt.resolve("b"), box.mnt.resolve("a"));
        int held = AtCalls.openat(AtCalls.AT_FDCWD, box.mnt.resolve("b").toString(), OpenFlags.O_RDONLY, 0);
        try {
            Files.delete(box.mnt.resolve("a"));
            assertFalse(Files.exists(a));
            assertEquals("LINKED", Files.readString(box.mnt.resolve("b")));
            Files.setPosixFilePermissions(box.mnt.resolve("b"), PosixFilePermissions.fromString("rw-------"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(box.source.resolve("b"))));
            stat(held, "");
        } finally {
            DescriptorCalls.close(held);
        }
    }

    /** Moves a directory of the source to the outside with {@code mv}, then plants a secret in it and overwrites f. */
    private Path moveOut(Path dir) throws Exception {
        Path out = box.outside.resolve(dir.getFileName());
        String r = Sandbox.run(List.of("mv", dir.toString(), out.toString()));
        assertTrue(r.startsWith("0 "), r);
        Files.writeString(out.resolve("g"), "SECRET");
        Files.writeString(out.resolve("f"), "SECRET");
        return out;
    }

    /** Only what the test put there: f, g and sub (empty). */
    private static void assertOutsideUntouched(Path out) throws IOException {
        try (var s = Files.list(out)) {
            assertEquals(Set.of("f", "g", "sub"), Set.copyOf(s.map(p -> p.getFileName().toString()).toList()));
        }
        try (var s = Files.list(out.resolve("sub"))) {
            assertEquals(0, s.count());
        }
        assertEquals("SECRET", Files.readString(out.resolve("f")), "f unchanged (not truncated, not removed)");
    }

    private static void stat(int dir, String name) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(dev.panamafuse.ffm.posix.StatxResult.LAYOUT);
            AtCalls.statx(dir, name, name.isEmpty() ? AtCalls.AT_EMPTY_PATH : 0, StatxResult.STATX_BASIC_STATS, buf);
        }
    }

    private static void assertFails(LibcCall call, String what) {
        LibcException e = assertThrows(LibcException.class, call::run, what + " went through");
        assertTrue(GONE.contains(e.errno()), what + ": " + e.getMessage());
    }


    /** A call through the mount that must fail. */
    @FunctionalInterface
    private interface LibcCall {
        void run() throws Exception;
    }

    /** A call of the filesystem that must fail. */
    @FunctionalInterface
    private interface FsCall {
        void run();
    }
}
