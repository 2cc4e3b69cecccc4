package dev.panamafuse.examples.cli;

import dev.panamafuse.ffm.Fuse;
import dev.panamafuse.mount.MountException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code panamafuse unmount [--lazy] DIR}: unmounts a mount (also a dead one). */
@Command(name = "unmount", aliases = "umount", mixinStandardHelpOptions = true,
        description = "Unmount DIR (umount2 as root, fusermount3 -u otherwise). The serving process then exits.")
final class UnmountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The mountpoint.")
    Path mountpoint;

    @Option(names = {"-z", "--lazy"}, description = "Detach now even if busy; the mount goes away when unused.")
    boolean lazy;

    @Override
    public Integer call() {
        try {
            Fuse.unmount(mountpoint, lazy);
            return ExitCodes.OK;
        } catch (MountException e) {
            spec.commandLine().getErr().println("panamafuse: " + e.getMessage());
            return ExitCodes.of(e.reason());
        }
    }
}
