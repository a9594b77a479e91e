package io.sac4j.train;

import io.sac4j.proto.ProtoWriter;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.DoubleSupplier;
import java.util.zip.CRC32C;

/**
 * Writes a TensorBoard event file, {@code events.out.tfevents.<unix-seconds>.<hostname>}, with no
 * dependency: the protocol-buffer wire format and the TFRecord framing are written by hand.
 *
 * <p>The first record is an {@code Event} whose {@code file_version} is {@value #FILE_VERSION}; each
 * {@link #addScalar} appends one {@code Event} holding a {@code Summary} with one {@code Value}. The
 * messages and field numbers, from TensorFlow's {@code tensorflow/core/util/event.proto} and
 * {@code tensorflow/core/framework/summary.proto} (proto3):
 * <pre>
 * message Event   { double wall_time = 1; int64 step = 2;
 *                   oneof what { string file_version = 3; ... Summary summary = 5; ... } }
 * message Summary { repeated Value value = 1; }
 * message Value   { string tag = 1; oneof value { float simple_value = 2; ... } }
 * </pre>
 * Encoded as the protobuf encoding guide says: a key is the varint {@code (field << 3) | wire type}
 * (0 varint, 1 fixed64 little endian, 2 length-delimited, 5 fixed32 little endian).
 *
 * <p>Each record is framed as a TFRecord ({@code tensorflow/core/lib/io/record_writer.h}):
 * <pre>
 * uint64 length            (little endian)
 * uint32 masked_crc32c(length bytes)
 * byte   data[length]
 * uint32 masked_crc32c(data)
 * </pre>
 * with {@code masked_crc = ((crc >>> 15) | (crc << 17)) + 0xa282ead8} over CRC-32C (Castagnoli),
 * as in TensorFlow's {@code crc32c.h} (from LevelDB).
 *
 * <p>Records are buffered; {@link #flush} pushes them to the file (TensorBoard reads what is there
 * while training runs), {@link #close} flushes and closes. Not thread-safe: call from one thread.
 */
public final class TensorBoardWriter implements AutoCloseable {
    /** The {@code file_version} of the first event, as TensorFlow's own writers set it. */
    public static final String FILE_VERSION = "brain.Event:2";
    /** Added to the rotated CRC ({@code kMaskDelta} in TensorFlow's {@code crc32c.h}). */
    static final int MASK_DELTA = 0xa282ead8;


    private final Path file;
    private final OutputStream out;
    private final DoubleSupplier clock;
    private boolean closed;

    /** A new event file in {@code dir} (created if missing), stamped with the system clock. */
    public TensorBoardWriter(Path dir) {
        this(dir, () -> System.currentTimeMillis() / 1000.0);
    }

    /**
     * A new event file in {@code dir} (created if missing).
     *
     * @param wallClockSeconds the time of each event, in seconds since the Unix epoch; also names the file
     */
    public TensorBoardWriter(Path dir, DoubleSupplier wallClockSeconds) {
        this.clock = wallClockSeconds;
        double now = wallClockSeconds.getAsDouble();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the TensorBoard directory " + dir + ": " + e.getMessage(), e);
        }
        String base = "events.out.tfevents." + (long) Math.floor(now) + "." + hostname();
        Path f = dir.resolve(base);
        OutputStream o = null;
        // Two writers started in the same second in the same directory get distinct files.
        for (int i = 1; o == null; i++) {
            try {
                o = Files.newOutputStream(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                f = dir.resolve(base + "." + i);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + f + ": " + e.getMessage(), e);
            }
        }
        this.file = f;
        this.out = new BufferedOutputStream(o);
        ProtoWriter event = event(now, 0);
        event.string(3, FILE_VERSION);
        writeRecord(event.toByteArray());
        flush();
    }

    /** The event file being written. */
    public Path file() {
        return file;
    }

    /**
     * Appends one scalar: an {@code Event} at {@code step} holding {@code Summary{Value{tag,
     * simple_value}}}, stamped with the clock's time now. TensorBoard stores scalars as float32.
     */
    public void addScalar(String tag, double value, long step) {
        if (tag == null || tag.isEmpty()) {
            throw new IllegalArgumentException("a TensorBoard scalar needs a non-empty tag");
        }
        ProtoWriter v = new ProtoWriter();
        v.string(1, tag);
        v.fixed32(2, Float.floatToIntBits((float) value));
        ProtoWriter summary = new ProtoWriter();
        summary.message(1, v);
        ProtoWriter event = event(clock.getAsDouble(), step);
        event.message(5, summary);
        writeRecord(event.toByteArray());
    }

    /** Pushes the records written so far to the file. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The masked CRC-32C that TFRecord stores: {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8},
     * modulo 2^32 (Java's int arithmetic wraps the same way).
     */
    static int maskedCrc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    private void writeRecord(byte[] data) {
        if (closed) {
            throw new IllegalStateException("the TensorBoard writer of " + file + " is closed");
        }
        byte[] len = new byte[8];
        long n = data.length;
        for (int i = 0; i < 8; i++) {
            len[i] = (byte) (n >>> (8 * i));
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream(data.length + 16);
        frame.writeBytes(len);
        writeFixed32(frame, maskedCrc32c(len, 0, 8));
        frame.writeBytes(data);
        writeFixed32(frame, maskedCrc32c(data, 0, data.length));
        try {
            frame.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + file + ": " + e.getMessage(), e);
        }
    }

    /** An Event with {@code wall_time = 1} (double) and {@code step = 2} (int64: a negative step takes ten bytes). */
    private static ProtoWriter event(double wallTime, long step) {
        ProtoWriter event = new ProtoWriter();
        event.fixed64(1, Double.doubleToLongBits(wallTime));
        event.int64(2, step);
        return event;
    }

    private static void writeFixed32(ByteArrayOutputStream out, int v) {
        for (int i = 0; i < 4; i++) {
            out.write(v >>> (8 * i));
        }
    }

    /** The host name for the file name, as TensorFlow's writer adds it; characters unsafe in a name replaced. */
    private static String hostname() {
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException | SecurityException e) {
            h = "localhost";
        }
        h = h.replaceAll("[^A-Za-z0-9._-]", "_");
        return h.isEmpty() ? "localhost" : h;
    }
}
