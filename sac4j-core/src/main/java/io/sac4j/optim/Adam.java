package io.sac4j.optim;

import io.sac4j.nn.Parameter;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Ops;

import java.util.List;

/**
 * Adam (Kingma and Ba, 2015) with bias correction, in PyTorch's arrangement:
 * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 */
public final class Adam {
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;

    private final List<Parameter> params;
    private final float[][] m;
    private final float[][] v;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    // The schedule's factor on lr (LearningRateSchedule); 1 leaves every bit of the step as without it.
    private double lrFactor = 1.0;
    private long t;
    private final int totalSize;
    private final KernelThreads.Task stepTask = this::stepPart;
    // The threads of the step in progress, read by every part.
    private KernelThreads on;
    // This step's bias-corrected factors, read by every part.
    private float stepSize;
    private float invSqrtBc2;

    /** Parameter sets smaller than this are updated on the calling thread alone. */
    private static final int PARALLEL_MIN = 1 << 15;

    public Adam(List<Parameter> params, double lr) {
        this(params, lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
    }

    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps) {
        if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
            throw new IllegalArgumentException(
                    "Adam: need lr > 0, 0 <= beta < 1, eps > 0; got lr=" + lr + " beta1=" + beta1 + " beta2=" + beta2
                            + " eps=" + eps);
        }
        this.params = List.copyOf(params);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        int total = 0;
        for (Parameter p : this.params) {
            total += p.value.size();
        }
        this.totalSize = total;
        this.m = new float[this.params.size()][];
        this.v = new float[this.params.size()][];
        for (int i = 0; i < this.params.size(); i++) {
            m[i] = new float[this.params.get(i).value.size()];
            v[i] = new float[this.params.get(i).value.size()];
        }
    }

    public List<Parameter> parameters() {
        return params;
    }

    /** Sets every parameter's gradient to zero. */
    public void zeroGrad() {
        // Indexed: an iterator here was one of the few allocations left in a SAC update.
        for (int i = 0; i < params.size(); i++) {
            params.get(i).zeroGrad();
        }
    }

    /**
     * Scales the configured learning rate by {@code factor} (>= 0, finite) from the next {@link #step} on:
     * a learning-rate schedule's hook. 0 leaves the parameters where they are while the moments still
     * advance (as a zero rate does in PyTorch). Configuration, not state: checkpoints do not hold it, and
     * whoever drives a schedule sets it again after a restore.
     */
    public void setLearningRateFactor(double factor) {
        if (!(factor >= 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("Adam: the learning-rate factor must be finite and >= 0, got " + factor);
        }
        lrFactor = factor;
    }

    /** The learning rate the next step uses: the configured one times the schedule's factor. */
    public double learningRate() {
        return lr * lrFactor;
    }

    /** The number of steps taken. */
    public long steps() {
        return t;
    }

    /**
     * The optimiser's state for a checkpoint: the step count {@code t} and both moment estimates,
     * one array per parameter in {@link #parameters()} order. The hyperparameters are configuration,
     * not state, and are not included.
     */
    public record State(long steps, float[][] firstMoments, float[][] secondMoments) {
    }

    /** A copy of the step count and both moments. Not modified. */
    public State state() {
        float[][] mc = new float[m.length][];
        float[][] vc = new float[v.length][];
        for (int i = 0; i < m.length; i++) {
            mc[i] = m[i].clone();
            vc[i] = v[i].clone();
        }
        return new State(t, mc, vc);
    }

    /**
     * Replaces the step count and moments with {@code state} (copied). Modifies this optimiser.
     * Refuses, before changing anything, a state whose number of moments or any moment's length
     * differs from the parameters', or a negative step count.
     */
    public void restoreState(State state) {
        if (state.steps() < 0) {
            throw new IllegalArgumentException("Adam state: negative step count " + state.steps());
        }
        for (float[][] moments : List.of(state.firstMoments(), state.secondMoments())) {
            if (moments.length != params.size()) {
                throw new IllegalArgumentException("Adam state has moments for " + moments.length
                        + " parameters, the optimiser has " + params.size());
            }
            for (int i = 0; i < params.size(); i++) {
                if (moments[i].length != m[i].length) {
                    throw new IllegalArgumentException("Adam state: parameter " + params.get(i).name() + " is "
                            + params.get(i).value.shape() + " (" + m[i].length + " values), the state's moment has "
                            + moments[i].length);
                }
            }
        }
        for (int i = 0; i < params.size(); i++) {
            System.arraycopy(state.firstMoments()[i], 0, m[i], 0, m[i].length);
            System.arraycopy(state.secondMoments()[i], 0, v[i], 0, v[i].length);
        }
        t = state.steps();
    }

    /**
     * One update from the accumulated gradients. Modifies the parameters and the moment estimates.
     * Runs on one thread.
     */
    public void step() {
        step(KernelThreads.single());
    }

    /**
     * One update from the accumulated gradients, large parameter sets split over {@code threads}; the
     * update is elementwise, so the split does not change any bit. Modifies the parameters and the
     * moment estimates.
     */
    public void step(KernelThreads threads) {
        t++;
        double bc1 = 1.0 - StrictMath.pow(beta1, t);
        double bc2 = 1.0 - StrictMath.pow(beta2, t);
        stepSize = (float) (lr * lrFactor / bc1);
        invSqrtBc2 = (float) (1.0 / Math.sqrt(bc2));
        on = threads;
        if (threads.threads() > 1 && totalSize >= PARALLEL_MIN) {
            threads.parallel(stepTask);
        } else {
            stepPart(0, 1);
        }
    }

    /** Parts of each parameter's elements, so a part's share does not depend on which parameters are large. */
    private void stepPart(int part, int parts) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1.0 - beta1);
        float c2 = (float) (1.0 - beta2);
        float e = (float) eps;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            int n = p.value.size();
            int from = (int) ((long) n * part / parts);
            int to = (int) ((long) n * (part + 1) / parts);
            Ops.adamUpdate(on, p.value.data, p.grad.data, m[i], v[i], from, to, b1, c1, b2, c2, stepSize, invSqrtBc2,
                    e);
        }
    }
}
