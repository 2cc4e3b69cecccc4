package dev.panamafuse.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code panamafuse mount FS DIR}: mounts one of the demo filesystems in the foreground. */
@Command(name = "mount", mixinStandardHelpOptions = true,
        description = "Mount a demo filesystem on DIR and serve it until Ctrl-C, SIGTERM or an unmount.",
        subcommands = {HelloCommand.class, MemoryCommand.class, PassthroughCommand.class, ZipCommand.class})
final class MountCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name the filesystem to mount: hello, memory, passthrough or zip");
    }
}
