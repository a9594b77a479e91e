package io.sac4j.checkpoint;

import java.io.IOException;

/**
 * Puts named entries into a checkpoint being written. Names are unique, non-empty and at most
 * 65535 bytes of UTF-8; a repeated name is refused. Each put copies the values into the file at
 * once, so the arrays may change afterwards.
 */
public interface StateWriter {
    void putBytes(String name, byte[] values) throws IOException;

    /** Puts {@code values[off, off + len)}. */
    void putFloats(String name, float[] values, int off, int len) throws IOException;

    default void putFloats(String name, float[] values) throws IOException {
        putFloats(name, values, 0, values.length);
    }

    void putDoubles(String name, double... values) throws IOException;

    void putLongs(String name, long... values) throws IOException;

    void putInts(String name, int... values) throws IOException;

    void putString(String name, String value) throws IOException;

    /** Puts {@code values[off, off + len)}. */
    void putBooleans(String name, boolean[] values, int off, int len) throws IOException;
}
