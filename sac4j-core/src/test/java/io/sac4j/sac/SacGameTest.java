package io.sac4j.sac;

import io.sac4j.game.GameGradients;
import io.sac4j.game.GradientAdjustment;
import io.sac4j.buffer.Batch;
import io.sac4j.env.Box;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SAC games of the dynamic-matrix adjustment (seed 000 §1.4): each player's full gradient is the
 * derivative of its loss along every block (central differences of the float losses), the own
 * gradient is its own block, the blocks a loss does not read get exactly zero, and the adjusted
 * learners step as described.
 */
class SacGameTest {
    private static final GradientAdjustment FIRST_ORDER = GradientAdjustment.antisymmetric(0);

    private static Batch randomBatch(int n, int obs, int act, Rng r) {
        Batch b = new Batch(n, obs, act);
        r.fillGaussian(b.observations.data, 0, b.observations.size());
        r.fillUniform(b.actions.data, 0, b.actions.size(), -1, 1);
        r.fillGaussian(b.rewards.data, 0, b.rewards.size());
        r.fillGaussian(b.nextObservations.data, 0, b.nextObservations.size());
        for (int i = 0; i < n; i += 3) {
            b.terminated.data[i] = 1;
        }
        return b;
    }

    private static SacConfig config(Variant variant, EntropyEstimate entropy) {
        // tanh hidden units would be smoother, but the networks are ReLU: small steps, few kinks crossed.
        return SacConfig.builder().variant(variant).hiddenSizes(16, 16).batchSize(32).entropyEstimate(entropy)
                .adjustment(FIRST_ORDER).build();
    }

    private static Learner create(SacConfig c, Rng r) {
        if (c.adjusted()) {
            return new AdjustedSacLearner(c, 3, 2, r);
        }
        return c.variant() == Variant.V1 ? new SacV1Learner(c, 3, 2, r) : new SacLearner(c, 3, 2, r);
    }

    private static SacGame game(Learner l) {
        return ((AdjustedSacLearner) l).game();
    }

    /** Moves the targets away from their sources, so that the distance players have a gradient. */
    private static void warmUp(Learner l, Batch b) {
        for (int i = 0; i < 3; i++) {
            l.update(b);
        }
    }

    /**
     * For every pair (player i, block j): the directional derivative of J_i along a random direction in
     * block j, by central differences, against the full gradient's block j; and the own gradient
     * against the full gradient's own block.
     */
    private static void checkGradients(Learner l, int obs, int act, long seed) {
        Rng r = new Rng(seed);
        Batch b = randomBatch(32, obs, act, r);
        warmUp(l, b);
        SacGame g = game(l);
        g.prepare(b, (float) l.alpha());
        int dim = g.dimension();
        int[] starts = g.blockStarts();
        double[] theta = new double[dim];
        g.read(theta);
        double[] full = new double[dim];
        double[] own = new double[dim];
        double[] shifted = new double[dim];
        int players = starts.length - 1;
        for (int i = 0; i < players; i++) {
            g.gradient(i, theta, full);
            g.ownGradient(i, theta, own);
            for (int k = starts[i]; k < starts[i + 1]; k++) {
                assertEquals(full[k], own[k], 1e-5 * (1 + Math.abs(full[k])), "player " + i + " own block, k " + k);
            }
            for (int j = 0; j < players; j++) {
                double blockNorm = GameGradients.norm(full, starts[j], starts[j + 1]);
                int n = starts[j + 1] - starts[j];
                // Along the gradient's own block direction (derivative = the block's norm), then along a
                // random direction in the block (derivative ~ norm / sqrt(n)).
                for (int trial = 0; trial < 2; trial++) {
                    double[] v = new double[dim];
                    for (int k = starts[j]; k < starts[j + 1]; k++) {
                        v[k] = trial == 0 && blockNorm > 0 ? full[k] : r.nextGaussian();
                    }
                    double vnorm = GameGradients.norm(v, starts[j], starts[j + 1]);
                    double analytic = 0;
                    for (int k = starts[j]; k < starts[j + 1]; k++) {
                        v[k] /= vnorm;
                        analytic += full[k] * v[k];
                    }
                    double h = 3e-3;
                    for (int k = 0; k < dim; k++) {
                        shifted[k] = theta[k] + h * v[k];
                    }
                    double plus = g.lossAt(i, shifted);
                    for (int k = 0; k < dim; k++) {
                        shifted[k] = theta[k] - h * v[k];
                    }
                    double minus = g.lossAt(i, shifted);
                    double numeric = (plus - minus) / (2 * h);
                    String what = "d J_" + i + " / d block " + j + " (trial " + trial + "): numeric " + numeric
                            + ", analytic " + analytic;
                    if (blockNorm == 0) {
                        assertEquals(0.0, numeric, 1e-6, what + " (a block the loss does not read)");
                    } else if (trial == 0) {
                        assertEquals(analytic, numeric, 0.02 * blockNorm, what);
                    } else {
                        assertEquals(analytic, numeric, 0.05 * Math.abs(analytic) + 0.05 * blockNorm / Math.sqrt(n)
                                + 1e-5, what);
                    }
                }
            }
        }
        g.load(theta);
    }

    @Test
    void sacV1FullGradientsAreTheLossesDerivativesAlongEveryBlock() {
        checkGradients(new AdjustedSacLearner(config(Variant.V1, EntropyEstimate.SAMPLE), 3, 2, new Rng(1)), 3, 2, 11);
    }

    @Test
    void sacV2FullGradientsAreTheLossesDerivativesAlongEveryBlock() {
        checkGradients(new AdjustedSacLearner(config(Variant.V2, EntropyEstimate.SAMPLE), 3, 2, new Rng(2)), 3, 2, 12);
    }

    @Test
    void closedFormEntropyGamesToo() {
        checkGradients(new AdjustedSacLearner(config(Variant.V1, EntropyEstimate.CLOSED_FORM), 2, 1, new Rng(3)), 2, 1, 13);
        checkGradients(new AdjustedSacLearner(config(Variant.V2, EntropyEstimate.CLOSED_FORM), 2, 1, new Rng(4)), 2, 1, 14);
    }

    @Test
    void dependenciesOfEachLossAreAsDocumented() {
        // v1: J1 reads Q and Vbar; J2 pi and Q; J3 V, Q and pi; J4 V and Vbar.
        boolean[][] v1 = {
            {true, false, false, true}, {true, true, false, false}, {true, true, true, false}, {false, false, true, true}};
        // v2 with learned alpha: J_Q reads Q, pi, alpha, Qbar; J_pi Q, pi, alpha; J_a pi, alpha; J_t Q, Qbar.
        boolean[][] v2 = {
            {true, true, true, true}, {true, true, true, false}, {false, true, true, false}, {true, false, false, true}};
        checkDependencies(new AdjustedSacLearner(config(Variant.V1, EntropyEstimate.SAMPLE), 3, 2, new Rng(5)), v1);
        checkDependencies(new AdjustedSacLearner(config(Variant.V2, EntropyEstimate.SAMPLE), 3, 2, new Rng(6)), v2);
    }

    private static void checkDependencies(Learner l, boolean[][] reads) {
        Batch b = randomBatch(32, 3, 2, new Rng(7));
        warmUp(l, b);
        SacGame g = game(l);
        g.prepare(b, (float) l.alpha());
        int[] starts = g.blockStarts();
        assertEquals(reads.length + 1, starts.length);
        double[] theta = new double[g.dimension()];
        double[] full = new double[g.dimension()];
        g.read(theta);
        for (int i = 0; i < reads.length; i++) {
            g.gradient(i, theta, full);
            for (int j = 0; j < reads.length; j++) {
                double n = GameGradients.norm(full, starts[j], starts[j + 1]);
                assertEquals(reads[i][j], n > 0, "player " + i + " block " + j + " gradient norm " + n);
            }
        }
    }

    @Test
    void firstOrderV1UpdateStepsTheTargetByPolyakAndTrainsTheRest() {
        SacConfig c = config(Variant.V1, EntropyEstimate.SAMPLE);
        AdjustedSacLearner l = new AdjustedSacLearner(c, 3, 2, new Rng(8));
        Batch b = randomBatch(32, 3, 2, new Rng(9));
        warmUp(l, b);
        SacV1Game g = (SacV1Game) l.game();
        float[] v = g.players.get(2).params().get(0).value.data.clone();
        float[] vt = g.players.get(3).params().get(0).value.data.clone();
        float[] q = l.actor().parameters().get(0).value.data.clone();
        l.update(b);
        float[] vtAfter = g.players.get(3).params().get(0).value.data;
        for (int k = 0; k < vt.length; k++) {
            assertEquals(vt[k] - c.tau() * (vt[k] - v[k]), vtAfter[k], 1e-6, "Vbar moves by polyak, k " + k);
        }
        assertFalse(Arrays.equals(q, l.actor().parameters().get(0).value.data), "the actor steps");
        assertTrue(Double.isFinite(l.lastStep().criticLoss()) && Double.isFinite(l.lastValueLoss()));
    }

    @Test
    void theAdjustmentChangesTheStepAndIsDeterministic() {
        Batch b = randomBatch(32, 3, 2, new Rng(10));
        for (Variant variant : Variant.values()) {
            SacConfig plain = config(variant, EntropyEstimate.SAMPLE);
            SacConfig adjusted = plain.toBuilder().adjustment(GradientAdjustment.antisymmetric(0.5)
                    .withNormalisation(GradientAdjustment.Normalisation.MATCH_OWN_GRADIENT).withStep(1e-2)).build();
            Learner a = create(adjusted, new Rng(11));
            Learner a2 = create(adjusted, new Rng(11));
            Learner p = create(plain, new Rng(11));
            for (int i = 0; i < 5; i++) {
                a.update(b);
                a2.update(b);
                p.update(b);
                assertEquals(a.lastStep().criticLoss(), a2.lastStep().criticLoss(), variant + " same bits");
                assertEquals(a.lastStep().actorLoss(), a2.lastStep().actorLoss(), variant + " same bits");
            }
            float[] obs = {0.3f, -0.2f, 0.1f};
            float[] x = new float[2], y = new float[2], z = new float[2];
            a.policy().actDeterministic(obs, x);
            a2.policy().actDeterministic(obs, y);
            p.policy().actDeterministic(obs, z);
            assertArrayEquals(x, y, variant + ": same seed, same policy");
            assertFalse(Arrays.equals(x, z), variant + ": the adjustment changes the policy");
            SacGame g = game(a);
            assertNotNull(g);
            assertTrue(g.lastAdjustmentNorm() > 0 && g.lastXiNorm() > 0, variant + " norms");
        }
    }

    @Test
    void aBlownUpUnscaledAdjustmentIsReportedWithWhatToChange() {
        Batch b = randomBatch(32, 3, 2, new Rng(12));
        // lambda A^T xi overflows a double within a few updates: the step is refused, the parameters stay as they were.
        SacConfig unscaled = config(Variant.V2, EntropyEstimate.SAMPLE).toBuilder()
                .adjustment(GradientAdjustment.antisymmetric(1e305).withStep(1e-2)).build();
        Learner l = create(unscaled, new Rng(13));
        float[] obs = {0.3f, -0.2f, 0.1f};
        float[] before = new float[2], after = new float[2];
        NumericalInstabilityException e = assertThrows(NumericalInstabilityException.class, () -> {
            for (int i = 0; i < 10; i++) {
                l.policy().actDeterministic(obs, before);
                l.update(b);
            }
        });
        assertTrue(e.getMessage().contains("is not finite") && e.getMessage().contains("--adjust-norm match")
                && e.getMessage().contains("lambda 1.0E305"), e.getMessage());
        l.policy().actDeterministic(obs, after);
        assertArrayEquals(before, after, "the refused step left the policy as it was");
    }

    @Test
    void theFactoryPicksTheAdjustedLearnerOnlyWithTheOption() {
        SacConfig c = SacConfig.builder().hiddenSizes(8).build();
        Box obs = Box.uniform(2, -1f, 1f);
        Box act = Box.uniform(1, -1f, 1f);
        assertTrue(Learners.create(c, obs, act, new Rng(1)) instanceof SacLearner);
        assertTrue(Learners.create(c.toBuilder().variant(Variant.V1).build(), obs, act, new Rng(1))
                instanceof SacV1Learner);
        for (Variant v : Variant.values()) {
            SacConfig adjusted = c.toBuilder().variant(v).adjustment(FIRST_ORDER).build();
            assertTrue(Learners.create(adjusted, obs, act, new Rng(1)) instanceof AdjustedSacLearner, v.cliName());
            assertThrows(IllegalArgumentException.class, () -> new SacLearner(adjusted, 2, 1, new Rng(1)));
            assertThrows(IllegalArgumentException.class, () -> new SacV1Learner(adjusted, 2, 1, new Rng(1)));
        }
        assertThrows(IllegalArgumentException.class, () -> new AdjustedSacLearner(c, 2, 1, new Rng(1)));
    }
}
