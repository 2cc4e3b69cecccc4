package dev.panamafuse.protocol;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * How the struct layouts of this package are built from their C fields, and how the codec finds a
 * field's offset in them ({@link #offset(StructLayout, String)}).
 *
 * <p>Every layout is named after its C struct and every member after its C field. C integer types
 * map to {@code JAVA_LONG} / {@code JAVA_INT} / {@code JAVA_SHORT} / {@code JAVA_BYTE} (native byte
 * order, natural alignment), fixed arrays to sequence layouts and nested structs to nested
 * layouts. The header pads every struct explicitly (fields named {@code padding}, {@code dummy},
 * {@code unused}, …), so no struct of 7.45 has compiler-inserted padding; those C fields are kept as
 * named value layouts because the protocol expects them to be written as zero. A flexible array
 * member is a zero-length sequence, so the layout ends where the array starts.
 *
 * <p>Unsigned C fields are read into signed Java types; use {@link Integer#toUnsignedLong(int)} and
 * friends where the value may exceed the signed range.
 */
public final class StructFields {

    /**
     * The layout of no struct (0 bytes): what {@link Opcode#in()} and {@link Opcode#out()} name
     * for a request of names only, or a reply that is empty or data only.
     */
    public static final StructLayout NONE = MemoryLayout.structLayout().withName("none");

    private StructFields() {
    }

    /**
     * The byte offset of a top-level field of a layout, for deriving {@code static final long}
     * offset constants.
     *
     * @param layout a struct layout of this package
     * @param field the C field name
     * @return {@code layout.byteOffset(PathElement.groupElement(field))}
     * @throws IllegalArgumentException if the layout has no such field
     */
    public static long offset(StructLayout layout, String field) {
        return layout.byteOffset(PathElement.groupElement(field));
    }

    /**
     * The byte offset of a field reached through nested structs, e.g.
     * {@code offset(FUSE_DIRENTPLUS, "dirent", "name")}.
     *
     * @param layout a struct layout of this package
     * @param path the C field names, outermost first
     * @return the byte offset of the innermost field from the start of {@code layout}
     * @throws IllegalArgumentException if the path does not name a field
     */
    public static long offset(StructLayout layout, String... path) {
        PathElement[] elements = new PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = PathElement.groupElement(path[i]);
        }
        return layout.byteOffset(elements);
    }

    // Package-private shorthands shared by the layout classes of this package.

    static ValueLayout u64(String name) {
        return JAVA_LONG.withName(name);
    }

    static ValueLayout u32(String name) {
        return JAVA_INT.withName(name);
    }

    static ValueLayout u16(String name) {
        return JAVA_SHORT.withName(name);
    }

    static SequenceLayout array(long count, ValueLayout element, String name) {
        return MemoryLayout.sequenceLayout(count, element).withName(name);
    }

    static SequenceLayout chars(long count, String name) {
        return array(count, JAVA_BYTE, name);
    }

    static StructLayout struct(String name, MemoryLayout... members) {
        return MemoryLayout.structLayout(members).withName(name);
    }
}
