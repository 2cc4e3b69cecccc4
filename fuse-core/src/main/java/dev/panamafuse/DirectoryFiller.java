package dev.panamafuse;

/**
 * Writes directory entries straight into the reply of a {@code readdir} or {@code readdirplus}
 * request. A handler adds entries from the requested offset on until {@code add} returns false
 * (the reply buffer is full; that entry was not added) or the directory ends.
 *
 * <p>Each entry carries the offset of the <em>next</em> entry: the kernel passes it back as the
 * {@code offset} of the following request, and to {@code lseek(2)} / {@code telldir(3)}. Offsets
 * must be stable while the directory is open, even when entries are removed meanwhile. Offset 0
 * means the start of the directory, so no entry may have next offset 0.
 *
 * <p>The filler is valid only during the handler call.
 */
public interface DirectoryFiller {

    /**
     * Adds an entry to a {@code readdir} reply.
     *
     * @param name       the entry's name, not empty, without '/' ({@code "."} and {@code ".."} included)
     * @param ino        its inode number ({@code d_ino})
     * @param mode       its mode, of which only the type bits are used ({@code d_type}); 0 if unknown
     * @param nextOffset the offset of the entry after this one
     * @return false when the reply is full and the entry was not added
     */
    boolean add(String name, long ino, int mode, long nextOffset);

    /**
     * Adds an entry to a {@code readdirplus} reply: a name with its lookup result. Unless
     * {@code entry.nodeid()} is 0, the kernel counts one lookup of the node for each entry
     * added, as for {@code lookup}. For {@code "."} and {@code ".."} the kernel counts nothing:
     * pass an entry with node id 0 and the directory's attributes.
     *
     * @param name       the entry's name
     * @param entry      the node and its attributes
     * @param nextOffset the offset of the entry after this one
     * @return false when the reply is full and the entry was not added (nor counted)
     */
    boolean add(String name, Entry entry, long nextOffset);

    /** {@return whether this filler answers {@code readdirplus} (use {@link #add(String, Entry, long)})} */
    boolean isPlus();
}
