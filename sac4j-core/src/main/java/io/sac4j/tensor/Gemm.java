package io.sac4j.tensor;

/**
 * Matrix products with explicit outputs, in the three forms a backward pass needs:
 * {@code C = A B} (forward), {@code C = A^T B} (weight gradient {@code dW = X^T dY}) and
 * {@code C = A B^T} (input gradient {@code dX = dY W^T}), each overwriting {@code C} or accumulating
 * into it. {@code C} must not alias {@code A} or {@code B}.
 *
 * <p>Every form runs on the kernel and threads of the {@link KernelThreads} it is given.
 */
public final class Gemm {
    /** Per thread: the transposed right operand of {@link #multTransB}; grows, never shrinks. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private Gemm() {
    }

    /** {@code c = a b}, or {@code c += a b} when {@code accumulate}. a: m x k, b: k x n, c: m x n (modified). */
    public static void mult(KernelThreads on, Matrix a, Matrix b, Matrix c, boolean accumulate) {
        if (a.cols != b.rows || c.rows != a.rows || c.cols != b.cols) {
            throw shapeError("A B", a, b, c);
        }
        noAlias(a, b, c);
        on.gemm(a.rows, b.cols, a.cols, a.data, a.cols, 1, b.data, c.data, accumulate, null, false);
    }

    /** {@code c = a^T b}, or {@code c += a^T b} when {@code accumulate}. a: k x m, b: k x n, c: m x n (modified). */
    public static void multTransA(KernelThreads on, Matrix a, Matrix b, Matrix c, boolean accumulate) {
        if (a.rows != b.rows || c.rows != a.cols || c.cols != b.cols) {
            throw shapeError("A^T B", a, b, c);
        }
        noAlias(a, b, c);
        // A^T(i, p) = A[p, i]: row stride 1, column stride a.cols.
        on.gemm(a.cols, b.cols, a.rows, a.data, 1, a.cols, b.data, c.data, accumulate, null, false);
    }

    /** {@code c = a b^T}, or {@code c += a b^T} when {@code accumulate}. a: m x k, b: n x k, c: m x n (modified). */
    public static void multTransB(KernelThreads on, Matrix a, Matrix b, Matrix c, boolean accumulate) {
        if (a.cols != b.cols || c.rows != a.rows || c.cols != b.rows) {
            throw shapeError("A B^T", a, b, c);
        }
        noAlias(a, b, c);
        int n = b.rows;
        int k = b.cols;
        if (n == 1) {
            // b^T is b's data read as a k x 1 column.
            on.gemm(a.rows, 1, k, a.data, a.cols, 1, b.data, c.data, accumulate, null, false);
            return;
        }
        if (a.rows == 1) {
            // c^T (n x 1) = B a^T: an n-row single-column product over B's rows, with no transpose
            // (which would cost as much as the product). Each element is the same multiply-add chain.
            on.gemm(n, 1, k, b.data, k, 1, a.data, c.data, accumulate, null, false);
            return;
        }
        // Transpose B (n x k) into scratch (k x n) so the kernel streams contiguous rows; O(nk)
        // against the product's O(mnk).
        float[] bt = scratch(n * k);
        on.kernel().transpose(b.data, n, k, bt);
        on.gemm(a.rows, n, k, a.data, a.cols, 1, bt, c.data, accumulate, null, false);
    }

    /**
     * {@code out = act(x w + bias)}, a whole affine layer in one pass: bias is {@code 1 x n} and act
     * is ReLU when {@code relu}, else the identity. x: m x k, w: k x n, out: m x n (modified).
     */
    public static void linear(KernelThreads on, Matrix x, Matrix w, Matrix bias, boolean relu, Matrix out) {
        if (x.cols != w.rows || out.rows != x.rows || out.cols != w.cols) {
            throw shapeError("X W + b", x, w, out);
        }
        if (bias.rows != 1 || bias.cols != w.cols) {
            throw new IllegalArgumentException("linear: bias " + bias.shape() + " for " + w.cols + " outputs");
        }
        noAlias(x, w, out);
        if (out.data == bias.data) {
            throw new IllegalArgumentException("gemm output must not alias an input");
        }
        on.gemm(x.rows, w.cols, x.cols, x.data, x.cols, 1, w.data, out.data, false, bias.data, relu);
    }

    private static float[] scratch(int n) {
        float[] s = SCRATCH.get();
        if (s.length < n) {
            s = new float[n];
            SCRATCH.set(s);
        }
        return s;
    }

    /** {@code out[j * rows + i] = in[i * cols + j]} for an input of {@code rows x cols}. */
    static void transpose(float[] in, int rows, int cols, float[] out) {
        final int blk = 32;
        for (int i0 = 0; i0 < rows; i0 += blk) {
            int i1 = Math.min(rows, i0 + blk);
            for (int j0 = 0; j0 < cols; j0 += blk) {
                int j1 = Math.min(cols, j0 + blk);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        out[j * rows + i] = in[i * cols + j];
                    }
                }
            }
        }
    }

    /** {@code out = in^T}. in: r x c, out: c x r (modified). */
    public static void transpose(Matrix in, Matrix out) {
        if (out.rows != in.cols || out.cols != in.rows) {
            throw new IllegalArgumentException("transpose: " + in.shape() + " into " + out.shape());
        }
        transpose(in.data, in.rows, in.cols, out.data);
    }

    private static void noAlias(Matrix a, Matrix b, Matrix c) {
        if (c.data == a.data || c.data == b.data) {
            throw new IllegalArgumentException("gemm output must not alias an input");
        }
    }

    private static IllegalArgumentException shapeError(String form, Matrix a, Matrix b, Matrix c) {
        return new IllegalArgumentException(
                "gemm " + form + ": incompatible shapes A " + a.shape() + ", B " + b.shape() + ", C " + c.shape());
    }
}
