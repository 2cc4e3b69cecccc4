package dev.panamafuse.examples.cli;

import dev.panamafuse.mount.MountException;

/** The exit codes of {@code panamafuse}, one per kind of failure, so scripts can tell them apart. */
final class ExitCodes {
    static final int OK = 0;
    static final int OTHER = 1;
    static final int USAGE = 2;
    /** {@code mount zip}, {@code mount passthrough}: the archive or source does not exist or cannot be read. */
    static final int SOURCE_UNREADABLE = 15;
    /** {@code mount zip}: the file is not a zip archive; {@code mount passthrough}: the source is not a directory. */
    static final int WRONG_SOURCE = 16;
    /** The heading of the help's exit code list of a subcommand that adds codes of its own. */
    static final String MORE_CODES_HEADING = "%nExit codes besides those of 'panamafuse --help':%n";

    private ExitCodes() {
    }

    /** The exit code for a mount failure. */
    static int of(MountException.Reason reason) {
        return switch (reason) {
            case MOUNTPOINT_MISSING -> 3;
            case NOT_A_DIRECTORY -> 4;
            case PERMISSION_DENIED -> 5;
            case ALREADY_MOUNTED -> 6;
            case STALE_MOUNT -> 7;
            case DEVICE_MISSING -> 8;
            case DEVICE_DENIED -> 9;
            case BAD_OPTIONS -> 10;
            case PROTOCOL -> 11;
            case FUSERMOUNT_MISSING -> 12;
            case ALLOW_OTHER_REFUSED -> 13;
            case NOT_MOUNTED -> 14;
            case OTHER -> OTHER;
        };
    }
}
