package io.sac4j.checkpoint;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A checkpoint file opened by {@link Checkpoint#open} after every check of the whole file passed.
 * Entries are read from the file on demand (a large column is not held twice) and each read checks
 * the entry's own checksum again. Not thread-safe. Close it when done.
 */
public final class CheckpointReader implements StateReader, Closeable {
    /** The largest array the JVM allocates reliably. */
    private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int WINDOW_BYTES = 1 << 16;

    private record Entry(String name, EntryType type, long start, long payload, long length) {
        int count() {
            return (int) (length / type.width);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final Manifest manifest;
    private final Map<String, Entry> entries;
    private ByteBuffer chunk;

    private CheckpointReader(Path file, FileChannel channel, long size, Manifest manifest,
            Map<String, Entry> entries) {
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.manifest = manifest;
        this.entries = entries;
    }

    static CheckpointReader open(Path file) throws CheckpointException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + file + ": no such file", e);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException("checkpoint " + file + ": cannot open: " + e, e);
        }
        try {
            Verifier v = new Verifier(file, ch);
            CheckpointReader r = v.verify();
            return r;
        } catch (CheckpointException e) {
            closeQuietly(ch, e);
            throw e;
        } catch (IOException | RuntimeException e) {
            CheckpointException ce = new CheckpointException("checkpoint " + file + ": cannot read: " + e, e);
            closeQuietly(ch, ce);
            throw ce;
        }
    }

    private static void closeQuietly(FileChannel ch, Throwable failure) {
        try {
            ch.close();
        } catch (IOException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /** The whole-file checks of {@link Checkpoint#open}, in the order the class comment there gives. */
    private static final class Verifier {
        private final Path file;
        private final FileChannel ch;
        private final long size;

        Verifier(Path file, FileChannel ch) throws IOException {
            this.file = file;
            this.ch = ch;
            this.size = ch.size();
        }

        private CheckpointException refuse(String reason) {
            return new CheckpointException("checkpoint " + file + ": " + reason);
        }

        /** The bytes the structure is parsed from, read ahead: one read serves many small fields. */
        private ByteBuffer window;
        private long windowStart = -1;

        /**
         * {@code n} bytes at {@code pos}, which the caller has bounded by the file size; served from a
         * 64 KiB read-ahead window (a checkpoint has tens of entries, each with three small fields).
         */
        private ByteBuffer at(long pos, int n) throws IOException {
            if (n > WINDOW_BYTES) {
                ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, b, pos, file);
                return b.flip();
            }
            if (window == null || pos < windowStart || pos + n > windowStart + window.limit()) {
                if (window == null) {
                    window = ByteBuffer.allocate((int) Math.min(WINDOW_BYTES, size));
                }
                window.clear();
                window.limit((int) Math.min(window.capacity(), size - pos));
                readFully(ch, window, pos, file);
                windowStart = pos;
            }
            // A copy: a later read may refill the window.
            ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
            b.put(0, window.array(), (int) (pos - windowStart), n);
            return b;
        }

        CheckpointReader verify() throws IOException {
            int magicLen = Checkpoint.MAGIC.length;
            ByteBuffer head = at(0, (int) Math.min(size, Checkpoint.HEADER_BYTES));
            for (int i = 0; i < Math.min(magicLen, head.limit()); i++) {
                if (head.get(i) != Checkpoint.MAGIC[i]) {
                    throw refuse("not a sac4j checkpoint (wrong magic: the file does not start with \"SAC4JCKP\")");
                }
            }
            if (size < magicLen + 4) {
                throw refuse("truncated: " + size + " bytes, shorter than the header");
            }
            int version = head.getInt(magicLen);
            if (version != Checkpoint.FORMAT_VERSION) {
                throw refuse("incompatible format version " + Integer.toUnsignedString(version)
                        + "; this sac4j reads format version " + Checkpoint.FORMAT_VERSION);
            }
            long minimum = Checkpoint.HEADER_BYTES + 4 + Checkpoint.HEADER_CRC_BYTES + Checkpoint.TRAILER_BYTES;
            if (size < minimum) {
                throw refuse("truncated: " + size + " bytes, shorter than the smallest checkpoint (" + minimum + ")");
            }
            long trailerAt = size - Checkpoint.TRAILER_BYTES;
            ByteBuffer trailer = at(trailerAt, Checkpoint.TRAILER_BYTES);
            long recordedLength = trailer.getLong(5);
            if (trailer.get(0) != Checkpoint.END_TAG || recordedLength != size) {
                throw refuse("truncated or damaged: no valid trailer at the end of its " + size + " bytes"
                        + (trailer.get(0) == Checkpoint.END_TAG && recordedLength > size
                                ? " (the trailer records " + recordedLength + ")" : ""));
            }
            int storedCrc = trailer.getInt(13);
            int crc = crcOf(0, size - 4);
            if (crc != storedCrc) {
                throw refuse("checksum mismatch, the file is corrupt (crc32c stored " + hex(storedCrc) + ", computed "
                        + hex(crc) + ")");
            }
            // The checksum matched, so what follows fails only for a file written by something else
            // with a valid checksum; every length is still bounded before use.
            long manifestLength = Integer.toUnsignedLong(head.getInt(12));
            long pos = Checkpoint.HEADER_BYTES;
            if (manifestLength < 4 || manifestLength > trailerAt - pos - Checkpoint.HEADER_CRC_BYTES) {
                throw refuse("damaged header: manifest of " + manifestLength + " bytes, "
                        + (trailerAt - pos - Checkpoint.HEADER_CRC_BYTES) + " remain");
            }
            pos += manifestLength;
            if (crcOf(0, pos) != at(pos, 4).getInt(0)) {
                throw refuse("damaged header: its checksum does not match");
            }
            Manifest manifest = parseManifest(Checkpoint.HEADER_BYTES, (int) manifestLength);
            pos += Checkpoint.HEADER_CRC_BYTES;
            Map<String, Entry> entries = new LinkedHashMap<>();
            while (pos < trailerAt) {
                long start = pos;
                if (trailerAt - pos < 3) {
                    throw refuse("damaged entry at byte " + pos + ": " + (trailerAt - pos) + " bytes before the trailer");
                }
                ByteBuffer h = at(pos, 3);
                int tag = h.get(0) & 0xFF;
                EntryType type = EntryType.ofTag(tag);
                if (type == null) {
                    throw refuse("damaged entry at byte " + pos + ": unknown type tag " + tag);
                }
                int nameLength = h.getShort(1) & 0xFFFF;
                pos += 3;
                if (nameLength == 0 || nameLength > trailerAt - pos) {
                    throw refuse("damaged entry at byte " + start + ": name of " + nameLength + " bytes, "
                            + (trailerAt - pos) + " remain");
                }
                String name = utf8(readBytes(pos, nameLength), "entry name at byte " + start);
                pos += nameLength;
                if (trailerAt - pos < 8) {
                    throw refuse("damaged entry '" + name + "': no room for its length");
                }
                long length = at(pos, 8).getLong(0);
                pos += 8;
                long room = trailerAt - pos - 4;
                if (length < 0 || length > room) {
                    throw refuse("damaged entry '" + name + "': declares " + Long.toUnsignedString(length)
                            + " bytes, " + Math.max(room, 0) + " remain");
                }
                if (length % type.width != 0 || length / type.width > MAX_ELEMENTS) {
                    throw refuse("damaged entry '" + name + "': " + length + " bytes is not a whole array of "
                            + type.label);
                }
                if (entries.put(name, new Entry(name, type, start, pos, length)) != null) {
                    throw refuse("damaged: entry '" + name + "' appears twice");
                }
                pos += length + 4;
            }
            long recordedCount = Integer.toUnsignedLong(trailer.getInt(1));
            if (recordedCount != entries.size()) {
                throw refuse("damaged: the trailer records " + recordedCount + " entries, the file holds "
                        + entries.size());
            }
            return new CheckpointReader(file, ch, size, manifest, Collections.unmodifiableMap(entries));
        }

        private byte[] readBytes(long pos, int n) throws IOException {
            byte[] out = new byte[n];
            at(pos, n).get(out);
            return out;
        }

        private Manifest parseManifest(long pos, int length) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(readBytes(pos, length)).order(ByteOrder.LITTLE_ENDIAN);
            long pairs = Integer.toUnsignedLong(b.getInt());
            if (pairs > b.remaining() / 8) {
                throw refuse("damaged manifest: " + pairs + " pairs in " + b.remaining() + " bytes");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (long i = 0; i < pairs; i++) {
                String key = manifestString(b, "key");
                String value = manifestString(b, "value of '" + key + "'");
                if (key.isEmpty() || values.put(key, value) != null) {
                    throw refuse("damaged manifest: key '" + key + "' is empty or repeated");
                }
            }
            if (b.hasRemaining()) {
                throw refuse("damaged manifest: " + b.remaining() + " bytes after the last pair");
            }
            return Manifest.of(values);
        }

        private String manifestString(ByteBuffer b, String what) throws CheckpointException {
            if (b.remaining() < 4) {
                throw refuse("damaged manifest: no room for the length of a " + what);
            }
            long n = Integer.toUnsignedLong(b.getInt());
            if (n > b.remaining()) {
                throw refuse("damaged manifest: " + what + " of " + n + " bytes, " + b.remaining() + " remain");
            }
            byte[] s = new byte[(int) n];
            b.get(s);
            return utf8(s, "manifest " + what);
        }

        private String utf8(byte[] bytes, String what) throws CheckpointException {
            try {
                return decodeUtf8(bytes);
            } catch (CharacterCodingException e) {
                throw refuse("damaged: " + what + " is not valid UTF-8");
            }
        }

        private int crcOf(long from, long to) throws IOException {
            CRC32C crc = new CRC32C();
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(to - from, 1)));
            long pos = from;
            while (pos < to) {
                b.clear();
                b.limit((int) Math.min(b.capacity(), to - pos));
                readFully(ch, b, pos, file);
                b.flip();
                pos += b.remaining();
                crc.update(b);
            }
            return (int) crc.getValue();
        }
    }

    private static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
        CharBuffer c = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
        return c.toString();
    }

    private static String hex(int v) {
        return String.format("%08x", v);
    }

    /** Fills {@code b} from {@code pos}; refuses an end of file (the file shrank since it was checked). */
    private static void readFully(FileChannel ch, ByteBuffer b, long pos, Path file) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new CheckpointException("checkpoint " + file + ": truncated: end of file at byte " + p
                        + " (it changed while being read?)");
            }
            p += n;
        }
    }

    // --- StateReader ---

    /** The file this reader reads. */
    public Path file() {
        return file;
    }

    /** The file's size in bytes. */
    public long sizeBytes() {
        return size;
    }

    @Override
    public Manifest manifest() {
        return manifest;
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public boolean has(String name) {
        return entries.containsKey(name);
    }

    private CheckpointException refuse(String reason) {
        return new CheckpointException("checkpoint " + file + ": " + reason);
    }

    private Entry entry(String name, EntryType type) throws CheckpointException {
        Entry e = entries.get(name);
        if (e == null) {
            throw refuse("missing required entry '" + name + "'");
        }
        if (e.type != type) {
            throw refuse("entry '" + name + "' holds " + e.type.label + ", expected " + type.label);
        }
        return e;
    }

    private Entry entry(String name, EntryType type, int expectedCount) throws CheckpointException {
        Entry e = entry(name, type);
        if (e.count() != expectedCount) {
            throw refuse("entry '" + name + "' holds " + e.count() + " " + type.label + ", expected " + expectedCount);
        }
        return e;
    }

    @Override
    public int count(String name, EntryType type) throws CheckpointException {
        return entry(name, type).count();
    }

    /** Receives an entry's payload chunk by chunk; {@code done} counts the bytes before this chunk. */
    private interface ChunkSink {
        void accept(ByteBuffer chunk, long done) throws CheckpointException;
    }

    /** Streams entry {@code e}'s payload to {@code sink} and checks the entry's checksum. */
    private void readPayload(Entry e, ChunkSink sink) throws CheckpointException {
        try {
            long wanted = Math.min(CHUNK_BYTES, e.length + (e.payload - e.start) + 4);
            if (chunk == null || chunk.capacity() < wanted) {
                // Sized to the largest entry read so far (a small checkpoint allocates little), in whole
                // 8-byte elements so no element is split between two chunks.
                int bytes = (int) ((Math.max(wanted, 64) + 7) & ~7L);
                chunk = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
            }
            CRC32C crc = new CRC32C();
            int headBytes = (int) (e.payload - e.start);
            long whole = headBytes + e.length + 4;
            if (whole <= chunk.capacity()) {
                // The common small entry: one read for its head, payload and checksum.
                chunk.clear();
                chunk.limit((int) whole);
                readFully(channel, chunk, e.start, file);
                crc.update(chunk.array(), 0, (int) whole - 4);
                if (chunk.getInt((int) whole - 4) != (int) crc.getValue()) {
                    throw refuse("entry '" + e.name + "' fails its checksum (the file changed after it was opened?)");
                }
                sink.accept(chunk.limit((int) whole - 4).position(headBytes).slice().order(ByteOrder.LITTLE_ENDIAN), 0);
                return;
            }
            ByteBuffer head = ByteBuffer.allocate(headBytes);
            readFully(channel, head, e.start, file);
            crc.update(head.flip());
            long done = 0;
            while (done < e.length) {
                chunk.clear();
                chunk.limit((int) Math.min(chunk.capacity(), e.length - done));
                readFully(channel, chunk, e.payload + done, file);
                chunk.flip();
                crc.update(chunk.duplicate());
                sink.accept(chunk, done);
                done += chunk.limit();
            }
            ByteBuffer stored = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, stored, e.payload + e.length, file);
            if (stored.getInt(0) != (int) crc.getValue()) {
                throw refuse("entry '" + e.name + "' fails its checksum (the file changed after it was opened?)");
            }
        } catch (CheckpointException ce) {
            throw ce;
        } catch (IOException | RuntimeException ex) {
            throw new CheckpointException("checkpoint " + file + ": cannot read entry '" + e.name + "': " + ex, ex);
        }
    }

    @Override
    public byte[] bytes(String name) throws CheckpointException {
        Entry e = entry(name, EntryType.BYTES);
        byte[] out = new byte[e.count()];
        readPayload(e, (c, done) -> c.get(out, (int) done, c.remaining()));
        return out;
    }

    @Override
    public float[] floats(String name) throws CheckpointException {
        Entry e = entry(name, EntryType.FLOATS);
        float[] out = new float[e.count()];
        floatsInto(name, out, 0, out.length);
        return out;
    }

    @Override
    public void floatsInto(String name, float[] out, int off, int len) throws CheckpointException {
        checkRange(name, out.length, off, len);
        Entry e = entry(name, EntryType.FLOATS, len);
        readPayload(e, (c, done) -> c.asFloatBuffer().get(out, off + (int) (done / 4), c.remaining() / 4));
    }

    @Override
    public double[] doubles(String name) throws CheckpointException {
        Entry e = entry(name, EntryType.DOUBLES);
        double[] out = new double[e.count()];
        readPayload(e, (c, done) -> c.asDoubleBuffer().get(out, (int) (done / 8), c.remaining() / 8));
        return out;
    }

    @Override
    public long[] longs(String name) throws CheckpointException {
        Entry e = entry(name, EntryType.LONGS);
        long[] out = new long[e.count()];
        readPayload(e, (c, done) -> c.asLongBuffer().get(out, (int) (done / 8), c.remaining() / 8));
        return out;
    }

    @Override
    public int[] ints(String name) throws CheckpointException {
        Entry e = entry(name, EntryType.INTS);
        int[] out = new int[e.count()];
        readPayload(e, (c, done) -> c.asIntBuffer().get(out, (int) (done / 4), c.remaining() / 4));
        return out;
    }

    @Override
    public String string(String name) throws CheckpointException {
        Entry e = entry(name, EntryType.STRING);
        byte[] out = new byte[e.count()];
        readPayload(e, (c, done) -> c.get(out, (int) done, c.remaining()));
        try {
            return decodeUtf8(out);
        } catch (CharacterCodingException ex) {
            throw refuse("entry '" + name + "' is not valid UTF-8");
        }
    }

    @Override
    public boolean[] booleans(String name) throws CheckpointException {
        Entry e = entry(name, EntryType.BOOLEANS);
        boolean[] out = new boolean[e.count()];
        booleansInto(name, out, 0, out.length);
        return out;
    }

    @Override
    public void booleansInto(String name, boolean[] out, int off, int len) throws CheckpointException {
        checkRange(name, out.length, off, len);
        Entry e = entry(name, EntryType.BOOLEANS, len);
        readPayload(e, (c, done) -> {
            int base = off + (int) done;
            int n = c.remaining();
            for (int i = 0; i < n; i++) {
                byte b = c.get(i);
                if (b != 0 && b != 1) {
                    throw refuse("entry '" + name + "' holds byte " + b + " at " + (done + i) + ", not a boolean (0 or 1)");
                }
                out[base + i] = b == 1;
            }
        });
    }

    private static void checkRange(String name, int arrayLength, int off, int len) {
        if (off < 0 || len < 0 || off > arrayLength - len) {
            throw new IndexOutOfBoundsException("checkpoint entry '" + name + "': range [" + off + ", " + off + " + "
                    + len + ") of an array of " + arrayLength);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
