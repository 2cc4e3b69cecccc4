package dev.panamafuse.examples.cli;

import dev.panamafuse.examples.memory.MemoryFs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code panamafuse mount memory DIR}: a read-write filesystem in memory that behaves like tmpfs. */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Mount an empty read-write filesystem held in memory (like tmpfs). Its contents are lost "
                + "at unmount. For other users to use it, add -o allow_other.",
            "default_permissions is on unless --no-default-permissions: the kernel checks each caller's rights "
                + "from the mode bits, since the filesystem itself checks none.",
            "Everything stored (file data, names, extended attributes, symlink targets, inodes) counts against "
                + "--size, and lives on the Java heap, which must hold it: a --size the heap cannot hold is "
                + "refused; give the JVM a bigger heap through the environment variable PANAMAFUSE_JAVA_OPTS, "
                + "e.g. PANAMAFUSE_JAVA_OPTS=-Xmx4g."})
final class MemoryCommand implements Callable<Integer> {
    @Mixin
    MountArguments mount;

    /** The size limit when --size is not given, unless the heap holds less. */
    private static final String DEFAULT_SIZE = "1G";

    @Option(names = "--size", paramLabel = "SIZE",
            description = "Most bytes stored, with an optional K, M, G or T suffix (default: " + DEFAULT_SIZE
                    + ", or as much as the Java heap holds if that is less).")
    String size;

    @Option(names = "--no-default-permissions",
            description = "Do not add default_permissions: the kernel then checks no permissions, and neither does "
                    + "this filesystem, so with allow_other every user may read, change and delete everything.")
    boolean noDefaultPermissions;

    @Option(names = "--uid", paramLabel = "UID", description = "Owner of the root directory (default: yours).")
    Integer uid;

    @Option(names = "--gid", paramLabel = "GID", description = "Group of the root directory (default: yours).")
    Integer gid;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "0755",
            description = "Permissions of the root directory, in octal (default: ${DEFAULT-VALUE}).")
    String mode;

    private static int self(String attribute) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), attribute);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Option(names = "--zero-file", paramLabel = "SIZE",
            description = "Add a read-only file /zero of SIZE bytes (K, M, G, T) whose reads return zeros and which "
                    + "stores nothing: for benchmarks of the binding itself.")
    String zeroFile;

    @Override
    public Integer call() {
        long bytes;
        int rootMode;
        long zeroBytes = -1;
        try {
            bytes = OptionValues.byteSize("--size", size != null ? size : DEFAULT_SIZE);
            if (zeroFile != null) {
                zeroBytes = OptionValues.byteSize("--zero-file", zeroFile);
            }
            rootMode = OptionValues.octalMode("--mode", mode);
            if (uid != null && uid < 0 || gid != null && gid < 0) {
                throw new IllegalArgumentException("--uid and --gid must not be negative");
            }
        } catch (IllegalArgumentException e) {
            mount.spec.commandLine().getErr().println("panamafuse: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (MemoryFs.heapNeeded(bytes) > heap) {
            if (size != null || MemoryFs.largestSizeLimit(heap) == 0) {
                return mount.fail(ExitCodes.USAGE, heapTooSmall(bytes, heap));
            }
            bytes = MemoryFs.largestSizeLimit(heap);
        }
        int rootUid = uid != null ? uid : self("unix:uid");
        int rootGid = gid != null ? gid : self("unix:gid");
        MemoryFs fs = new MemoryFs(bytes, rootUid, rootGid, rootMode);
        if (zeroBytes >= 0) {
            fs.addZeroFile("zero", zeroBytes);
        }
        if (!noDefaultPermissions) {
            mount.options.add(0, "default_permissions");
        }
        return mount.serve("memory", fs);
    }

    /** The one-line refusal of a size limit the heap cannot hold, saying how to fix it. */
    private String heapTooSmall(long bytes, long heap) {
        long largest = MemoryFs.largestSizeLimit(heap);
        long needed = MemoryFs.heapNeeded(bytes);
        return "--size " + (size != null ? size : DEFAULT_SIZE + " (the default)") + " needs a Java heap of "
                + mebibytes(needed)
                + ", but this JVM's heap is " + mebibytes(heap)
                + (largest > 0 ? " (enough for --size " + mebibytes(largest) + " at most)" : " (too small for any --size)")
                + ": give a smaller --size, or a bigger heap through the environment, e.g. PANAMAFUSE_JAVA_OPTS=-Xmx"
                + ((needed + (1 << 20) - 1) >> 20) + "m";
    }

    private static String mebibytes(long bytes) {
        return (bytes >> 20) + "M";
    }
}
