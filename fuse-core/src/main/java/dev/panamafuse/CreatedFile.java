package dev.panamafuse;

import java.util.Objects;

/**
 * The answer to {@code create} and {@code tmpfile}: the new node and the file opened on it.
 *
 * @param entry the new node, counted as one lookup
 * @param open  the open file
 */
public record CreatedFile(Entry entry, OpenFile open) {
    /** Checks that both parts are present. */
    public CreatedFile {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(open, "open");
    }
}
