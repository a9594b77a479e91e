package io.sac4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API matrix product. A register-blocked outer-product kernel: a block of 4 rows of C by
 * 4 vectors of columns stays in 16 vector registers while {@code p} runs over the whole inner
 * dimension, so each step loads 4 vectors of B, broadcasts 4 elements of A and issues 16 FMAs.
 *
 * <p>Only lane-wise operations are used (no horizontal reductions), so every element is the same
 * chain of fused multiply-adds in increasing {@code p} whether the JIT has compiled the loop or not,
 * and whichever block shape covers it: results are bit-identical across row splits and with the
 * masked tail of the last {@code n mod L} columns.
 *
 * <p>Loaded only through {@link Kernels} when the module is present.
 */
final class VectorGemmKernel implements GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void gemm(int i0, int i1, int n, int k, float[] a, int ars, int acs, float[] b, float[] c,
                     boolean accumulate) {
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            rows4(i, n, k, a, ars, acs, b, c, accumulate);
        }
        for (; i < i1; i++) {
            rows1(i, n, k, a, ars, acs, b, c, accumulate);
        }
    }

    private static void rows4(int i, int n, int k, float[] a, int ars, int acs, float[] b, float[] c, boolean acc) {
        final int a0 = i * ars;
        final int a1 = a0 + ars;
        final int a2 = a1 + ars;
        final int a3 = a2 + ars;
        final int c0 = i * n;
        final int c1 = c0 + n;
        final int c2 = c1 + n;
        final int c3 = c2 + n;
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            FloatVector x00, x01, x02, x03, x10, x11, x12, x13, x20, x21, x22, x23, x30, x31, x32, x33;
            if (acc) {
                x00 = FloatVector.fromArray(S, c, c0 + j);
                x01 = FloatVector.fromArray(S, c, c0 + j + L);
                x02 = FloatVector.fromArray(S, c, c0 + j + 2 * L);
                x03 = FloatVector.fromArray(S, c, c0 + j + 3 * L);
                x10 = FloatVector.fromArray(S, c, c1 + j);
                x11 = FloatVector.fromArray(S, c, c1 + j + L);
                x12 = FloatVector.fromArray(S, c, c1 + j + 2 * L);
                x13 = FloatVector.fromArray(S, c, c1 + j + 3 * L);
                x20 = FloatVector.fromArray(S, c, c2 + j);
                x21 = FloatVector.fromArray(S, c, c2 + j + L);
                x22 = FloatVector.fromArray(S, c, c2 + j + 2 * L);
                x23 = FloatVector.fromArray(S, c, c2 + j + 3 * L);
                x30 = FloatVector.fromArray(S, c, c3 + j);
                x31 = FloatVector.fromArray(S, c, c3 + j + L);
                x32 = FloatVector.fromArray(S, c, c3 + j + 2 * L);
                x33 = FloatVector.fromArray(S, c, c3 + j + 3 * L);
            } else {
                FloatVector z = FloatVector.zero(S);
                x00 = z; x01 = z; x02 = z; x03 = z;
                x10 = z; x11 = z; x12 = z; x13 = z;
                x20 = z; x21 = z; x22 = z; x23 = z;
                x30 = z; x31 = z; x32 = z; x33 = z;
            }
            for (int p = 0; p < k; p++) {
                int bp = p * n + j;
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
                FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
                int ap = p * acs;
                FloatVector v0 = FloatVector.broadcast(S, a[a0 + ap]);
                x00 = v0.fma(b0, x00);
                x01 = v0.fma(b1, x01);
                x02 = v0.fma(b2, x02);
                x03 = v0.fma(b3, x03);
                FloatVector v1 = FloatVector.broadcast(S, a[a1 + ap]);
                x10 = v1.fma(b0, x10);
                x11 = v1.fma(b1, x11);
                x12 = v1.fma(b2, x12);
                x13 = v1.fma(b3, x13);
                FloatVector v2 = FloatVector.broadcast(S, a[a2 + ap]);
                x20 = v2.fma(b0, x20);
                x21 = v2.fma(b1, x21);
                x22 = v2.fma(b2, x22);
                x23 = v2.fma(b3, x23);
                FloatVector v3 = FloatVector.broadcast(S, a[a3 + ap]);
                x30 = v3.fma(b0, x30);
                x31 = v3.fma(b1, x31);
                x32 = v3.fma(b2, x32);
                x33 = v3.fma(b3, x33);
            }
            x00.intoArray(c, c0 + j);
            x01.intoArray(c, c0 + j + L);
            x02.intoArray(c, c0 + j + 2 * L);
            x03.intoArray(c, c0 + j + 3 * L);
            x10.intoArray(c, c1 + j);
            x11.intoArray(c, c1 + j + L);
            x12.intoArray(c, c1 + j + 2 * L);
            x13.intoArray(c, c1 + j + 3 * L);
            x20.intoArray(c, c2 + j);
            x21.intoArray(c, c2 + j + L);
            x22.intoArray(c, c2 + j + 2 * L);
            x23.intoArray(c, c2 + j + 3 * L);
            x30.intoArray(c, c3 + j);
            x31.intoArray(c, c3 + j + L);
            x32.intoArray(c, c3 + j + 2 * L);
            x33.intoArray(c, c3 + j + 3 * L);
        }
        for (; j + L <= n; j += L) {
            FloatVector x0, x1, x2, x3;
            if (acc) {
                x0 = FloatVector.fromArray(S, c, c0 + j);
                x1 = FloatVector.fromArray(S, c, c1 + j);
                x2 = FloatVector.fromArray(S, c, c2 + j);
                x3 = FloatVector.fromArray(S, c, c3 + j);
            } else {
                x0 = FloatVector.zero(S);
                x1 = x0;
                x2 = x0;
                x3 = x0;
            }
            for (int p = 0; p < k; p++) {
                FloatVector bv = FloatVector.fromArray(S, b, p * n + j);
                int ap = p * acs;
                x0 = FloatVector.broadcast(S, a[a0 + ap]).fma(bv, x0);
                x1 = FloatVector.broadcast(S, a[a1 + ap]).fma(bv, x1);
                x2 = FloatVector.broadcast(S, a[a2 + ap]).fma(bv, x2);
                x3 = FloatVector.broadcast(S, a[a3 + ap]).fma(bv, x3);
            }
            x0.intoArray(c, c0 + j);
            x1.intoArray(c, c1 + j);
            x2.intoArray(c, c2 + j);
            x3.intoArray(c, c3 + j);
        }
        if (j < n) {
            // The last n - j < L columns: the same chains under a lane mask.
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector x0, x1, x2, x3;
            if (acc) {
                x0 = FloatVector.fromArray(S, c, c0 + j, m);
                x1 = FloatVector.fromArray(S, c, c1 + j, m);
                x2 = FloatVector.fromArray(S, c, c2 + j, m);
                x3 = FloatVector.fromArray(S, c, c3 + j, m);
            } else {
                x0 = FloatVector.zero(S);
                x1 = x0;
                x2 = x0;
                x3 = x0;
            }
            for (int p = 0; p < k; p++) {
                FloatVector bv = FloatVector.fromArray(S, b, p * n + j, m);
                int ap = p * acs;
                x0 = FloatVector.broadcast(S, a[a0 + ap]).fma(bv, x0);
                x1 = FloatVector.broadcast(S, a[a1 + ap]).fma(bv, x1);
                x2 = FloatVector.broadcast(S, a[a2 + ap]).fma(bv, x2);
                x3 = FloatVector.broadcast(S, a[a3 + ap]).fma(bv, x3);
            }
            x0.intoArray(c, c0 + j, m);
            x1.intoArray(c, c1 + j, m);
            x2.intoArray(c, c2 + j, m);
            x3.intoArray(c, c3 + j, m);
        }
    }

    private static void rows1(int i, int n, int k, float[] a, int ars, int acs, float[] b, float[] c, boolean acc) {
        final int a0 = i * ars;
        final int c0 = i * n;
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            FloatVector x0, x1, x2, x3;
            if (acc) {
                x0 = FloatVector.fromArray(S, c, c0 + j);
                x1 = FloatVector.fromArray(S, c, c0 + j + L);
                x2 = FloatVector.fromArray(S, c, c0 + j + 2 * L);
                x3 = FloatVector.fromArray(S, c, c0 + j + 3 * L);
            } else {
                x0 = FloatVector.zero(S);
                x1 = x0;
                x2 = x0;
                x3 = x0;
            }
            for (int p = 0; p < k; p++) {
                int bp = p * n + j;
                FloatVector v = FloatVector.broadcast(S, a[a0 + p * acs]);
                x0 = v.fma(FloatVector.fromArray(S, b, bp), x0);
                x1 = v.fma(FloatVector.fromArray(S, b, bp + L), x1);
                x2 = v.fma(FloatVector.fromArray(S, b, bp + 2 * L), x2);
                x3 = v.fma(FloatVector.fromArray(S, b, bp + 3 * L), x3);
            }
            x0.intoArray(c, c0 + j);
            x1.intoArray(c, c0 + j + L);
            x2.intoArray(c, c0 + j + 2 * L);
            x3.intoArray(c, c0 + j + 3 * L);
        }
        for (; j + L <= n; j += L) {
            FloatVector x = acc ? FloatVector.fromArray(S, c, c0 + j) : FloatVector.zero(S);
            for (int p = 0; p < k; p++) {
                x = FloatVector.broadcast(S, a[a0 + p * acs]).fma(FloatVector.fromArray(S, b, p * n + j), x);
            }
            x.intoArray(c, c0 + j);
        }
        if (j < n) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector x = acc ? FloatVector.fromArray(S, c, c0 + j, m) : FloatVector.zero(S);
            for (int p = 0; p < k; p++) {
                x = FloatVector.broadcast(S, a[a0 + p * acs]).fma(FloatVector.fromArray(S, b, p * n + j, m), x);
            }
            x.intoArray(c, c0 + j, m);
        }
    }

    @Override
    public String name() {
        return "vector(" + S.vectorBitSize() + "-bit)";
    }
}
