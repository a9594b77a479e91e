package io.sac4j.checkpoint;

import java.util.List;

/**
 * Reads named entries of a verified checkpoint. Every method refuses, with a
 * {@link CheckpointException} naming the entry, a missing entry, an entry of another type, or
 * (for the {@code ...Into} forms) an entry of another length.
 */
public interface StateReader {
    Manifest manifest();

    /** The entry names in file order. */
    List<String> names();

    boolean has(String name);

    /** The number of elements (bytes for BYTES, UTF-8 bytes for STRING) of entry {@code name} of type {@code type}. */
    int count(String name, EntryType type) throws CheckpointException;

    byte[] bytes(String name) throws CheckpointException;

    float[] floats(String name) throws CheckpointException;

    /** Reads entry {@code name}, which must hold exactly {@code len} floats, into {@code out[off, off + len)}. Modifies out. */
    void floatsInto(String name, float[] out, int off, int len) throws CheckpointException;

    double[] doubles(String name) throws CheckpointException;

    long[] longs(String name) throws CheckpointException;

    int[] ints(String name) throws CheckpointException;

    String string(String name) throws CheckpointException;

    boolean[] booleans(String name) throws CheckpointException;

    /** Reads entry {@code name}, which must hold exactly {@code len} booleans, into {@code out[off, off + len)}. Modifies out. */
    void booleansInto(String name, boolean[] out, int off, int len) throws CheckpointException;
}
