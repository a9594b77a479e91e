package io.sac4j.gym;

import com.google.protobuf.ByteString;
import io.sac4j.gym.proto.DType;
import io.sac4j.gym.proto.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * {@link Tensor} (row-major, little-endian) to and from the arrays sac4j uses. Decoding checks the
 * shape and the byte count and reports a mismatch with a message naming the tensor, so a misshapen
 * reply is named where it arrives instead of corrupting a replay buffer.
 */
final class Tensors {
    private Tensors() {
    }

    static int elementBytes(DType t) {
        return switch (t) {
            case FLOAT64, INT64 -> 8;
            case FLOAT32, INT32 -> 4;
            case UINT8, BOOL -> 1;
            default -> throw new IllegalArgumentException("tensor of dtype " + t + " is not supported");
        };
    }

    /** {@code rows} as a FLOAT32 tensor of shape {@code [rows.length, *shape]}. */
    static Tensor float32(float[][] rows, long[] shape) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        ByteBuffer b = ByteBuffer.allocate(rows.length * width * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] r : rows) {
            for (float v : r) {
                b.putFloat(v);
            }
        }
        return tensor(DType.FLOAT32, rows.length, shape, b);
    }

    /** {@code values} as a FLOAT64 tensor of shape {@code [values.length]}. */
    static Tensor float64(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return tensor(DType.FLOAT64, values.length, new long[0], b);
    }

    /** The Discrete actions {@code rows[i][0] + start} as an INT64 tensor of shape {@code [rows.length]}. */
    static Tensor int64(float[][] rows, long start) {
        ByteBuffer b = ByteBuffer.allocate(rows.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] r : rows) {
            b.putLong((long) r[0] + start);
        }
        return tensor(DType.INT64, rows.length, new long[0], b);
    }

    private static Tensor tensor(DType dtype, int rows, long[] shape, ByteBuffer b) {
        b.flip();
        Tensor.Builder t = Tensor.newBuilder().setDtype(dtype).addShape(rows);
        for (long s : shape) {
            t.addShape(s);
        }
        return t.setData(ByteString.copyFrom(b)).build();
    }

    /**
     * The tensor as {@code rows} float rows of {@code width} values (minus {@code offset}: a Discrete
     * space's start), converted from its dtype; float64 values are rounded to float32 as numpy's
     * {@code astype(float32)} rounds them (to nearest).
     *
     * @param shape the expected shape of one row ({@code []} for scalars)
     * @param what  names the tensor in a message, e.g. "Step 3: observations"
     * @throws IllegalStateException naming {@code what} when the shape or the byte count is not the expected one
     */
    static float[][] rows(Tensor t, int rows, long[] shape, int width, long offset, String what) {
        checkShape(t, rows, shape, what);
        ByteBuffer b = t.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int size = elementBytes(t.getDtype());
        if (b.remaining() != (long) rows * width * size) {
            throw new IllegalStateException(what + " hold " + b.remaining() + " bytes, expected " + rows * width
                    + " values of " + t.getDtype() + " (" + (long) rows * width * size + " bytes)");
        }
        float[][] out = new float[rows][width];
        for (float[] r : out) {
            for (int j = 0; j < width; j++) {
                r[j] = switch (t.getDtype()) {
                    case FLOAT32 -> b.getFloat();
                    case FLOAT64 -> (float) b.getDouble();
                    case INT64 -> (float) (b.getLong() - offset);
                    case INT32 -> (float) (b.getInt() - offset);
                    case UINT8 -> (float) (Byte.toUnsignedInt(b.get()) - offset);
                    case BOOL -> b.get() != 0 ? 1f : 0f;
                    default -> throw new IllegalStateException(what + " have dtype " + t.getDtype());
                };
            }
        }
        return out;
    }

    /** The tensor as doubles (FLOAT64 or FLOAT32), checked to have shape {@code [n]}. */
    static double[] doubles(Tensor t, int n, String what) {
        checkShape(t, n, new long[0], what);
        ByteBuffer b = t.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int size = t.getDtype() == DType.FLOAT64 ? 8 : t.getDtype() == DType.FLOAT32 ? 4 : -1;
        if (size < 0) {
            throw new IllegalStateException(what + " have dtype " + t.getDtype() + ", expected FLOAT64");
        }
        if (b.remaining() != n * size) {
            throw new IllegalStateException(what + " hold " + b.remaining() + " bytes, expected " + n + " values of "
                    + t.getDtype());
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = size == 8 ? b.getDouble() : b.getFloat();
        }
        return out;
    }

    private static void checkShape(Tensor t, int rows, long[] shape, String what) {
        long[] expected = new long[shape.length + 1];
        expected[0] = rows;
        System.arraycopy(shape, 0, expected, 1, shape.length);
        long[] got = t.getShapeList().stream().mapToLong(Long::longValue).toArray();
        if (!Arrays.equals(got, expected)) {
            throw new IllegalStateException(what + " have shape " + Arrays.toString(got) + ", expected "
                    + Arrays.toString(expected));
        }
    }
}
