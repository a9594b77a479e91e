package io.sac4j.checkpoint;

/** The type of a checkpoint entry's payload, stored as one byte before the entry's name. */
public enum EntryType {
    /** Raw bytes. */
    BYTES(1, 1, "bytes"),
    /** IEEE 754 binary32, little-endian. */
    FLOATS(2, 4, "floats"),
    /** IEEE 754 binary64, little-endian. */
    DOUBLES(3, 8, "doubles"),
    /** Two's complement 64-bit, little-endian. */
    LONGS(4, 8, "longs"),
    /** Two's complement 32-bit, little-endian. */
    INTS(5, 4, "ints"),
    /** UTF-8 text. */
    STRING(6, 1, "a string"),
    /** One byte per value, 0 or 1. */
    BOOLEANS(7, 1, "booleans");

    /** The tag byte in the file. */
    final int tag;
    /** Bytes per element. */
    final int width;
    final String label;

    EntryType(int tag, int width, String label) {
        this.tag = tag;
        this.width = width;
        this.label = label;
    }

    /** The type with this tag, or null. */
    static EntryType ofTag(int tag) {
        for (EntryType t : values()) {
            if (t.tag == tag) {
                return t;
            }
        }
        return null;
    }
}
