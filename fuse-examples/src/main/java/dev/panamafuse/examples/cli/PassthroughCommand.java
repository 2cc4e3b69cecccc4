package dev.panamafuse.examples.cli;

import dev.panamafuse.examples.passthrough.PassthroughFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code panamafuse mount passthrough SOURCE DIR}: mirrors a directory of this machine on DIR. */
@Command(name = "passthrough", mixinStandardHelpOptions = true,
        description = {"Mount SOURCE, a directory of this machine, on DIR: reads and changes go to the files of "
                + "SOURCE, and nothing outside SOURCE is reachable (symbolic links are never followed by the "
                + "daemon). default_permissions is always on: the kernel checks each caller's rights, since the "
                + "daemon acts with its own. Files created through DIR belong to their creator when the daemon "
                + "runs as root. For other users to use it, add -o allow_other.",
            "As root, regular files are opened with kernel passthrough: the kernel reads and writes the source "
                + "files itself, at the speed of the source."},
        exitCodeListHeading = ExitCodes.MORE_CODES_HEADING,
        exitCodeList = {"15:the source does not exist or cannot be opened", "16:the source is not a directory"})
final class PassthroughCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The directory to mirror (must exist).")
    Path source;

    @Mixin
    MountArguments mount;

    @Option(names = "--no-kernel-passthrough",
            description = "Serve every read and write through this process, even where the kernel could send them "
                    + "straight to the source files (kernel passthrough: root, Linux 6.9 or later; used by default).")
    boolean noKernelPassthrough;

    @Override
    public Integer call() {
        if (!Files.exists(source)) {
            return mount.fail(ExitCodes.SOURCE_UNREADABLE, "source " + source + " does not exist");
        }
        if (!Files.isDirectory(source)) {
            return mount.fail(ExitCodes.WRONG_SOURCE, "source " + source + " is not a directory");
        }
        String problem = problem(source, mount.mountpoint);
        if (problem != null) {
            return mount.fail(ExitCodes.USAGE, problem);
        }
        PassthroughFs fs;
        try {
            fs = new PassthroughFs(source.toRealPath(), !noKernelPassthrough);
        } catch (IOException e) {
            return mount.fail(ExitCodes.SOURCE_UNREADABLE, "cannot open source " + source + ": " + e.getMessage());
        }
        mount.options.add(0, "default_permissions");
        return mount.serve("passthrough", fs);
    }

    /**
     * What is wrong with mirroring the existing directory {@code source} on {@code dir}, or null:
     * neither may contain the other (the daemon would serve its own mount).
     */
    static String problem(Path source, Path dir) {
        Path s;
        Path d;
        try {
            s = source.toRealPath();
            d = Files.exists(dir) ? dir.toRealPath() : dir.toAbsolutePath().normalize();
        } catch (IOException e) {
            return "cannot resolve " + source + " or " + dir + ": " + e.getMessage();
        }
        if (s.equals(d)) {
            return "source and mount point are the same directory: " + s;
        }
        if (d.startsWith(s)) {
            return "the mount point " + d + " is inside the source " + s;
        }
        if (s.startsWith(d)) {
            return "the source " + s + " is inside the mount point " + d;
        }
        return null;
    }
}
