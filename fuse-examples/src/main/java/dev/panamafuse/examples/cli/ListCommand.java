package dev.panamafuse.examples.cli;

import dev.panamafuse.ffm.Fuse;
import dev.panamafuse.ffm.MountedFilesystem;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code panamafuse list}: the mounts of this binding, from {@code /proc/self/mountinfo}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List panama-fuse mounts (type fuse.panamafuse, or source panamafuse): "
                + "mountpoint, source, type, options.")
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all-fuse"}, description = "List every FUSE mount, not only panama-fuse's.")
    boolean allFuse;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            for (MountedFilesystem m : Fuse.mounts()) {
                if (allFuse ? m.isFuse() : m.isPanamaFuse()) {
                    out.println(m.mountpoint() + "\t" + m.source() + "\t" + m.type() + "\t" + m.options());
                }
            }
        } catch (IOException e) {
            spec.commandLine().getErr().println("panamafuse: cannot read /proc/self/mountinfo: " + e.getMessage());
            return ExitCodes.OTHER;
        }
        out.flush();
        return ExitCodes.OK;
    }
}
