package io.sac4j.tensor;

/**
 * One implementation of the matrix-product inner loops. Two exist: {@link #java()}, plain Java that
 * runs everywhere, and {@link #vector()}, the Vector API kernel used when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}. Both are covered by the same test suite and give the
 * same bits.
 */
public interface GemmKernel {

    /**
     * For output rows {@code i} in {@code [i0, i1)} and columns {@code j} in {@code [0, n)}:
     * <pre>
     *   C[i, j] = act(init + sum_{p < k} A(i, p) * B[p, j])
     *   init    = accumulate ? C[i, j] : (bias != null ? bias[j] : 0)
     *   act     = relu ? max(., 0) : identity
     * </pre>
     * the sum taken as one chain of fused multiply-adds from {@code init} in increasing {@code p},
     * where {@code A(i, p) = a[i * aRowStride + p * aColStride]} and {@code B} is row-major with
     * {@code n} columns. Folding the bias and the ReLU of a layer into the product saves two passes
     * over its output.
     *
     * <p>The operation order per element does not depend on {@code i0, i1}, so splitting the rows
     * among threads gives the same bits as one call.
     *
     * @param c modified; the others are not modified
     */
    void gemm(int i0, int i1, int n, int k, float[] a, int aRowStride, int aColStride, float[] b, float[] c,
              boolean accumulate, float[] bias, boolean relu);

    /** The plain product: {@link #gemm(int, int, int, int, float[], int, int, float[], float[], boolean, float[], boolean)} without bias or ReLU. */
    default void gemm(int i0, int i1, int n, int k, float[] a, int aRowStride, int aColStride, float[] b, float[] c,
                      boolean accumulate) {
        gemm(i0, i1, n, k, a, aRowStride, aColStride, b, c, accumulate, null, false);
    }

    /**
     * {@code out[j * rows + i] = in[i * cols + j]}: the {@code rows x cols} matrix {@code in}
     * transposed (the right operand of {@code A B^T}, packed). {@code out} is modified.
     */
    default void transpose(float[] in, int rows, int cols, float[] out) {
        Gemm.transpose(in, rows, cols, out);
    }

    /** A short name for logs and benchmarks. */
    String name();

    /** The plain-Java kernel. */
    static GemmKernel java() {
        return JavaGemmKernel.INSTANCE;
    }

    /** The Vector API kernel, or null when {@code jdk.incubator.vector} is not in the boot layer. */
    static GemmKernel vector() {
        return Kernels.VECTOR;
    }
}
