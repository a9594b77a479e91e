package io.sac4j.autodiff;

import io.sac4j.tensor.Gemm;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Matrix;
import io.sac4j.tensor.Ops;

import java.util.ArrayList;

/**
 * A reverse-mode tape over matrix operations.
 *
 * <p>Call order: {@link #reset()}, then leaves ({@link #constant}, {@link #param}) and operations,
 * each computed at once (define-by-run); then {@link #backward(Var)} on a 1x1 result. Gradients of
 * parameters accumulate into the gradient matrices given to {@link #param}; zero them before a
 * backward pass whose result should not add to the last one.
 *
 * <p>A node requires a gradient when any of its inputs does; nodes that do not are skipped by the
 * backward pass, so a computation over {@link #constant constants} only (a TD target, say) costs
 * the forward pass alone.
 *
 * <p>Nodes and their buffers are kept across resets and reused slot by slot, so recording the same
 * graph again allocates nothing. Not thread-safe.
 */
public final class Tape {
    private final ArrayList<Var> nodes = new ArrayList<>();
    private final KernelThreads threads;
    private int size;

    /** A tape whose products run on one thread ({@link KernelThreads#single()}). */
    public Tape() {
        this(KernelThreads.single());
    }

    /** A tape whose products and elementwise passes run on {@code threads}. */
    public Tape(KernelThreads threads) {
        if (threads == null) {
            throw new IllegalArgumentException("threads must not be null");
        }
        this.threads = threads;
    }

    /** Where this tape's products run. */
    public KernelThreads threads() {
        return threads;
    }

    /** Forgets all recorded nodes (their buffers are kept for reuse). Invalidates earlier {@link Var}s. */
    public void reset() {
        size = 0;
    }

    /** The number of nodes recorded since the last reset. */
    public int size() {
        return size;
    }

    private Var slot() {
        Var v;
        if (size < nodes.size()) {
            v = nodes.get(size);
        } else {
            v = new Var();
            nodes.add(v);
        }
        v.index = size++;
        v.a = null;
        v.b = null;
        v.c = null;
        v.external = null;
        return v;
    }

    private Var leafNode(Matrix value, Matrix grad) {
        Var v = slot();
        v.op = Op.LEAF;
        v.value = value;
        v.grad = grad;
        v.requiresGrad = grad != null;
        return v;
    }

    private static Matrix ensure(Matrix m, int rows, int cols) {
        return m != null && m.rows == rows && m.cols == cols ? m : new Matrix(rows, cols);
    }

    private Var node(Op op, int rows, int cols, Var a, Var b) {
        Var v = slot();
        v.op = op;
        v.a = a;
        v.b = b;
        v.own = ensure(v.own, rows, cols);
        v.value = v.own;
        v.requiresGrad = a.requiresGrad || (b != null && b.requiresGrad);
        v.grad = null;
        return v;
    }

    /** One of {@link Ops}' functions of a matrix with an explicit output: {@code out = f(a)}. */
    @FunctionalInterface
    private interface Map1 {
        void apply(Matrix a, Matrix out);
    }

    /** One of {@link Ops}' broadcasting maps of two matrices: {@code out = f(a, b)}. */
    @FunctionalInterface
    private interface Map2 {
        void apply(Matrix a, Matrix b, Matrix out);
    }

    /** A node of {@code a}'s shape holding {@code f(a)}; its backward pass is {@code op}'s. */
    private Var elementwise(Op op, Var a, Map1 f) {
        Var v = node(op, a.rows(), a.cols(), a, null);
        f.apply(a.value, v.value);
        return v;
    }

    /** A node of {@code a}'s shape holding {@code f(a, b)}, b broadcast as in {@link Ops} (checked as {@code name}). */
    private Var broadcast(Op op, String name, Var a, Var b, Map2 f) {
        Ops.Broadcast.of(a.value, b.value, name);
        Var v = node(op, a.rows(), a.cols(), a, b);
        f.apply(a.value, b.value, v.value);
        return v;
    }

    /** A leaf that needs no gradient. The matrix is used, not copied: keep it unchanged until backward. */
    public Var constant(Matrix value) {
        return leafNode(value, null);
    }

    /**
     * A trainable leaf: the backward pass adds d(result)/d(value) into {@code grad} (same shape as
     * value, not zeroed here).
     */
    public Var param(Matrix value, Matrix grad) {
        if (!value.sameShape(grad)) {
            throw new IllegalArgumentException("param: gradient " + grad.shape() + " for value " + value.shape());
        }
        return leafNode(value, grad);
    }

    /** {@code a b} (matrix product). a: m x k, b: k x n. */
    public Var matmul(Var a, Var b) {
        if (a.cols() != b.rows()) {
            throw new IllegalArgumentException("matmul: " + a.value.shape() + " times " + b.value.shape());
        }
        Var v = node(Op.MATMUL, a.rows(), b.cols(), a, b);
        Gemm.mult(threads, a.value, b.value, v.value, false);
        return v;
    }

    /**
     * {@code act(x w + bias)}, an affine layer in one node: x is {@code m x k}, w {@code k x n},
     * bias {@code 1 x n}, act ReLU when {@code relu}. The same values as {@code matmul}, {@code add}
     * and {@code relu} recorded apart (up to the rounding of the bias, which here starts the
     * multiply-add chain), in one pass over the output instead of three.
     */
    public Var linear(Var x, Var w, Var bias, boolean relu) {
        if (x.cols() != w.rows() || bias.rows() != 1 || bias.cols() != w.cols()) {
            throw new IllegalArgumentException("linear: x " + x.value.shape() + ", w " + w.value.shape() + ", bias "
                    + bias.value.shape());
        }
        Var v = node(Op.LINEAR, x.rows(), w.cols(), x, w);
        v.c = bias;
        v.flag = relu;
        v.requiresGrad |= bias.requiresGrad;
        Gemm.linear(threads, x.value, w.value, bias.value, relu, v.value);
        return v;
    }

    /** {@code a + b}, b broadcast as in {@link Ops} (same shape, row, column or scalar). */
    public Var add(Var a, Var b) {
        return broadcast(Op.ADD, "add", a, b, Ops::add);
    }

    /** {@code a - b}, b broadcast. */
    public Var sub(Var a, Var b) {
        return broadcast(Op.SUB, "sub", a, b, Ops::sub);
    }

    /** {@code a * b} elementwise, b broadcast. */
    public Var mul(Var a, Var b) {
        return broadcast(Op.MUL, "mul", a, b, Ops::mul);
    }

    /** {@code s * a}. */
    public Var scale(Var a, float s) {
        Var v = node(Op.SCALE, a.rows(), a.cols(), a, null);
        v.p0 = s;
        Ops.scale(a.value, s, v.value);
        return v;
    }

    /** {@code a + s}. */
    public Var addScalar(Var a, float s) {
        Var v = node(Op.ADD_SCALAR, a.rows(), a.cols(), a, null);
        v.p0 = s;
        Ops.addScalar(a.value, s, v.value);
        return v;
    }

    public Var relu(Var a) { return elementwise(Op.RELU, a, Ops::relu); }
    public Var tanh(Var a) { return elementwise(Op.TANH, a, Ops::tanh); }
    public Var exp(Var a) { return elementwise(Op.EXP, a, Ops::exp); }
    public Var log(Var a) { return elementwise(Op.LOG, a, Ops::log); }

    /** {@code log(1 + e^a)}, computed stably. */
    public Var softplus(Var a) { return elementwise(Op.SOFTPLUS, a, Ops::softplus); }

    public Var square(Var a) { return elementwise(Op.SQUARE, a, Ops::square); }

    /** {@code min(max(a, lo), hi)}; the gradient passes where {@code lo <= a <= hi}. */
    public Var clamp(Var a, float lo, float hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lo " + lo + " > hi " + hi);
        }
        Var v = node(Op.CLAMP, a.rows(), a.cols(), a, null);
        v.p0 = lo;
        v.p1 = hi;
        Ops.clamp(a.value, lo, hi, v.value);
        return v;
    }

    /** The backward pass of a node computed off the tape ({@link #external}). */
    @FunctionalInterface
    public interface External {
        /** Adds d(result)/d(input) into the input's {@link Var#grad()}, given {@code grad}, the result's gradient. */
        void backward(Matrix grad);
    }

    /**
     * A node computed elsewhere from {@code input} (sub-graphs on tapes of their own, run in parallel,
     * say): its value is {@code value}, copied, and the backward pass hands its gradient to
     * {@code back}, which adds the input's share into {@code input.grad()}.
     */
    public Var external(Var input, Matrix value, External back) {
        Var v = node(Op.EXTERNAL, value.rows, value.cols, input, null);
        v.value.copyFrom(value);
        v.external = back;
        return v;
    }

    /** Elementwise minimum of two same-shape nodes; the gradient goes to the smaller (to {@code a} on ties). */
    public Var min(Var a, Var b) {
        if (!a.value.sameShape(b.value)) {
            throw new IllegalArgumentException("min: " + a.value.shape() + " vs " + b.value.shape());
        }
        Var v = node(Op.MIN, a.rows(), a.cols(), a, b);
        Ops.min(a.value, b.value, v.value);
        return v;
    }

    /** Sum over rows: {@code rows x cols -> 1 x cols}. */
    public Var sumRows(Var a) {
        return reduce(Op.SUM_ROWS, 1, a.cols(), a, 1f, Ops::sumRows);
    }

    /** Mean over rows: {@code rows x cols -> 1 x cols}. */
    public Var meanRows(Var a) {
        return reduce(Op.SUM_ROWS, 1, a.cols(), a, 1f / a.rows(), Ops::sumRows);
    }

    /** Sum over columns: {@code rows x cols -> rows x 1}. */
    public Var sumCols(Var a) {
        return reduce(Op.SUM_COLS, a.rows(), 1, a, 1f, Ops::sumCols);
    }

    /** Mean over columns: {@code rows x cols -> rows x 1}. */
    public Var meanCols(Var a) {
        return reduce(Op.SUM_COLS, a.rows(), 1, a, 1f / a.cols(), Ops::sumCols);
    }

    /** A {@code rows x cols} node holding {@code factor} times {@code sum(a)}; its backward is {@code op}'s. */
    private Var reduce(Op op, int rows, int cols, Var a, float factor, Map1 sum) {
        Var v = node(op, rows, cols, a, null);
        v.p0 = factor;
        sum.apply(a.value, v.value);
        Ops.scale(v.value, factor, v.value);
        return v;
    }

    /** Sum of all elements, 1x1. */
    public Var sum(Var a) {
        Var v = node(Op.SUM_ALL, 1, 1, a, null);
        v.p0 = 1f;
        v.value.data[0] = (float) Ops.sum(a.value);
        return v;
    }

    /** Mean of all elements, 1x1. */
    public Var mean(Var a) {
        Var v = node(Op.SUM_ALL, 1, 1, a, null);
        v.p0 = 1f / a.value.size();
        v.value.data[0] = (float) Ops.mean(a.value);
        return v;
    }

    /**
     * Row-wise {@code log softmax}: {@code y_ij = a_ij - log sum_k exp(a_ik)}, computed with the
     * row maximum subtracted (log-sum-exp) and the row sums in double, so large logits neither
     * overflow nor lose the small entries. The categorical policy of discrete SAC (seed 002, "Use
     * cases") is {@code pi = exp(y)}.
     */
    public Var logSoftmax(Var a) {
        return elementwise(Op.LOG_SOFTMAX, a, Ops::logSoftmaxRows);
    }

    /**
     * A function of two same-shape inputs applied element by element, {@code y_i = f(a_i, b_i)},
     * whose value and both partial derivatives {@code df/da}, {@code df/db} the caller's
     * {@link Pointwise2} computes in the forward pass; the backward pass is then
     * {@code da_i += g_i df/da_i}, {@code db_i += g_i df/db_i}. This is how a function that is no
     * composition of the other operations (a closed-form entropy evaluated by quadrature, say) is
     * recorded with its analytic gradient. The partial derivatives are kept in the node's own
     * buffers, so recording the same graph again allocates nothing.
     */
    public Var pointwise(Var a, Var b, Pointwise2 f) {
        if (!a.value.sameShape(b.value)) {
            throw new IllegalArgumentException("pointwise: " + a.value.shape() + " vs " + b.value.shape());
        }
        Var v = node(Op.POINTWISE2, a.rows(), a.cols(), a, b);
        v.tmp = ensure(v.tmp, v.rows(), v.cols());
        v.tmp2 = ensure(v.tmp2, v.rows(), v.cols());
        f.apply(a.value.data, b.value.data, v.value.data, v.tmp.data, v.tmp2.data, v.value.size());
        return v;
    }

    /** {@code [a | b]}: columns of a then columns of b; same row count. */
    public Var concatCols(Var a, Var b) {
        if (a.rows() != b.rows()) {
            throw new IllegalArgumentException("concatCols: " + a.value.shape() + " and " + b.value.shape());
        }
        int ca = a.cols();
        int cb = b.cols();
        Var v = node(Op.CONCAT_COLS, a.rows(), ca + cb, a, b);
        float[] o = v.value.data;
        for (int i = 0; i < a.rows(); i++) {
            System.arraycopy(a.value.data, i * ca, o, i * (ca + cb), ca);
            System.arraycopy(b.value.data, i * cb, o, i * (ca + cb) + ca, cb);
        }
        return v;
    }

    /**
     * Back-propagates from the 1x1 node {@code out}: afterwards every node recorded before it that
     * requires a gradient holds d(out)/d(node) in {@link Var#grad()}, and parameter gradients have
     * been added into their matrices.
     */
    public void backward(Var out) {
        backward(out, null);
    }

    /**
     * The vector-Jacobian product: back-propagates {@code upstream}, the gradient of some scalar
     * with respect to {@code out} (same shape as out), so that leaves receive that scalar's
     * gradient. This is how a graph split over several tapes (the twin critics, run in parallel)
     * passes gradients from one tape to another. A null {@code upstream} is {@link #backward(Var)}
     * and needs a 1x1 {@code out}.
     */
    public void backward(Var out, Matrix upstream) {
        if (upstream == null && (out.rows() != 1 || out.cols() != 1)) {
            throw new IllegalArgumentException("backward needs a 1x1 result, got " + out.value.shape());
        }
        if (out.index >= size || nodes.get(out.index) != out) {
            throw new IllegalStateException("backward: the node is not on this tape (or the tape was reset)");
        }
        if (!out.requiresGrad) {
            throw new IllegalArgumentException("backward: the result does not depend on any parameter");
        }
        if (upstream != null && !upstream.sameShape(out.value)) {
            throw new IllegalArgumentException("backward: upstream gradient " + upstream.shape() + " for a node of "
                    + out.value.shape());
        }
        for (int i = 0; i <= out.index; i++) {
            Var v = nodes.get(i);
            if (v.requiresGrad && v.op != Op.LEAF) {
                v.ownGrad = ensure(v.ownGrad, v.rows(), v.cols());
                v.ownGrad.zeroInPlace();
                v.grad = v.ownGrad;
            }
        }
        if (upstream == null) {
            out.grad.data[0] += 1f;
        } else {
            Ops.addInPlace(out.grad, upstream);
        }
        for (int i = out.index; i >= 0; i--) {
            Var v = nodes.get(i);
            if (v.requiresGrad && v.op != Op.LEAF) {
                backwardOp(v);
            }
        }
    }

    private static boolean needs(Var x) {
        return x != null && x.requiresGrad;
    }

    private void backwardOp(Var v) {
        Matrix g = v.grad;
        float[] gs = g.data;
        Var a = v.a;
        Var b = v.b;
        switch (v.op) {
            case MATMUL:
                // y = a b:  da += g b^T,  db += a^T g
                if (needs(a)) {
                    Gemm.multTransB(threads, g, b.value, a.grad, true);
                }
                if (needs(b)) {
                    Gemm.multTransA(threads, a.value, g, b.grad, true);
                }
                break;
            case LINEAR: {
                // y = act(x w + bias):  g' = g * act'(y);  dx += g' w^T,  dw += x^T g',  dbias += colsum(g')
                Var bias = v.c;
                Matrix ge = g;
                if (v.flag) {
                    v.tmp = ensure(v.tmp, v.rows(), v.cols());
                    Ops.reluGrad(threads, v.value, g, v.tmp, needs(bias) ? bias.grad : null);
                    ge = v.tmp;
                } else if (needs(bias)) {
                    Ops.addColumnSums(g, bias.grad);
                }
                if (needs(b)) {
                    Gemm.multTransA(threads, a.value, ge, b.grad, true);
                }
                if (needs(a)) {
                    Gemm.multTransB(threads, ge, b.value, a.grad, true);
                }
                break;
            }
            case ADD:
                if (needs(a)) {
                    Ops.addInPlace(a.grad, g);
                }
                if (needs(b)) {
                    Ops.addReduced(g, b.grad, 1f);
                }
                break;
            case SUB:
                if (needs(a)) {
                    Ops.addInPlace(a.grad, g);
                }
                if (needs(b)) {
                    Ops.addReduced(g, b.grad, -1f);
                }
                break;
            case MUL:
                // y = a * b:  da += g * b (broadcast),  db += reduce(g * a)
                if (needs(a)) {
                    v.tmp = ensure(v.tmp, v.rows(), v.cols());
                    Ops.mul(g, b.value, v.tmp);
                    Ops.addInPlace(a.grad, v.tmp);
                }
                if (needs(b)) {
                    v.tmp = ensure(v.tmp, v.rows(), v.cols());
                    Ops.mul(g, a.value, v.tmp);
                    Ops.addReduced(v.tmp, b.grad, 1f);
                }
                break;
            case SCALE:
                Ops.axpyInPlace(v.p0, g, a.grad);
                break;
            case ADD_SCALAR:
                Ops.addInPlace(a.grad, g);
                break;
            case RELU: {
                Ops.reluBackwardAdd(threads, v.value, g, a.grad);
                break;
            }
            case TANH: {
                // d tanh(x) = 1 - tanh(x)^2
                float[] y = v.value.data, ag = a.grad.data;
                for (int i = 0; i < gs.length; i++) {
                    ag[i] += gs[i] * (1f - y[i] * y[i]);
                }
                break;
            }
            case EXP: {
                float[] y = v.value.data, ag = a.grad.data;
                for (int i = 0; i < gs.length; i++) {
                    ag[i] += gs[i] * y[i];
                }
                break;
            }
            case LOG: {
                float[] x = a.value.data, ag = a.grad.data;
                for (int i = 0; i < gs.length; i++) {
                    ag[i] += gs[i] / x[i];
                }
                break;
            }
            case SOFTPLUS: {
                // d softplus(x) = sigmoid(x)
                float[] x = a.value.data, ag = a.grad.data;
                for (int i = 0; i < gs.length; i++) {
                    ag[i] += (float) (gs[i] * Ops.sigmoid(x[i]));
                }
                break;
            }
            case SQUARE: {
                float[] x = a.value.data, ag = a.grad.data;
                for (int i = 0; i < gs.length; i++) {
                    ag[i] += 2f * x[i] * gs[i];
                }
                break;
            }
            case CLAMP: {
                float[] x = a.value.data, ag = a.grad.data;
                float lo = v.p0, hi = v.p1;
                for (int i = 0; i < gs.length; i++) {
                    if (x[i] >= lo && x[i] <= hi) {
                        ag[i] += gs[i];
                    }
                }
                break;
            }
            case MIN: {
                float[] x = a.value.data, y = b.value.data;
                boolean na = needs(a), nb = needs(b);
                for (int i = 0; i < gs.length; i++) {
                    if (x[i] <= y[i]) {
                        if (na) {
                            a.grad.data[i] += gs[i];
                        }
                    } else if (nb) {
                        b.grad.data[i] += gs[i];
                    }
                }
                break;
            }
            case SUM_ROWS: {
                float[] ag = a.grad.data;
                int cols = a.cols();
                for (int i = 0; i < a.rows(); i++) {
                    for (int j = 0; j < cols; j++) {
                        ag[i * cols + j] += v.p0 * gs[j];
                    }
                }
                break;
            }
            case SUM_COLS: {
                float[] ag = a.grad.data;
                int cols = a.cols();
                for (int i = 0; i < a.rows(); i++) {
                    float gi = v.p0 * gs[i];
                    for (int j = 0; j < cols; j++) {
                        ag[i * cols + j] += gi;
                    }
                }
                break;
            }
            case SUM_ALL: {
                float gi = v.p0 * gs[0];
                float[] ag = a.grad.data;
                for (int i = 0; i < ag.length; i++) {
                    ag[i] += gi;
                }
                break;
            }
            case EXTERNAL:
                v.external.backward(g);
                break;
            case CONCAT_COLS: {
                int ca = a.cols();
                int cb = b.cols();
                for (int i = 0; i < v.rows(); i++) {
                    int base = i * (ca + cb);
                    if (needs(a)) {
                        for (int j = 0; j < ca; j++) {
                            a.grad.data[i * ca + j] += gs[base + j];
                        }
                    }
                    if (needs(b)) {
                        for (int j = 0; j < cb; j++) {
                            b.grad.data[i * cb + j] += gs[base + ca + j];
                        }
                    }
                }
                break;
            }
            case LOG_SOFTMAX: {
                // y = a - lse(a) per row:  da_j += g_j - softmax_j sum_k g_k,  softmax = exp(y)
                float[] y = v.value.data, ag = a.grad.data;
                int cols = a.cols();
                for (int i = 0; i < a.rows(); i++) {
                    int base = i * cols;
                    double gsum = 0;
                    for (int j = 0; j < cols; j++) {
                        gsum += gs[base + j];
                    }
                    for (int j = 0; j < cols; j++) {
                        ag[base + j] += (float) (gs[base + j] - StrictMath.exp(y[base + j]) * gsum);
                    }
                }
                break;
            }
            case POINTWISE2: {
                float[] da = v.tmp.data, db = v.tmp2.data;
                if (needs(a)) {
                    float[] ag = a.grad.data;
                    for (int i = 0; i < gs.length; i++) {
                        ag[i] += gs[i] * da[i];
                    }
                }
                if (needs(b)) {
                    float[] bg = b.grad.data;
                    for (int i = 0; i < gs.length; i++) {
                        bg[i] += gs[i] * db[i];
                    }
                }
                break;
            }
            default:
                throw new AssertionError(v.op);
        }
    }
}
