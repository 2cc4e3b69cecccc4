package dev.panamafuse.examples.cli;

import dev.panamafuse.FileSystem;
import dev.panamafuse.mount.MountOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The arguments every {@code mount} subcommand shares: the directory and {@code -o} options. */
final class MountArguments {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The directory to mount on (must exist).")
    Path mountpoint;

    @Option(names = "-o", paramLabel = "OPTIONS",
            description = "Mount options, comma-separated as for mount(8), e.g. -o ro,allow_other,fsname=demo. "
                    + "May be repeated. Known: ro, rw, allow_other, allow_root, default_permissions, [no]suid, "
                    + "[no]dev, [no]exec, [no]atime, sync, async, dirsync, debug, fsname=, subtype=, max_read=, "
                    + "blksize=, max_write=, max_readahead=, max_background=, congestion_threshold=, "
                    + "entry_timeout=, attr_timeout=, negative_timeout=, direct_io, kernel_cache, readers=, "
                    + "clone_fd, max_inflight=, threading=inline|hybrid|virtual, unmount_grace=, auto_unmount, "
                    + "mount_method=, and the INIT capabilities (NAME / no_NAME); see docs/cli.md.")
    List<String> options = new ArrayList<>();

    @Option(names = {"-d", "--debug"}, description = "Log every request (same as -o debug).")
    boolean debug;

    @Option(names = {"-f", "--force"},
            description = "If DIR is a dead FUSE mount (\"Transport endpoint is not connected\"), unmount it first.")
    boolean force;

    /** Prints the one-line failure {@code panamafuse: MESSAGE} and returns {@code code}. */
    int fail(int code, String message) {
        spec.commandLine().getErr().println("panamafuse: " + message);
        return code;
    }

    /** Parses the options and serves {@code fs} until unmounted; returns the exit code. */
    int serve(String name, FileSystem fs) {
        MountOptions parsed;
        try {
            MountOptions.Builder builder = MountOptions.builder().fsName(name).subtype("panamafuse");
            for (String o : options) {
                builder.parse(o);
            }
            if (debug) {
                builder.debug(true);
            }
            parsed = builder.build();
        } catch (IllegalArgumentException e) {
            return fail(ExitCodes.USAGE, e.getMessage());
        }
        return new ForegroundMount(spec.commandLine().getOut(), spec.commandLine().getErr()).serve(name, fs,
                mountpoint, parsed, force);
    }
}
