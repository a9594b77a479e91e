package io.sac4j.tabular;

import java.util.Arrays;

/**
 * The Bellman-residual objective of seed 000 §1.0,
 * <pre>
 *   J(V) = 1/2 sum_s p(s) (T_alpha V(s) - V(s))^2,
 * </pre>
 * for a state distribution p (uniform unless given), with its analytic gradient. T_alpha V depends
 * on V through Q_V, and {@code d T_alpha V(s) / d Q_V(s,a) = pi_V(a|s)},
 * {@code d Q_V(s,a) / d V(s') = gamma p(s'|s,a)}, so
 * <pre>
 *   dJ/dV(s') = sum_s p(s) (T_alpha V(s) - V(s)) (gamma sum_a pi_V(a|s) p(s'|s,a) - [s = s']).
 * </pre>
 * With p(s) > 0 everywhere, J's only stationary point is the soft fixed point V* (the Jacobian
 * {@code gamma P_{pi_V} - I} of the residual is invertible for gamma < 1), where J = 0; at alpha = 0
 * the gradient is the one of the greedy policy (a subgradient at ties).
 */
public final class ResidualObjective {
    /** Armijo's sufficient-decrease constant: accept a step t when J falls by at least c t |g|^2. */
    public static final double ARMIJO_C = 0.5;
    /** The smallest trial step before the line search gives up. */
    public static final double MIN_STEP = 1e-30;
    /** The largest step the line search tries. */
    public static final double MAX_STEP = 1e12;

    private final SoftBellman bellman;
    private final double[] weights;

    /** J with the uniform state distribution {@code p(s) = 1 / |S|}. */
    public ResidualObjective(SoftBellman bellman) {
        this(bellman, uniform(bellman.mdp().nStates()));
    }

    /**
     * @param stateWeights p(s): non-negative, summing to 1 within {@link FiniteMdp#ROW_SUM_TOLERANCE}. Not modified.
     */
    public ResidualObjective(SoftBellman bellman, double[] stateWeights) {
        bellman.mdp().checkStateVector("ResidualObjective: p(s)", stateWeights);
        double sum = 0;
        for (int s = 0; s < stateWeights.length; s++) {
            if (stateWeights[s] < 0) {
                throw new IllegalArgumentException("ResidualObjective: p(" + s + ") = " + stateWeights[s] + " < 0");
            }
            sum += stateWeights[s];
        }
        if (Math.abs(sum - 1) > FiniteMdp.ROW_SUM_TOLERANCE) {
            throw new IllegalArgumentException("ResidualObjective: p(s) sums to " + sum + ", not 1");
        }
        this.bellman = bellman;
        this.weights = stateWeights.clone();
    }

    private static double[] uniform(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        return w;
    }

    /** {@code J(V) = 1/2 sum_s p(s) (T_alpha V(s) - V(s))^2}; v not modified. */
    public double value(double[] v) {
        double[] tv = bellman.apply(v);
        double j = 0;
        for (int s = 0; s < v.length; s++) {
            double d = tv[s] - v[s];
            j += 0.5 * weights[s] * d * d;
        }
        return j;
    }

    /** {@code dJ/dV} as a fresh array (see the class comment); v not modified. */
    public double[] gradient(double[] v) {
        FiniteMdp mdp = bellman.mdp();
        double[][] q = bellman.q(v);
        int n = mdp.nStates();
        double[] grad = new double[n];
        double[] pi = new double[mdp.nActions()];
        for (int s = 0; s < n; s++) {
            double residual = SoftMax.softMaximum(q[s], bellman.alpha()) - v[s];
            double w = weights[s] * residual;
            if (w == 0) {
                continue;
            }
            SoftMax.softmaxInto(q[s], bellman.alpha(), pi);
            for (int a = 0; a < pi.length; a++) {
                double c = w * mdp.gamma() * pi[a];
                for (int s2 = 0; s2 < n; s2++) {
                    grad[s2] += c * mdp.p(s, a, s2);
                }
            }
            grad[s] -= w;
        }
        return grad;
    }

    /**
     * @param v          the minimiser found
     * @param objective  J(v)
     * @param iterations the number of gradient steps taken
     */
    public record Minimum(double[] v, double objective, int iterations) {
    }

    /**
     * Gradient descent {@code V <- V - t dJ/dV} from v0 (not modified) with a backtracking (Armijo)
     * line search: each step first tries twice the last accepted t (at most {@link #MAX_STEP}), then
     * halves it until {@code J(V - t g) <= J(V) - ARMIJO_C t |g|^2}. Stops when
     * {@code max_s |dJ/dV(s)| <= gradientTolerance}.
     *
     * @throws IllegalStateException when maxIterations steps do not get there, or no step decreases J
     *                               (the tolerance is below what double precision can resolve)
     */
    public Minimum minimise(double[] v0, double gradientTolerance, int maxIterations) {
        SoftPolicyEvaluation.checkStopping("ResidualObjective.minimise", gradientTolerance, maxIterations);
        bellman.mdp().checkStateVector("ResidualObjective.minimise: V0", v0);
        double[] v = v0.clone();
        double[] candidate = new double[v.length];
        double step = 1;
        for (int k = 0; ; k++) {
            double j = value(v);
            double[] g = gradient(v);
            double gMax = 0;
            double gSquared = 0;
            for (double x : g) {
                gMax = Math.max(gMax, Math.abs(x));
                gSquared += x * x;
            }
            if (gMax <= gradientTolerance) {
                return new Minimum(v, j, k);
            }
            if (k == maxIterations) {
                throw new IllegalStateException("ResidualObjective.minimise did not converge in " + k
                        + " steps: max |dJ/dV| = " + gMax + " > tolerance " + gradientTolerance + ", J = " + j);
            }
            step = Math.min(2 * step, MAX_STEP);
            while (true) {
                for (int s = 0; s < v.length; s++) {
                    candidate[s] = v[s] - step * g[s];
                }
                if (value(candidate) <= j - ARMIJO_C * step * gSquared) {
                    break;
                }
                step *= 0.5;
                if (step < MIN_STEP) {
                    throw new IllegalStateException("ResidualObjective.minimise: no step decreases J = " + j
                            + " at step " + k + " (max |dJ/dV| = " + gMax + "); the tolerance " + gradientTolerance
                            + " is below what double precision resolves here");
                }
            }
            double[] swap = v;
            v = candidate;
            candidate = swap;
        }
    }
}
