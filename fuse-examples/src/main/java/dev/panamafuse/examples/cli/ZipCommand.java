package dev.panamafuse.examples.cli;

import dev.panamafuse.examples.zip.ZipArchiveFs;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ProviderNotFoundException;
import java.util.concurrent.Callable;
import java.util.zip.ZipException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code panamafuse mount zip ARCHIVE DIR}: the entries of a zip or jar archive, read-only,
 * through the JDK's zip filesystem ({@code jdk.zipfs}) and {@link NioFileSystem}.
 */
@Command(name = "zip", mixinStandardHelpOptions = true,
        description = {"Mount the contents of a zip or jar archive on DIR, read-only, through the JDK's zip "
                + "filesystem. Entries without stored Unix permissions show as 0444 (files) and 0555 "
                + "(directories), owned by you.",
            "Read-write is not offered: the zip filesystem rewrites the whole archive when it is closed, so a "
                + "crash or a full disk while unmounting could lose it."},
        exitCodeListHeading = ExitCodes.MORE_CODES_HEADING,
        exitCodeList = {"15:the archive does not exist or cannot be read", "16:the file is not a zip archive"})
final class ZipCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The zip or jar file to mount.")
    Path archive;

    @Mixin
    MountArguments mount;

    @Option(names = "--cache", paramLabel = "SIZE", defaultValue = "64M",
            description = "Most bytes of inflated entry data kept in memory for all open files together, with an "
                    + "optional K, M or G suffix (default: ${DEFAULT-VALUE}). Random reads of entries that fit cost "
                    + "one inflation, also when they are opened again.")
    String cache;

    @Override
    public Integer call() {
        long cacheBytes;
        try {
            cacheBytes = OptionValues.byteSize("--cache", cache);
        } catch (IllegalArgumentException e) {
            return mount.fail(ExitCodes.USAGE, e.getMessage());
        }
        if (!Files.exists(archive)) {
            return mount.fail(ExitCodes.SOURCE_UNREADABLE, "archive " + archive + " does not exist");
        }
        if (Files.isDirectory(archive)) {
            return mount.fail(ExitCodes.WRONG_SOURCE, archive + " is a directory, not a zip archive");
        }
        try (ZipArchiveFs zip = ZipArchiveFs.open(archive, cacheBytes)) {
            return mount.serve("zip", zip.fileSystem());
        } catch (ProviderNotFoundException e) {
            return mount.fail(ExitCodes.OTHER, e.getMessage());
        } catch (ZipException e) {
            return mount.fail(ExitCodes.WRONG_SOURCE, archive + " is not a zip archive"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        } catch (AccessDeniedException e) {
            return mount.fail(ExitCodes.SOURCE_UNREADABLE, "cannot read archive " + archive + ": permission denied");
        } catch (IOException e) {
            return mount.fail(ExitCodes.SOURCE_UNREADABLE, "cannot read archive " + archive + ": " + e.getMessage());
        }
    }
}
