package dev.panamafuse.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code panamafuse} command: {@code panamafuse mount hello DIR} mounts a demo filesystem in
 * the foreground until Ctrl-C, SIGTERM or an unmount. Exit codes are listed in {@link ExitCodes}.
 */
@Command(name = "panamafuse", mixinStandardHelpOptions = true, version = "panamafuse 0.1.0",
        description = "Mount the demo filesystems of panama-fuse, a pure-Java FUSE binding; unmount and list mounts.",
        subcommands = {MountCommand.class, UnmountCommand.class, ListCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (also after Ctrl-C, SIGTERM or an unmount)",
            "1:other failure",
            "2:bad command line or mount option",
            "3:mountpoint does not exist",
            "4:mountpoint is not a directory",
            "5:no permission to mount there",
            "6:something is already mounted there",
            "7:mountpoint is a dead FUSE mount",
            "8:/dev/fuse does not exist",
            "9:/dev/fuse cannot be opened",
            "10:the kernel rejected the mount options",
            "11:FUSE protocol failure (kernel too old, INIT failed)",
            "12:fusermount3 is missing (Debian package fuse3)",
            "13:allow_other refused: /etc/fuse.conf lacks user_allow_other",
            "14:nothing is mounted there (unmount)",
            "15:the archive or source does not exist or cannot be read (mount zip, mount passthrough)",
            "16:not a zip archive (mount zip), not a directory (mount passthrough)"})
public final class Main {

    private Main() {
    }

    /**
     * Runs the command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command and returns its exit code, without exiting.
     *
     * @param args the command line
     * @return the exit code
     */
    public static int run(String... args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "panamafuse: %4$s: %5$s%6$s%n");
        }
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("panamafuse: " + e);
            return ExitCodes.OTHER;
        });
        return cli.execute(args);
    }
}
