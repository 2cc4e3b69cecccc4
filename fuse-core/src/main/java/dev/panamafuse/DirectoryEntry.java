package dev.panamafuse;

import dev.panamafuse.path.PathFileSystem;
import java.util.Objects;

/**
 * One name of a directory listing returned by {@link PathFileSystem#readdir}: the name, its file
 * type and, optionally, its attributes.
 *
 * <p>With attributes, a listing answers {@code readdirplus} completely: {@code ls -l} then needs
 * no {@code getattr} per name. Without them ({@code attr == null}) the kernel asks
 * {@link PathFileSystem#getattr} for each name it needs.
 *
 * @param name the name, not empty, without '/'; "." and ".." are added by the library and
 *             skipped when given
 * @param mode the file type bits ({@link Mode#S_IFDIR}, {@link Mode#S_IFREG}, ...), or 0 when unknown;
 *             permission bits are ignored
 * @param attr the attributes, or null
 */
public record DirectoryEntry(String name, int mode, Attr attr) {

    /** Checks that the name is present, not empty and has no '/' and no NUL. */
    public DirectoryEntry {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a directory entry name must be non-empty and without '/' and NUL: '"
                    + name.replace("\0", "\\0") + "'");
        }
    }

    /**
     * An entry with its attributes; the type is taken from {@code attr.mode()}.
     *
     * @param name the name
     * @param attr the attributes, not null
     * @return the entry
     */
    public static DirectoryEntry of(String name, Attr attr) {
        return new DirectoryEntry(name, attr.mode(), attr);
    }

    /**
     * An entry with only a type.
     *
     * @param name the name
     * @param mode the type bits, e.g. {@link Mode#S_IFREG}, or 0 when unknown
     * @return the entry
     */
    public static DirectoryEntry of(String name, int mode) {
        return new DirectoryEntry(name, mode, null);
    }
}
