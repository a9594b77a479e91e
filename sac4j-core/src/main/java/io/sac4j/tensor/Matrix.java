package io.sac4j.tensor;

import java.util.Arrays;

/**
 * A dense row-major float32 matrix: element {@code (i, j)} lives at {@code data[i * cols + j]}.
 *
 * <p>The shape is fixed at construction; the contents are mutable. Vectors are matrices with one row
 * or one column, scalars are 1x1.
 */
public final class Matrix {
    public final int rows;
    public final int cols;
    /** The elements, row-major; exposed so kernels can run over them without copies. */
    public final float[] data;

    public Matrix(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape must be non-negative, got " + rows + "x" + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = new float[Math.multiplyExact(rows, cols)];
    }

    /** A matrix over {@code values} (copied), given row by row. */
    /**
     * {@code m} if it is {@code rows x cols}, else a new zero matrix of that shape: the one way a
     * learner's scratch buffer follows the batch size without allocating in steady state. Not modified.
     */
    public static Matrix reuseOrNew(Matrix m, int rows, int cols) {
        return m.rows == rows && m.cols == cols ? m : new Matrix(rows, cols);
    }

    public static Matrix of(int rows, int cols, float... values) {
        Matrix m = new Matrix(rows, cols);
        if (values.length != m.data.length) {
            throw new IllegalArgumentException(
                    "expected " + m.data.length + " values for a " + rows + "x" + cols + " matrix, got " + values.length);
        }
        System.arraycopy(values, 0, m.data, 0, values.length);
        return m;
    }

    public int size() {
        return data.length;
    }

    public float get(int i, int j) {
        return data[i * cols + j];
    }

    public void set(int i, int j, float v) {
        data[i * cols + j] = v;
    }

    public boolean sameShape(Matrix other) {
        return rows == other.rows && cols == other.cols;
    }

    public String shape() {
        return rows + "x" + cols;
    }

    /** Sets every element to zero. Modifies this. */
    public void zeroInPlace() {
        Arrays.fill(data, 0f);
    }

    /** Sets every element to {@code v}. Modifies this. */
    public void fillInPlace(float v) {
        Arrays.fill(data, v);
    }

    /** Copies {@code src} into this; shapes must match. Modifies this. */
    public void copyFrom(Matrix src) {
        requireSameShape(this, src, "copyFrom");
        System.arraycopy(src.data, 0, data, 0, data.length);
    }

    /** A new matrix with the same shape and contents. */
    public Matrix copy() {
        Matrix m = new Matrix(rows, cols);
        System.arraycopy(data, 0, m.data, 0, data.length);
        return m;
    }

    /** True if every element is finite. */
    public boolean allFinite() {
        for (float v : data) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    static void requireSameShape(Matrix a, Matrix b, String op) {
        if (a.rows != b.rows || a.cols != b.cols) {
            throw new IllegalArgumentException(op + ": shape mismatch " + a.shape() + " vs " + b.shape());
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Matrix ").append(shape()).append(" [");
        int n = Math.min(data.length, 16);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(data[i]);
        }
        if (data.length > n) {
            sb.append(", ...");
        }
        return sb.append(']').toString();
    }
}
