package io.sac4j.tensor;

/**
 * Elementwise maps and reductions with explicit outputs.
 *
 * <p>Binary ops broadcast their second operand {@code b} over the first {@code a} when {@code b} is
 * the same shape, one row ({@code 1 x cols}), one column ({@code rows x 1}) or a scalar ({@code 1 x 1}).
 * Outputs may alias the first operand (that is an in-place update), never the second.
 *
 * <p>Transcendentals use {@link StrictMath} so every run gives the same bits, whatever the JIT did.
 */
public final class Ops {
    private static final ThreadLocal<double[]> ROW_SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    private Ops() {
    }

    private static final ThreadLocal<float[]> COL_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    /** Per-thread float scratch of at least n elements, zeroed. */
    static float[] zeroedColScratch(int n) {
        float[] s = COL_SCRATCH.get();
        if (s.length < n) {
            s = new float[n];
            COL_SCRATCH.set(s);
        } else {
            java.util.Arrays.fill(s, 0, n, 0f);
        }
        return s;
    }

    private static double[] rowScratch(int n) {
        double[] s = ROW_SCRATCH.get();
        if (s.length < n) {
            s = new double[n];
            ROW_SCRATCH.set(s);
        }
        return s;
    }

    /** How a second operand of shape {@code b} broadcasts over a first operand of shape {@code a}. */
    public enum Broadcast {
        FULL, ROW, COL, SCALAR;

        /** The broadcast of {@code b} over {@code a}, or an exception naming both shapes. */
        public static Broadcast of(Matrix a, Matrix b, String op) {
            if (b.rows == a.rows && b.cols == a.cols) {
                return FULL;
            }
            if (b.rows == 1 && b.cols == 1) {
                return SCALAR;
            }
            if (b.rows == 1 && b.cols == a.cols) {
                return ROW;
            }
            if (b.cols == 1 && b.rows == a.rows) {
                return COL;
            }
            throw new IllegalArgumentException(op + ": cannot broadcast " + b.shape() + " over " + a.shape());
        }
    }

    private static void requireOut(Matrix a, Matrix out, String op) {
        if (a.rows != out.rows || a.cols != out.cols) {
            throw new IllegalArgumentException(op + ": output " + out.shape() + " does not match input " + a.shape());
        }
    }

    private static int bIndex(Broadcast bc, int idx, int cols) {
        switch (bc) {
            case FULL:
                return idx;
            case ROW:
                return idx % cols;
            case COL:
                return idx / cols;
            default:
                return 0;
        }
    }

    /** out = a + b (b broadcast). */
    public static void add(Matrix a, Matrix b, Matrix out) {
        Broadcast bc = Broadcast.of(a, b, "add");
        requireOut(a, out, "add");
        float[] x = a.data, y = b.data, o = out.data;
        int n = x.length;
        if (bc == Broadcast.FULL) {
            for (int i = 0; i < n; i++) {
                o[i] = x[i] + y[i];
            }
        } else if (bc == Broadcast.ROW) {
            int cols = a.cols;
            for (int r = 0, base = 0; r < a.rows; r++, base += cols) {
                for (int j = 0; j < cols; j++) {
                    o[base + j] = x[base + j] + y[j];
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                o[i] = x[i] + y[bIndex(bc, i, a.cols)];
            }
        }
    }

    /** out = a - b (b broadcast). */
    public static void sub(Matrix a, Matrix b, Matrix out) {
        Broadcast bc = Broadcast.of(a, b, "sub");
        requireOut(a, out, "sub");
        float[] x = a.data, y = b.data, o = out.data;
        for (int i = 0; i < x.length; i++) {
            o[i] = x[i] - y[bIndex(bc, i, a.cols)];
        }
    }

    /** out = a * b elementwise (b broadcast). */
    public static void mul(Matrix a, Matrix b, Matrix out) {
        Broadcast bc = Broadcast.of(a, b, "mul");
        requireOut(a, out, "mul");
        float[] x = a.data, y = b.data, o = out.data;
        for (int i = 0; i < x.length; i++) {
            o[i] = x[i] * y[bIndex(bc, i, a.cols)];
        }
    }

    /** out = s * a. */
    public static void scale(Matrix a, float s, Matrix out) {
        requireOut(a, out, "scale");
        float[] x = a.data, o = out.data;
        for (int i = 0; i < x.length; i++) {
            o[i] = s * x[i];
        }
    }

    /** out = a + s. */
    public static void addScalar(Matrix a, float s, Matrix out) {
        requireOut(a, out, "addScalar");
        float[] x = a.data, o = out.data;
        for (int i = 0; i < x.length; i++) {
            o[i] = x[i] + s;
        }
    }

    /** y += s * x, same shapes. Modifies y. */
    public static void axpyInPlace(float s, Matrix x, Matrix y) {
        Matrix.requireSameShape(x, y, "axpy");
        float[] xs = x.data, ys = y.data;
        for (int i = 0; i < xs.length; i++) {
            ys[i] = Math.fma(s, xs[i], ys[i]);
        }
    }

    /** y += x, same shapes. Modifies y. */
    public static void addInPlace(Matrix y, Matrix x) {
        Matrix.requireSameShape(x, y, "addInPlace");
        float[] xs = x.data, ys = y.data;
        for (int i = 0; i < xs.length; i++) {
            ys[i] += xs[i];
        }
    }

    /** {@code out = a < 0 ? 0 : a}: a NaN passes through, and the same rule as the gemm kernels' fused ReLU. */
    public static void relu(Matrix a, Matrix out) {
        requireOut(a, out, "relu");
        float[] x = a.data, o = out.data;
        for (int i = 0; i < x.length; i++) {
            o[i] = x[i] < 0f ? 0f : x[i];
        }
    }

    /**
     * {@code gradIn += (y > 0 ? gradOut : 0)}, the backward pass of {@code y = relu(x)}. Modifies
     * gradIn. Branch-free, since ReLU signs are data-dependent and a branch would mispredict half
     * the time; C2 does not vectorise the select, so the Vector API form runs when {@code on} has
     * that kernel.
     */
    public static void reluBackwardAdd(KernelThreads on, Matrix y, Matrix gradOut, Matrix gradIn) {
        Matrix.requireSameShape(y, gradOut, "reluBackward");
        Matrix.requireSameShape(y, gradIn, "reluBackward");
        float[] ys = y.data, g = gradOut.data, gi = gradIn.data;
        if (on.vectorized()) {
            VectorOps.reluBackwardAdd(ys, g, gi);
            return;
        }
        for (int i = 0; i < ys.length; i++) {
            gi[i] += ys[i] > 0f ? g[i] : 0f;
        }
    }

    /**
     * {@code out = (y > 0 ? g : 0)}, the gradient through {@code y = relu(x)}; and, when
     * {@code colSums} is not null, {@code colSums[j] += sum_i out[i, j]} (the gradient of a bias
     * added before the ReLU). Column sums run in float over rows in increasing order, in one pass
     * with the mask.
     */
    public static void reluGrad(KernelThreads on, Matrix y, Matrix g, Matrix out, Matrix colSums) {
        Matrix.requireSameShape(y, g, "reluGrad");
        Matrix.requireSameShape(y, out, "reluGrad");
        int cols = y.cols;
        if (colSums != null && (colSums.rows != 1 || colSums.cols != cols)) {
            throw new IllegalArgumentException("reluGrad: column sums " + colSums.shape() + " for " + y.shape());
        }
        float[] s = colSums == null ? null : zeroedColScratch(cols);
        if (on.vectorized()) {
            VectorOps.reluGrad(y.data, g.data, out.data, y.rows, cols, s);
        } else {
            float[] ys = y.data, gs = g.data, o = out.data;
            for (int i = 0, base = 0; i < y.rows; i++, base += cols) {
                for (int j = 0; j < cols; j++) {
                    float x = ys[base + j] > 0f ? gs[base + j] : 0f;
                    o[base + j] = x;
                    if (s != null) {
                        s[j] += x;
                    }
                }
            }
        }
        if (s != null) {
            float[] t = colSums.data;
            for (int j = 0; j < cols; j++) {
                t[j] += s[j];
            }
        }
    }

    /** {@code target[j] += sum_i g[i, j]}, the sum in float over rows in increasing order. target: 1 x cols. */
    public static void addColumnSums(Matrix g, Matrix target) {
        int cols = g.cols;
        if (target.rows != 1 || target.cols != cols) {
            throw new IllegalArgumentException("addColumnSums: target " + target.shape() + " for " + g.shape());
        }
        float[] s = zeroedColScratch(cols);
        float[] gs = g.data;
        for (int i = 0, base = 0; i < g.rows; i++, base += cols) {
            for (int j = 0; j < cols; j++) {
                s[j] += gs[base + j];
            }
        }
        float[] t = target.data;
        for (int j = 0; j < cols; j++) {
            t[j] += s[j];
        }
    }

    /**
     * Adam's elementwise update on {@code [from, to)} (Kingma and Ba 2015, PyTorch's arrangement):
     * {@code m = b1 m + c1 g; v = b2 v + c2 g g; p -= stepSize m / (sqrt(v) invSqrtBc2 + eps)}, each
     * operation rounded to float in this order (no fused multiply-add), so the Vector API form gives
     * the same bits.
     */
    public static void adamUpdate(KernelThreads on, float[] p, float[] g, float[] m, float[] v, int from, int to,
                                  float b1, float c1, float b2, float c2, float stepSize, float invSqrtBc2,
                                  float eps) {
        int j = from;
        if (on.vectorized()) {
            j = VectorOps.adamUpdate(p, g, m, v, from, to, b1, c1, b2, c2, stepSize, invSqrtBc2, eps);
        }
        for (; j < to; j++) {
            float gj = g[j];
            float mj = b1 * m[j] + c1 * gj;
            float vj = b2 * v[j] + c2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            p[j] -= stepSize * mj / ((float) Math.sqrt(vj) * invSqrtBc2 + eps);
        }
    }

    /** out = tanh(a). */
    public static void tanh(Matrix a, Matrix out) {
        requireOut(a, out, "tanh");
        float[] x = a.data, o = out.data;
        for (int i = 0; i < x.length; i++) {
            o[i] = (float) StrictMath.tanh(x[i]);
        }
    }

    /** out = exp(a). */
    public static void exp(Matrix a, Matrix out) {
        requireOut(a, out, "exp");
        float[] x = a.data, o = out.data;
        for (int i = 0; i < x.length; i++) {
            o[i] = (float) StrictMath.exp(x[i]);
        }
    }

    /** out = log(a). */
    public static void log(Matrix a, Matrix out) {
        requireOut(a, out, "log");
        float[] x = a.data, o = out.data;
        for (int i = 0; i < x.length; i++) {
            o[i] = (float) StrictMath.log(x[i]);
        }
    }

    /** log(1 + e^x) without overflow: max(x, 0) + log1p(e^{-|x|}). */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x)));
    }

    /** 1 / (1 + e^{-x}) without overflow; the derivative of softplus. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + StrictMath.exp(-x));
        }
        double e = StrictMath.exp(x);
        return e / (1.0 + e);
    }

    /** out = softplus(a). */
    public static void softplus(Matrix a, Matrix out) {
        requireOut(a, out, "softplus");
        float[] x = a.data, o = out.data;
        for (int i = 0; i < x.length; i++) {
            o[i] = (float) softplus(x[i]);
        }
    }

    /**
     * Row-wise log-softmax, {@code out_ij = a_ij - (m_i + log sum_k exp(a_ik - m_i))} with
     * {@code m_i} the row maximum, the sum in double (log-sum-exp: no overflow for large logits).
     * {@code out} may be {@code a}.
     */
    public static void logSoftmaxRows(Matrix a, Matrix out) {
        requireOut(a, out, "logSoftmaxRows");
        float[] x = a.data, o = out.data;
        int cols = a.cols;
        for (int i = 0; i < a.rows; i++) {
            int base = i * cols;
            float m = x[base];
            for (int j = 1; j < cols; j++) {
                m = Math.max(m, x[base + j]);
            }
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += StrictMath.exp(x[base + j] - m);
            }
            double lse = m + StrictMath.log(s);
            for (int j = 0; j < cols; j++) {
                o[base + j] = (float) (x[base + j] - lse);
            }
        }
    }

    /** out = a^2. */
    public static void square(Matrix a, Matrix out) {
        requireOut(a, out, "square");
        float[] x = a.data, o = out.data;
        for (int i = 0; i < x.length; i++) {
            o[i] = x[i] * x[i];
        }
    }

    /** out = min(max(a, lo), hi). */
    public static void clamp(Matrix a, float lo, float hi, Matrix out) {
        requireOut(a, out, "clamp");
        float[] x = a.data, o = out.data;
        for (int i = 0; i < x.length; i++) {
            o[i] = Math.min(Math.max(x[i], lo), hi);
        }
    }

    /** out = min(a, b) elementwise, same shapes. */
    public static void min(Matrix a, Matrix b, Matrix out) {
        Matrix.requireSameShape(a, b, "min");
        requireOut(a, out, "min");
        float[] x = a.data, y = b.data, o = out.data;
        for (int i = 0; i < x.length; i++) {
            o[i] = Math.min(x[i], y[i]);
        }
    }

    /** out (1 x cols) = sum over rows of a. Accumulates in double. */
    public static void sumRows(Matrix a, Matrix out) {
        if (out.rows != 1 || out.cols != a.cols) {
            throw new IllegalArgumentException("sumRows: output " + out.shape() + " for input " + a.shape());
        }
        for (int j = 0; j < a.cols; j++) {
            double s = 0;
            for (int i = 0; i < a.rows; i++) {
                s += a.data[i * a.cols + j];
            }
            out.data[j] = (float) s;
        }
    }

    /** out (rows x 1) = sum over columns of a. Accumulates in double. */
    public static void sumCols(Matrix a, Matrix out) {
        if (out.cols != 1 || out.rows != a.rows) {
            throw new IllegalArgumentException("sumCols: output " + out.shape() + " for input " + a.shape());
        }
        for (int i = 0; i < a.rows; i++) {
            double s = 0;
            int base = i * a.cols;
            for (int j = 0; j < a.cols; j++) {
                s += a.data[base + j];
            }
            out.data[i] = (float) s;
        }
    }

    /** Sum of all elements, accumulated in double. */
    public static double sum(Matrix a) {
        double s = 0;
        for (float v : a.data) {
            s += v;
        }
        return s;
    }

    /** Mean of all elements, accumulated in double. */
    public static double mean(Matrix a) {
        return sum(a) / a.data.length;
    }

    /**
     * Adds {@code g} (shape of the broadcast result) into {@code target}, summing over the dimensions
     * along which {@code target} was broadcast. Modifies target.
     */
    public static void addReduced(Matrix g, Matrix target, float sign) {
        Broadcast bc = Broadcast.of(g, target, "reduce");
        float[] gs = g.data, t = target.data;
        switch (bc) {
            case FULL:
                for (int i = 0; i < gs.length; i++) {
                    t[i] += sign * gs[i];
                }
                break;
            case SCALAR:
                t[0] += (float) (sign * sum(g));
                break;
            case ROW: {
                // Row by row into per-column double sums: the same order per column as a column
                // walk (i ascending), but streaming through memory.
                int cols = g.cols;
                double[] s = rowScratch(cols);
                java.util.Arrays.fill(s, 0, cols, 0.0);
                for (int i = 0, base = 0; i < g.rows; i++, base += cols) {
                    for (int j = 0; j < cols; j++) {
                        s[j] += gs[base + j];
                    }
                }
                for (int j = 0; j < cols; j++) {
                    t[j] += (float) (sign * s[j]);
                }
                break;
            }
            case COL:
                for (int i = 0; i < g.rows; i++) {
                    double s = 0;
                    for (int j = 0; j < g.cols; j++) {
                        s += gs[i * g.cols + j];
                    }
                    t[i] += (float) (sign * s);
                }
                break;
            default:
                throw new AssertionError(bc);
        }
    }
}
