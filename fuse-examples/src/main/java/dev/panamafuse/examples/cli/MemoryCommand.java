package dev.panamafuse.examples.cli;

import dev.panamafuse.examples.MemoryFs;
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
        description = "Mount an empty read-write filesystem held in memory (like tmpfs). Its contents are lost "
                + "at unmount. For other users to use it, add -o allow_other,default_permissions.")
final class MemoryCommand implements Callable<Integer> {
    @Mixin
    MountArguments mount;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1G",
            description = "Most bytes of file data, with an optional K, M, G or T suffix (default: ${DEFAULT-VALUE}).")
    String size;

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
            bytes = Sizes.parse("--size", size);
            if (zeroFile != null) {
                zeroBytes = Sizes.parse("--zero-file", zeroFile);
            }
            rootMode = Sizes.octalMode("--mode", mode);
            if (uid != null && uid < 0 || gid != null && gid < 0) {
                throw new IllegalArgumentException("--uid and --gid must not be negative");
            }
        } catch (IllegalArgumentException e) {
            mount.spec.commandLine().getErr().println("panamafuse: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        int rootUid = uid != null ? uid : self("unix:uid");
        int rootGid = gid != null ? gid : self("unix:gid");
        MemoryFs fs = new MemoryFs(bytes, rootUid, rootGid, rootMode);
        if (zeroBytes >= 0) {
            fs.addZeroFile("zero", zeroBytes);
        }
        return mount.serve("memory", fs);
    }
}
