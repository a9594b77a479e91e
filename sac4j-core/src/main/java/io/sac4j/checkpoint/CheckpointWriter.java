package io.sac4j.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Streams a checkpoint into a channel in {@link Checkpoint}'s layout: a 1 MiB staging buffer, so a
 * large column is never copied whole; both checksums are updated as bytes are staged.
 */
final class CheckpointWriter implements StateWriter {
    private static final int STAGING_BYTES = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer staging = ByteBuffer.allocate(STAGING_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C fileCrc = new CRC32C();
    private final CRC32C entryCrc = new CRC32C();
    private final Set<String> names = new HashSet<>();
    private boolean inEntry;
    private long written;
    private int entries;
    private boolean finished;

    CheckpointWriter(FileChannel channel, Manifest manifest) throws IOException {
        this.channel = channel;
        byte[][] kv = new byte[manifest.values().size() * 2][];
        int i = 0;
        long manifestBytes = 4;
        for (Map.Entry<String, String> e : manifest.values().entrySet()) {
            kv[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            kv[i + 1] = e.getValue().getBytes(StandardCharsets.UTF_8);
            manifestBytes += 8L + kv[i].length + kv[i + 1].length;
            i += 2;
        }
        if (manifestBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("checkpoint manifest is " + manifestBytes + " bytes, at most "
                    + Integer.MAX_VALUE);
        }
        putRaw(Checkpoint.MAGIC);
        putInt(Checkpoint.FORMAT_VERSION);
        putInt((int) manifestBytes);
        putInt(manifest.values().size());
        for (byte[] b : kv) {
            putInt(b.length);
            putRaw(b);
        }
        putInt((int) fileCrc.getValue()); // so far, the file is the header
    }

    // --- staging: every byte goes through here so both checksums see it ---

    private void room(int n) throws IOException {
        if (staging.remaining() < n) {
            flush();
        }
    }

    /** Adds the staged bytes from {@code from} to the checksums. */
    private void staged(int from) {
        int len = staging.position() - from;
        fileCrc.update(staging.array(), from, len);
        if (inEntry) {
            entryCrc.update(staging.array(), from, len);
        }
        written += len;
    }

    private void flush() throws IOException {
        staging.flip();
        while (staging.hasRemaining()) {
            channel.write(staging);
        }
        staging.clear();
    }

    /** Puts elements {@code [done, done + n)} of an array at the staging buffer's position. */
    @FunctionalInterface
    private interface Chunk {
        void put(int done, int n);
    }

    /**
     * Stages {@code len} elements of {@code width} bytes each, as many at a time as the staging buffer
     * has room for (flushing it between), so a large array is never copied whole.
     */
    private void putChunked(int width, int len, Chunk chunk) throws IOException {
        int done = 0;
        while (done < len) {
            room(width);
            int n = Math.min(staging.remaining() / width, len - done);
            int from = staging.position();
            chunk.put(done, n);
            // A view buffer's put (floats, longs...) leaves staging's position unmoved; a byte put moved it here already.
            staging.position(from + n * width);
            staged(from);
            done += n;
        }
    }

    private void putRaw(byte[] b) throws IOException {
        putChunked(1, b.length, (done, n) -> staging.put(b, done, n));
    }

    private void putInt(int v) throws IOException {
        room(4);
        int from = staging.position();
        staging.putInt(v);
        staged(from);
    }

    private void putLong(long v) throws IOException {
        room(8);
        int from = staging.position();
        staging.putLong(v);
        staged(from);
    }

    private void putByte(int v) throws IOException {
        room(1);
        int from = staging.position();
        staging.put((byte) v);
        staged(from);
    }

    // --- entries ---

    private void begin(String name, EntryType type, long count) throws IOException {
        if (finished) {
            throw new IllegalStateException("checkpoint already finished");
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("checkpoint entry names must be non-empty");
        }
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 0xFFFF) {
            throw new IllegalArgumentException("checkpoint entry name is " + n.length + " bytes of UTF-8, at most 65535");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("checkpoint entry '" + name + "' is put twice");
        }
        entryCrc.reset();
        inEntry = true;
        putByte(type.tag);
        room(2);
        int from = staging.position();
        staging.putShort((short) n.length);
        staged(from);
        putRaw(n);
        putLong(count * type.width);
    }

    private void end() throws IOException {
        inEntry = false;
        putInt((int) entryCrc.getValue());
        entries++;
    }

    private static void checkRange(String name, int arrayLength, int off, int len) {
        if (off < 0 || len < 0 || off > arrayLength - len) {
            throw new IndexOutOfBoundsException("checkpoint entry '" + name + "': range [" + off + ", " + off + " + "
                    + len + ") of an array of " + arrayLength);
        }
    }

    /** One entry: its header, {@code len} elements staged chunk by chunk, its CRC. */
    private void putEntry(String name, EntryType type, int len, Chunk chunk) throws IOException {
        begin(name, type, len);
        putChunked(type.width, len, chunk);
        end();
    }

    @Override
    public void putBytes(String name, byte[] values) throws IOException {
        putEntry(name, EntryType.BYTES, values.length, (done, n) -> staging.put(values, done, n));
    }

    @Override
    public void putFloats(String name, float[] values, int off, int len) throws IOException {
        checkRange(name, values.length, off, len);
        putEntry(name, EntryType.FLOATS, len, (done, n) -> staging.asFloatBuffer().put(values, off + done, n));
    }

    @Override
    public void putDoubles(String name, double... values) throws IOException {
        putEntry(name, EntryType.DOUBLES, values.length, (done, n) -> staging.asDoubleBuffer().put(values, done, n));
    }

    @Override
    public void putLongs(String name, long... values) throws IOException {
        putEntry(name, EntryType.LONGS, values.length, (done, n) -> staging.asLongBuffer().put(values, done, n));
    }

    @Override
    public void putInts(String name, int... values) throws IOException {
        putEntry(name, EntryType.INTS, values.length, (done, n) -> staging.asIntBuffer().put(values, done, n));
    }

    @Override
    public void putString(String name, String value) throws IOException {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        putEntry(name, EntryType.STRING, b.length, (done, n) -> staging.put(b, done, n));
    }

    @Override
    public void putBooleans(String name, boolean[] values, int off, int len) throws IOException {
        checkRange(name, values.length, off, len);
        putEntry(name, EntryType.BOOLEANS, len, (done, n) -> {
            for (int i = 0; i < n; i++) {
                staging.put(values[off + done + i] ? (byte) 1 : (byte) 0);
            }
        });
    }

    /** Writes the trailer and flushes. */
    void finish() throws IOException {
        putByte(Checkpoint.END_TAG);
        putInt(entries);
        putLong(written + 8 + 4);
        room(4);
        int crc = (int) fileCrc.getValue();
        staging.putInt(crc);
        written += 4;
        flush();
        finished = true;
    }
}
