package dev.panamafuse.ffm;

import dev.panamafuse.Attr;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountException;
import dev.panamafuse.mount.MountOptions;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The child of {@link UnprivilegedMountIT}, run as another user: {@code MOUNTPOINT OPTIONS}.
 * Mounts {@link Hello}, prints {@code MOUNTED} and serves until killed or unmounted; on a mount
 * failure prints {@code FAILED REASON MESSAGE} and exits 3.
 */
public final class UnprivilegedMountMain {
    private UnprivilegedMountMain() {
    }

    public static void main(String[] args) throws Exception {
        MountOptions options = MountOptions.builder().parse(args.length > 1 ? args[1] : "").build();
        FuseMount mount;
        try {
            mount = Fuse.mount(Path.of(args[0]), new Hello(), options);
        } catch (MountException e) {
            System.out.println("FAILED " + e.reason() + " " + e.getMessage());
            System.out.flush();
            System.exit(3);
            return;
        }
        System.out.println("MOUNTED");
        System.out.flush();
        mount.awaitUnmount();
        mount.close();
    }

    /** A read-only root with one file, {@code hello} ("hello from nobody\n"). */
    static final class Hello implements FileSystem {
        static final String NAME = "hello";
        static final byte[] TEXT = "hello from nobody\n".getBytes(StandardCharsets.US_ASCII);
        private static final Instant TIME = Instant.parse("2024-01-02T03:04:05Z");
        private final Attr root = Attr.of(ROOT, Mode.S_IFDIR | 0755, 2, 0, 0, 0, TIME);
        private final Attr file = Attr.of(2, Mode.S_IFREG | 0444, 1, 0, 0, TEXT.length, TIME);

        @Override
        public Entry lookup(Request req, long parent, String name) {
            if (parent == ROOT && NAME.equals(name)) {
                return Entry.of(file);
            }
            throw new FuseException(Errno.ENOENT);
        }

        @Override
        public Attr getattr(Request req, long nodeid, long fh) {
            if (nodeid == ROOT) {
                return root;
            }
            if (nodeid == 2) {
                return file;
            }
            throw new FuseException(Errno.ENOENT);
        }

        @Override
        public OpenFile opendir(Request req, long nodeid, int flags) {
            return OpenFile.of(0);
        }

        @Override
        public void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
            String[] names = {".", "..", NAME};
            long[] inos = {ROOT, ROOT, 2};
            int[] modes = {root.mode(), root.mode(), file.mode()};
            for (int i = (int) offset; i < names.length; i++) {
                if (!filler.add(names[i], inos[i], modes[i], i + 1)) {
                    return;
                }
            }
        }

        @Override
        public OpenFile open(Request req, long nodeid, int flags) {
            if (nodeid != 2) {
                throw new FuseException(Errno.EISDIR);
            }
            return OpenFile.of(0);
        }

        @Override
        public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
            if (offset >= TEXT.length) {
                return 0;
            }
            int n = (int) Math.min(dest.byteSize(), TEXT.length - offset);
            MemorySegment.copy(MemorySegment.ofArray(TEXT), offset, dest, 0, n);
            return n;
        }
    }
}
