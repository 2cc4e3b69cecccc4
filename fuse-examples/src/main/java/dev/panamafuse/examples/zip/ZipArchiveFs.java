package dev.panamafuse.examples.zip;

import dev.panamafuse.FileSystem;
import dev.panamafuse.nio.NioFileSystem;
import dev.panamafuse.path.PathFileSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.ProviderNotFoundException;
import java.nio.file.spi.FileSystemProvider;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * A zip or jar archive served read-only: the JDK's zip filesystem ({@code jdk.zipfs}) opened on
 * the archive and bridged by {@link NioFileSystem}. Entries without stored Unix permissions show
 * as 0444 (files) and 0555 (directories). Close it after unmounting; that closes the archive.
 *
 * <p>Read-write is not offered: the zip filesystem rewrites the whole archive when it is closed,
 * so a crash or a full disk while unmounting could lose it.
 */
public final class ZipArchiveFs implements AutoCloseable {
    private final java.nio.file.FileSystem zip;
    private final FileSystem fs;

    private ZipArchiveFs(java.nio.file.FileSystem zip, long cacheBytes) throws IOException {
        this.zip = zip;
        PathFileSystem tree = NioFileSystem.builder(zip.getPath("/")).readOnly(true).cacheSize(cacheBytes).build();
        this.fs = PathFileSystem.toFileSystem(tree);
    }

    /**
     * Opens an archive.
     *
     * @param archive    the zip or jar file
     * @param cacheBytes most bytes of inflated entry data kept in memory for all open files together
     * @return the archive, ready to mount with {@link #fileSystem()}
     * @throws ZipException             when the file is not a zip archive
     * @throws IOException              when it cannot be read (e.g. {@link java.nio.file.AccessDeniedException})
     * @throws ProviderNotFoundException when this runtime lacks the module {@code jdk.zipfs}
     */
    public static ZipArchiveFs open(Path archive, long cacheBytes) throws IOException {
        FileSystemProvider provider = zipProvider();
        if (provider == null) {
            throw new ProviderNotFoundException("this JDK has no zip filesystem (module jdk.zipfs)");
        }
        java.nio.file.FileSystem zip;
        try {
            zip = provider.newFileSystem(archive, Map.of("accessMode", "readOnly"));
        } catch (UnsupportedOperationException e) {
            ZipException z = new ZipException(e.getMessage());
            z.initCause(e);
            throw z;
        }
        try {
            return new ZipArchiveFs(zip, cacheBytes);
        } catch (IOException | RuntimeException e) {
            try {
                zip.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * The filesystem to mount.
     *
     * @return the inode-level view of the archive
     */
    public FileSystem fileSystem() {
        return fs;
    }

    /** Closes the archive. */
    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** The JDK's zip filesystem provider (URI scheme "jar"), or null when the runtime lacks jdk.zipfs. */
    private static FileSystemProvider zipProvider() {
        for (FileSystemProvider p : FileSystemProvider.installedProviders()) {
            if (p.getScheme().equalsIgnoreCase("jar")) {
                return p;
            }
        }
        return null;
    }
}
