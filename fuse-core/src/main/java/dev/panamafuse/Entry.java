package dev.panamafuse;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer to a name lookup ({@code struct fuse_entry_out}): the node found and its attributes.
 * Returning an {@code Entry} from {@code lookup}, {@code mknod}, {@code mkdir}, {@code symlink},
 * {@code link}, {@code create} or {@code readdirplus} makes the kernel count one more lookup of
 * {@link #nodeid()}, which it gives back later with {@code forget}.
 *
 * <p>A negative entry — {@code nodeid == 0} — is a cacheable "no such name" answer to
 * {@code lookup} only: the kernel remembers the absence for {@link #entryTimeout()} and counts no
 * lookup.
 *
 * @param nodeid       the node id the kernel will use in later requests; never 1 except for the
 *                     root, 0 only for a negative entry
 * @param generation   generation of the node id; must change when a node id is reused while an
 *                     NFS export could still hold the old one, else 0
 * @param attr         the attributes of the node
 * @param entryTimeout how long the kernel may cache the name; null for the mount's
 *                     {@code entry_timeout}
 * @param attrTimeout  how long the kernel may cache the attributes; null for the mount's
 *                     {@code attr_timeout}
 */
public record Entry(long nodeid, long generation, Attr attr, Duration entryTimeout, Duration attrTimeout) {

    /** Checks that attributes are present. */
    public Entry {
        Objects.requireNonNull(attr, "attr");
    }

    /**
     * An entry for {@code attr}, whose node id is {@code attr.ino()}, generation 0 and the mount's
     * timeouts.
     *
     * @param attr the attributes of the node found
     * @return the entry
     */
    public static Entry of(Attr attr) {
        return new Entry(attr.ino(), 0, attr, null, null);
    }
}
