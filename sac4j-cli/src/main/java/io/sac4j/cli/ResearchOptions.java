package io.sac4j.cli;

import io.sac4j.game.GradientAdjustment;
import io.sac4j.sac.EntropyEstimate;
import io.sac4j.sac.SacConfig;
import picocli.CommandLine.Option;

/**
 * The research options of {@code sac4j train}: the entropy estimate and the dynamic-matrix gradient
 * adjustment of seed 000 (sections 1.4 and 1.7), for continuous actions.
 */
final class ResearchOptions {
    /** {@code --adjust}'s forms; {@link #NONE}: plain SAC gradients. */
    enum Adjust { NONE, ANTISYMMETRIC, HESSIAN_TRANSPOSE }

    /** --adjust-lambda's default. */
    static final double DEFAULT_ADJUST_LAMBDA = 0.1;
    /**
     * --adjust-step's default: a step length in parameter space for float32 networks, large enough that
     * the float rounding of the gradients (about 1e-7 of their norm) stays far below the difference.
     */
    static final double DEFAULT_ADJUST_STEP = 1e-2;

    @Option(names = "--entropy", paramLabel = "sample|closed-form", converter = Choices.EntropyConverter.class,
            description = "Continuous actions: the policy's entropy in the actor and temperature losses, the one-sample"
                    + " -log pi (default) or the tanh-Gaussian entropy in closed form (seed 000 section 1.7).")
    EntropyEstimate entropy;

    @Option(names = "--adjust", paramLabel = "none|antisymmetric|hessian-transpose",
            converter = Choices.AdjustConverter.class,
            description = "Continuous actions: the dynamic-matrix gradient adjustment of seed 000 section 1.4,"
                    + " xi + lambda A^T xi or xi + lambda H^T xi over the players of the SAC game (default none;"
                    + " see docs/dynamic-matrix.md).")
    Adjust adjust;

    @Option(names = "--adjust-lambda",
            description = "The adjustment's coefficient lambda (default " + DEFAULT_ADJUST_LAMBDA + ").")
    Double adjustLambda;

    @Option(names = "--adjust-norm", paramLabel = "none|match|unit", converter = Choices.NormConverter.class,
            description = "Scale of the adjustment per player (seed 000 section 1.4.1): none (lambda alone, default),"
                    + " match (each block of the adjustment to the norm of the player's gradient), unit (gradient and"
                    + " adjustment blocks each to norm 1).")
    GradientAdjustment.Normalisation adjustNorm;

    @Option(names = "--adjust-align",
            description = "Choose the sign of lambda by the alignment rule of Balduzzi et al. 2018 (antisymmetric only).")
    boolean adjustAlign;

    @Option(names = "--adjust-step",
            description = "Finite-difference step length in parameter space for H xi and H^T xi (default "
                    + DEFAULT_ADJUST_STEP + ").")
    Double adjustStep;

    /** Sets the entropy estimate and the adjustment the options ask for on {@code b}; returns {@code b}. */
    SacConfig.Builder applyTo(SacConfig.Builder b) {
        if (entropy != null) {
            b.entropyEstimate(entropy);
        }
        return b.adjustment(adjustment());
    }

    /** The adjustment the --adjust options ask for, or null; refuses its options without --adjust. */
    private GradientAdjustment adjustment() {
        if (adjust == null || adjust == Adjust.NONE) {
            if (adjustLambda != null || adjustNorm != null || adjustAlign || adjustStep != null) {
                throw new IllegalArgumentException("--adjust-lambda, --adjust-norm, --adjust-align and --adjust-step"
                        + " need --adjust antisymmetric or --adjust hessian-transpose");
            }
            return null;
        }
        double lambda = adjustLambda != null ? adjustLambda : DEFAULT_ADJUST_LAMBDA;
        GradientAdjustment a = adjust == Adjust.ANTISYMMETRIC ? GradientAdjustment.antisymmetric(lambda)
                : GradientAdjustment.hessianTranspose(lambda);
        a = a.withStep(adjustStep != null ? adjustStep : DEFAULT_ADJUST_STEP);
        if (adjustNorm != null) {
            a = a.withNormalisation(adjustNorm);
        }
        if (adjustAlign) {
            if (a.form() != GradientAdjustment.Form.ANTISYMMETRIC) {
                throw new IllegalArgumentException("--adjust-align applies to --adjust antisymmetric only");
            }
            a = a.withSignAlignment(GradientAdjustment.DEFAULT_ALIGN_EPSILON);
        }
        return a;
    }
}
