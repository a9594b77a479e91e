package io.sac4j.proto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One protobuf message being encoded (the wire format of protobuf's encoding guide): fields appended in
 * call order, each a key {@code (field << 3) | wireType} then its value. Used for ONNX models and
 * TensorBoard event files, so sac4j needs no protobuf library. Not thread-safe.
 */
public final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An int64 / enum field (varint; a negative value takes ten bytes, as protobuf writes int64). */
    public void int64(int field, long value) {
        key(field, VARINT);
        varint(value);
    }

    /** A string field (UTF-8 bytes, length-delimited). */
    public void string(int field, String value) {
        bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bytes field (length-delimited). */
    public void bytes(int field, byte[] value) {
        key(field, LENGTH_DELIMITED);
        varint(value.length);
        out.writeBytes(value);
    }

    /** An embedded message field. */
    public void message(int field, ProtoWriter value) {
        bytes(field, value.toByteArray());
    }

    /** A fixed32 / float field: the four bytes of {@code bits}, least significant first. */
    public void fixed32(int field, int bits) {
        key(field, FIXED32);
        littleEndian(bits, 4);
    }

    /** A fixed64 / double field: the eight bytes of {@code bits}, least significant first. */
    public void fixed64(int field, long bits) {
        key(field, FIXED64);
        littleEndian(bits, 8);
    }

    /** The message's bytes so far. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void key(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** Base-128, least significant group first, high bit set on all but the last byte. */
    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void littleEndian(long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }
}
