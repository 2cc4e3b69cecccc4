package dev.panamafuse;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer to {@code statx} ({@code struct fuse_statx}): the attributes of {@link Attr} plus the
 * fields only {@code statx(2)} has.
 *
 * @param attr           the classic attributes
 * @param mask           {@code STATX_*} bits of the fields that hold values
 * @param btime          creation time, or null when unknown
 * @param attributes     {@code STATX_ATTR_*} bits
 * @param attributesMask the {@code STATX_ATTR_*} bits this filesystem supports
 */
public record Statx(Attr attr, int mask, Instant btime, long attributes, long attributesMask) {
    /** Checks that the attributes are present. */
    public Statx {
        Objects.requireNonNull(attr, "attr");
    }
}
