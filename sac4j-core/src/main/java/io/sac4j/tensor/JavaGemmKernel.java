package io.sac4j.tensor;

/**
 * The plain-Java matrix product: row-times-row axpy loops. The fallback when the Vector API is not
 * available, and the reference the Vector API kernel is tested against.
 */
final class JavaGemmKernel implements GemmKernel {
    static final JavaGemmKernel INSTANCE = new JavaGemmKernel();

    private JavaGemmKernel() {
    }

    @Override
    public void gemm(int i0, int i1, int n, int k, float[] a, int aRowStride, int aColStride, float[] b, float[] c,
                     boolean accumulate, float[] bias, boolean relu) {
        for (int i = i0; i < i1; i++) {
            int ci = i * n;
            if (!accumulate) {
                if (bias != null) {
                    System.arraycopy(bias, 0, c, ci, n);
                } else {
                    java.util.Arrays.fill(c, ci, ci + n, 0f);
                }
            }
            int ai = i * aRowStride;
            for (int p = 0; p < k; p++) {
                float aip = a[ai + p * aColStride];
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = Math.fma(aip, b[bp + j], c[ci + j]);
                }
            }
            if (relu) {
                // x < 0 ? 0 : x, so a NaN passes through (Math.max would too, but turns -0 into +0,
                // which the vector kernel's select does not).
                for (int j = ci; j < ci + n; j++) {
                    if (c[j] < 0f) {
                        c[j] = 0f;
                    }
                }
            }
        }
    }

    @Override
    public String name() {
        return "java";
    }
}
