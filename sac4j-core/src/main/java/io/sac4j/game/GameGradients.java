package io.sac4j.game;

import java.util.Arrays;

/**
 * The first- and second-order quantities of a {@link DifferentiableGame} that the dynamic-matrix
 * gradient adjustment needs (seed 000 section 1.4), by finite differences of gradients, so that no
 * second-order automatic differentiation is needed:
 * <pre>
 *   xi      = [grad_{theta_1} J_1; ...; grad_{theta_n} J_n]          (each player's own gradient, stacked)
 *   H       = d xi / d theta                                          (row block i: d xi_i / d theta)
 *   H xi    = [xi(theta + eps xi) - xi(theta - eps xi)] / (2 eps)
 *   H^T xi  = sum_i [grad_theta J_i(theta + eps xi~_i) - grad_theta J_i(theta - eps xi~_i)] / (2 eps)
 *   A^T xi  = (H^T xi - H xi) / 2,   A = (H - H^T) / 2
 * </pre>
 * where {@code xi~_i} is {@code xi_i} in player i's block and zero elsewhere.
 *
 * <p><b>Why the sum is exactly {@code H^T xi}.</b> Row {@code (i, a)} of H ({@code a} a parameter of
 * player i) is {@code d xi_{i,a} / d theta = d/d theta (dJ_i / d theta_{i,a})}, i.e. row {@code a} of
 * the full Hessian {@code grad^2_theta J_i} of player i's loss over all parameters. So
 * <pre>
 *   (H^T xi)_b = sum_i sum_{a in block i} H_{(i,a), b} xi_{i,a}
 *              = sum_i sum_a (d^2 J_i / d theta_{i,a} d theta_b) xi_{i,a}
 *              = sum_i (grad^2_theta J_i  xi~_i)_b,
 * </pre>
 * using the symmetry of each full Hessian {@code grad^2_theta J_i} (J_i twice continuously
 * differentiable). A Hessian-vector product is the directional derivative of the gradient,
 * {@code grad^2 J_i v = d/dt grad_theta J_i(theta + t v)} at 0, which the central difference
 * approximates to O(eps^2). Hence the sum over players of the formula above is {@code H^T xi}, as the
 * issue states; it needs each player's gradient with respect to ALL parameters (not only its own
 * block), each evaluated with only that player's block moved. {@code H xi} instead moves all blocks
 * at once and keeps only the own blocks.
 *
 * <p><b>Step.</b> {@code eps} is a step length in parameter space: the difference is taken along the
 * unit vector {@code v / ||v||} ({@code v = xi} or {@code xi~_i}) and multiplied by {@code ||v||},
 * which is the same product mathematically but keeps the perturbation small whatever the gradient's
 * scale. Cost: {@code xi} is n gradient calls, {@code H xi} 2n, {@code H^T xi} 2n.
 *
 * <p><b>Why finite differences, not exact double backward.</b> The tape is first order (each op has
 * a vector-Jacobian product, not its derivative), so exact Hessian-vector products would need every op
 * to be differentiable again. Differences of gradients need nothing from a game beyond the gradients
 * its learner already computes, cost 4n extra gradient evaluations per step, and in double with a
 * step of 1e-4 have an O(eps^2) truncation error far below the noise of a minibatch gradient. A game
 * over float32 networks has gradients rounded to about 1e-7 relative, which limits the difference to
 * about {@code 1e-7 ||grad|| / eps}: use a larger step there (1e-3 to 1e-2 relative to the
 * parameters' scale). All evaluations use the same minibatch and noise ({@link DifferentiableGame}),
 * so no second sample is needed for {@code H^T xi} (seed 000 section 1.4 notes the same for
 * deterministic transitions).
 *
 * <p>Holds scratch buffers for one dimension: not thread-safe; allocates nothing per call.
 */
public final class GameGradients {
    private final DifferentiableGame game;
    private final int[] starts;
    private final int dim;
    private final double[] full;
    private final double[] shifted;
    private final double[] xiPlus;
    private final double[] xiMinus;
    private final double[] gradMinus;
    private final double[] xiBuf;
    private final double[] hXiBuf;
    private final double[] htXiBuf;
    private final double[] adjBuf;

    public GameGradients(DifferentiableGame game) {
        this.game = game;
        this.dim = game.dimension();
        this.starts = game.blockStarts().clone();
        int n = starts.length - 1;
        if (n < 1 || starts[0] != 0 || starts[n] != dim) {
            throw new IllegalArgumentException("GameGradients: blockStarts must run from 0 to dimension " + dim
                    + " with at least one player, got " + Arrays.toString(starts));
        }
        for (int i = 0; i < n; i++) {
            if (starts[i + 1] < starts[i]) {
                throw new IllegalArgumentException("GameGradients: blockStarts must not decrease, got "
                        + Arrays.toString(starts));
            }
        }
        full = new double[dim];
        shifted = new double[dim];
        xiPlus = new double[dim];
        xiMinus = new double[dim];
        gradMinus = new double[dim];
        xiBuf = new double[dim];
        hXiBuf = new double[dim];
        htXiBuf = new double[dim];
        adjBuf = new double[dim];
    }

    public DifferentiableGame game() {
        return game;
    }

    public int dimension() {
        return dim;
    }

    public int players() {
        return starts.length - 1;
    }

    /** The first parameter of player i's block. */
    public int blockStart(int player) {
        return starts[player];
    }

    /** One past the last parameter of player i's block. */
    public int blockEnd(int player) {
        return starts[player + 1];
    }

    /**
     * {@code xi(theta)}: each player's gradient of its own loss with respect to its own block, stacked.
     *
     * @param theta not modified
     * @param xi    modified
     */
    public void xi(double[] theta, double[] xi) {
        check(theta, "theta");
        check(xi, "xi");
        for (int i = 0; i < players(); i++) {
            game.ownGradient(i, theta, full);
            System.arraycopy(full, starts[i], xi, starts[i], starts[i + 1] - starts[i]);
        }
    }

    /**
     * {@code H xi ~ ||xi|| [xi(theta + eps u) - xi(theta - eps u)] / (2 eps)}, {@code u = xi / ||xi||}.
     *
     * @param theta not modified
     * @param xi    {@link #xi} at theta. Not modified.
     * @param out   modified (zero when xi is zero)
     */
    public void hessianTimesXi(double[] theta, double[] xi, double eps, double[] out) {
        check(theta, "theta");
        check(out, "out");
        checkEps(eps);
        double norm = norm(xi, 0, dim);
        if (norm == 0) {
            Arrays.fill(out, 0);
            return;
        }
        double h = eps / norm;
        for (int k = 0; k < dim; k++) {
            shifted[k] = theta[k] + h * xi[k];
        }
        xi(shifted, xiPlus);
        for (int k = 0; k < dim; k++) {
            shifted[k] = theta[k] - h * xi[k];
        }
        xi(shifted, xiMinus);
        double scale = norm / (2 * eps);
        for (int k = 0; k < dim; k++) {
            out[k] = (xiPlus[k] - xiMinus[k]) * scale;
        }
    }

    /**
     * {@code H^T xi ~ sum_i ||xi_i|| [grad_theta J_i(theta + eps u_i) - grad_theta J_i(theta - eps u_i)] / (2 eps)},
     * {@code u_i = xi~_i / ||xi_i||}: see the class comment for why this is {@code H^T xi}.
     *
     * @param theta not modified
     * @param xi    {@link #xi} at theta. Not modified.
     * @param out   modified
     */
    public void hessianTransposeTimesXi(double[] theta, double[] xi, double eps, double[] out) {
        check(theta, "theta");
        check(out, "out");
        checkEps(eps);
        Arrays.fill(out, 0);
        System.arraycopy(theta, 0, shifted, 0, dim);
        for (int i = 0; i < players(); i++) {
            int lo = starts[i], hi = starts[i + 1];
            double norm = norm(xi, lo, hi);
            if (norm == 0) {
                continue;
            }
            double h = eps / norm;
            for (int k = lo; k < hi; k++) {
                shifted[k] = theta[k] + h * xi[k];
            }
            game.gradient(i, shifted, full);
            for (int k = lo; k < hi; k++) {
                shifted[k] = theta[k] - h * xi[k];
            }
            game.gradient(i, shifted, gradMinus);
            System.arraycopy(theta, lo, shifted, lo, hi - lo);
            double scale = norm / (2 * eps);
            for (int k = 0; k < dim; k++) {
                out[k] += (full[k] - gradMinus[k]) * scale;
            }
        }
    }

    /**
     * {@code A^T xi = (H^T xi - H xi) / 2}, {@code A = (H - H^T) / 2} the antisymmetric part of H.
     *
     * @param hXi  {@code H xi}. Not modified.
     * @param htXi {@code H^T xi}. Not modified.
     * @param out  modified (may be either input)
     */
    public static void antisymmetricTransposeTimesXi(double[] hXi, double[] htXi, double[] out) {
        if (hXi.length != htXi.length || out.length != hXi.length) {
            throw new IllegalArgumentException("antisymmetricTransposeTimesXi: lengths " + hXi.length + ", "
                    + htXi.length + ", " + out.length + " must match");
        }
        for (int k = 0; k < out.length; k++) {
            out[k] = 0.5 * (htXi[k] - hXi[k]);
        }
    }

    /**
     * The adjusted direction of {@code adjustment} at theta (seed 000 section 1.4): computes xi,
     * {@code H^T xi}, and for the antisymmetric form {@code H xi} and {@code A^T xi}, then combines them
     * ({@link GradientAdjustment#combine}). The players descend along {@code out} in place of xi.
     * Afterwards {@link #lastXi()} and {@link #lastAdjustment()} hold xi and the adjustment term.
     *
     * @param theta not modified
     * @param out   modified
     * @return the coefficient used (lambda, or its aligned sign times |lambda|)
     */
    public double adjustedDirection(double[] theta, GradientAdjustment adjustment, double[] out) {
        check(out, "out");
        xi(theta, xiBuf);
        hessianTransposeTimesXi(theta, xiBuf, adjustment.step(), htXiBuf);
        double[] adj;
        if (adjustment.form() == GradientAdjustment.Form.ANTISYMMETRIC) {
            hessianTimesXi(theta, xiBuf, adjustment.step(), hXiBuf);
            antisymmetricTransposeTimesXi(hXiBuf, htXiBuf, adjBuf);
            adj = adjBuf;
        } else {
            System.arraycopy(htXiBuf, 0, adjBuf, 0, dim);
            adj = adjBuf;
        }
        double lambda = adjustment.alignSign()
                ? GradientAdjustment.alignedLambda(adjustment.lambda(), adjustment.alignEpsilon(), xiBuf, adj, htXiBuf)
                : adjustment.lambda();
        GradientAdjustment.combine(xiBuf, adj, lambda, adjustment.normalisation(), starts, out);
        return lambda;
    }

    /** xi from the last {@link #adjustedDirection} call. Not to be modified. */
    public double[] lastXi() {
        return xiBuf;
    }

    /** The adjustment term ({@code A^T xi} or {@code H^T xi}) from the last {@link #adjustedDirection} call. Not to be modified. */
    public double[] lastAdjustment() {
        return adjBuf;
    }

    /** The Euclidean norm of {@code v[lo, hi)}. */
    public static double norm(double[] v, int lo, int hi) {
        double s = 0;
        for (int k = lo; k < hi; k++) {
            s += v[k] * v[k];
        }
        return Math.sqrt(s);
    }

    private void check(double[] v, String name) {
        if (v.length != dim) {
            throw new IllegalArgumentException("GameGradients: " + name + " has length " + v.length
                    + ", the game has " + dim + " parameters");
        }
    }

    private static void checkEps(double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("GameGradients: the finite-difference step eps must be > 0, got " + eps);
        }
    }
}
