package io.sac4j.game;

/**
 * The dynamic-matrix gradient adjustment of seed 000 section 1.4: instead of each player following its
 * own gradient {@code xi}, the players follow
 * <pre>
 *   xi + lambda A^T xi = xi + (lambda / 2) (H^T - H) xi     ({@link Form#ANTISYMMETRIC}; Balduzzi et al. 2018's SGA)
 *   xi + lambda H^T xi                                      ({@link Form#HESSIAN_TRANSPOSE}; the seed's "xi = xi + H^T xi" at lambda = 1)
 * </pre>
 * with H the Jacobian of xi and {@code A = (H - H^T)/2} its antisymmetric part (computed by
 * {@link GameGradients}).
 *
 * <p><b>Scale (seed 000 section 1.4.1).</b> "xi and H xi, A xi are not of the same order of
 * magnitude". Remedy 1, "multiply H xi and A xi by a coefficient", is {@code lambda} with
 * {@link Normalisation#NONE}. Remedy 2, "normalise all gradients", comes in two readings:
 * <ul>
 * <li>{@link Normalisation#UNIT_BLOCKS}, the literal one: every player's block of xi and of the
 * adjustment scaled to unit norm, {@code d_i = xi_i / ||xi_i|| + lambda a_i / ||a_i||}. The step of
 * each player then no longer shrinks with its gradient, so with a fixed step size the dynamics stop
 * at a distance of the order of the step from a fixed point (a sign-like method); an adaptive
 * optimiser (Adam) is itself insensitive to the gradient's scale.</li>
 * <li>{@link Normalisation#MATCH_OWN_GRADIENT}: only the adjustment is normalised, each block to the
 * norm of the player's own gradient block, {@code d_i = xi_i + lambda ||xi_i|| a_i / ||a_i||}, so the
 * correction has the size of the gradient it corrects and the gradient keeps its own size (and the
 * dynamics still converge with a fixed step). Keep {@code |lambda| < 1} here: then
 * {@code ||d_i|| >= (1 - |lambda|) ||xi_i||}, while at {@code |lambda| >= 1} a player's correction can
 * cancel its gradient exactly and the dynamics stall away from the fixed point (on
 * {@code min_x max_y xy} they stop at |theta| = 0.1 with lambda = 1, and converge with lambda = 0.5).</li>
 * </ul>
 * A block whose vector is zero stays zero in either normalisation. Normalising amplifies an
 * adjustment that is only rounding noise (a game with A ~ 0, e.g. a potential game), so the
 * normalised forms are meant for games whose adjustment is genuinely non-zero.
 *
 * <p><b>Sign alignment (optional).</b> Balduzzi et al. 2018 (arXiv:1802.05642, Algorithm 1 and
 * section 4, "Symplectic Gradient Adjustment") choose the sign of lambda so that the adjusted
 * direction points towards stable fixed points and away from unstable ones:
 * {@code lambda = |lambda| sign((1/d) <xi, grad H><A^T xi, grad H> + epsilon)} with the Hamiltonian
 * {@code H(theta) = 1/2 ||xi||^2}, whose gradient is {@code H^T xi}, d the number of parameters and
 * a small {@code epsilon > 0} (1/10 there) that keeps lambda positive near a fixed point. It applies to
 * the antisymmetric form only.
 *
 * @param form           which adjustment term
 * @param lambda         its coefficient (remedy 1); the sign is recomputed when {@code alignSign}
 * @param normalisation  how the blocks are scaled (remedy 2)
 * @param alignSign      choose the sign of lambda by the alignment rule above
 * @param alignEpsilon   the alignment rule's epsilon (> 0)
 * @param step           the finite-difference step length in parameter space for H xi and H^T xi (> 0)
 */
public record GradientAdjustment(Form form, double lambda, Normalisation normalisation, boolean alignSign,
        double alignEpsilon, double step) {
    /** The alignment rule's epsilon of Balduzzi et al. 2018. */
    public static final double DEFAULT_ALIGN_EPSILON = 0.1;
    /** The default finite-difference step length. */
    public static final double DEFAULT_STEP = 1e-4;

    /** Which second-order term corrects the gradient. */
    public enum Form {
        /** {@code xi + lambda A^T xi}. */
        ANTISYMMETRIC,
        /** {@code xi + lambda H^T xi} (the seed's form at lambda = 1). */
        HESSIAN_TRANSPOSE
    }

    /** How each player's block is scaled (seed 000 section 1.4.1). */
    public enum Normalisation {
        /** {@code d_i = xi_i + lambda a_i}. */
        NONE,
        /** {@code d_i = xi_i + lambda ||xi_i|| a_i / ||a_i||}. */
        MATCH_OWN_GRADIENT,
        /** {@code d_i = xi_i / ||xi_i|| + lambda a_i / ||a_i||}. */
        UNIT_BLOCKS
    }

    public GradientAdjustment {
        if (form == null || normalisation == null) {
            throw new IllegalArgumentException("GradientAdjustment: form and normalisation must be given");
        }
        if (!Double.isFinite(lambda)) {
            throw new IllegalArgumentException("GradientAdjustment: lambda must be finite, got " + lambda);
        }
        if (!(alignEpsilon > 0) || Double.isInfinite(alignEpsilon)) {
            throw new IllegalArgumentException("GradientAdjustment: alignEpsilon must be > 0, got " + alignEpsilon);
        }
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("GradientAdjustment: step must be > 0, got " + step);
        }
        if (alignSign && form != Form.ANTISYMMETRIC) {
            throw new IllegalArgumentException("GradientAdjustment: sign alignment applies to the ANTISYMMETRIC form only, "
                    + "got " + form);
        }
    }

    /** {@code xi + lambda A^T xi}, no normalisation, no alignment. */
    public static GradientAdjustment antisymmetric(double lambda) {
        return new GradientAdjustment(Form.ANTISYMMETRIC, lambda, Normalisation.NONE, false, DEFAULT_ALIGN_EPSILON,
                DEFAULT_STEP);
    }

    /** The seed's {@code xi + lambda H^T xi}, no normalisation. */
    public static GradientAdjustment hessianTranspose(double lambda) {
        return new GradientAdjustment(Form.HESSIAN_TRANSPOSE, lambda, Normalisation.NONE, false,
                DEFAULT_ALIGN_EPSILON, DEFAULT_STEP);
    }

    public GradientAdjustment withNormalisation(Normalisation n) {
        return new GradientAdjustment(form, lambda, n, alignSign, alignEpsilon, step);
    }

    /** The same with the sign-alignment rule and the given epsilon. */
    public GradientAdjustment withSignAlignment(double epsilon) {
        return new GradientAdjustment(form, lambda, normalisation, true, epsilon, step);
    }

    public GradientAdjustment withStep(double s) {
        return new GradientAdjustment(form, lambda, normalisation, alignSign, alignEpsilon, s);
    }

    /**
     * The aligned coefficient {@code |lambda| sign((1/d) <xi, gradH><atXi, gradH> + epsilon)}
     * (+|lambda| when the argument is 0).
     *
     * @param xi    not modified
     * @param atXi  {@code A^T xi}. Not modified.
     * @param gradH {@code H^T xi}, the gradient of {@code 1/2 ||xi||^2}. Not modified.
     */
    public static double alignedLambda(double lambda, double epsilon, double[] xi, double[] atXi, double[] gradH) {
        double a = 0, b = 0;
        for (int k = 0; k < xi.length; k++) {
            a += xi[k] * gradH[k];
            b += atXi[k] * gradH[k];
        }
        double s = a * b / xi.length + epsilon;
        return s >= 0 ? Math.abs(lambda) : -Math.abs(lambda);
    }

    /**
     * Combines, block by block: {@code out_i = xi_i + lambda a_i} scaled as {@code normalisation} says.
     *
     * @param xi          the players' own gradients. Not modified.
     * @param adjustment  {@code A^T xi} or {@code H^T xi}. Not modified.
     * @param blockStarts the players' blocks ({@link DifferentiableGame#blockStarts()}). Not modified.
     * @param out         modified (may not be either input)
     */
    public static void combine(double[] xi, double[] adjustment, double lambda, Normalisation normalisation,
            int[] blockStarts, double[] out) {
        if (xi.length != adjustment.length || out.length != xi.length
                || blockStarts[blockStarts.length - 1] != xi.length) {
            throw new IllegalArgumentException("GradientAdjustment.combine: lengths xi " + xi.length + ", adjustment "
                    + adjustment.length + ", out " + out.length + ", blocks end at " + blockStarts[blockStarts.length - 1]);
        }
        for (int i = 0; i + 1 < blockStarts.length; i++) {
            int lo = blockStarts[i], hi = blockStarts[i + 1];
            double xiScale = 1;
            double adjScale = lambda;
            if (normalisation != Normalisation.NONE) {
                double xiNorm = GameGradients.norm(xi, lo, hi);
                double adjNorm = GameGradients.norm(adjustment, lo, hi);
                double target = normalisation == Normalisation.MATCH_OWN_GRADIENT ? xiNorm : 1;
                adjScale = adjNorm == 0 ? 0 : lambda * target / adjNorm;
                if (normalisation == Normalisation.UNIT_BLOCKS) {
                    xiScale = xiNorm == 0 ? 0 : 1 / xiNorm;
                }
            }
            for (int k = lo; k < hi; k++) {
                out[k] = xiScale * xi[k] + adjScale * adjustment[k];
            }
        }
    }
}
