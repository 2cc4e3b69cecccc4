package dev.panamafuse.protocol;

/** Renders flag words as {@code NAME|NAME|0x…} for debug output; shared by the flag classes. */
final class BitNames {

    private BitNames() {
    }

    /**
     * Names the set bits of {@code bits}, lowest first, joined by {@code '|'}; set bits without a
     * name are collected into one trailing hexadecimal term. Zero renders as {@code "0"}.
     *
     * @param bits the flag word
     * @param namesByBit the name of each bit position, {@code null} where unnamed
     * @return the rendering
     */
    static String describe(long bits, String[] namesByBit) {
        if (bits == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        long unknown = 0;
        for (int bit = 0; bit < 64; bit++) {
            long mask = 1L << bit;
            if ((bits & mask) == 0) {
                continue;
            }
            String name = bit < namesByBit.length ? namesByBit[bit] : null;
            if (name == null) {
                unknown |= mask;
            } else {
                if (!sb.isEmpty()) {
                    sb.append('|');
                }
                sb.append(name);
            }
        }
        if (unknown != 0) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append("0x").append(Long.toHexString(unknown));
        }
        return sb.toString();
    }
}
