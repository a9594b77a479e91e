package io.sac4j.sac;

import io.sac4j.autodiff.Tape;
import io.sac4j.buffer.Batch;
import io.sac4j.buffer.PrioritizedReplay;
import io.sac4j.buffer.ReplayBuffer;
import io.sac4j.distributions.Categorical;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One update of a learner on a prioritized, n-step batch, checked against the learner's own networks
 * evaluated by hand: the target uses gamma^k per row, the critic loss is weighted by the importance
 * weights, the TD errors the learner reports are the mean of the twin critics' absolute errors, and the
 * priorities prioritized replay sets from them are {@code (|delta| + eps)^alpha}.
 */
class PrioritizedUpdateTest {
    private static final double GAMMA = 0.9;
    private static final double ALPHA = 0.2;
    private static final double PER_ALPHA = 0.6;
    private static final double PER_EPS = 1e-6;

    /**
     * Discrete SAC: its target is exact (no sampled next action), and before the first update the target
     * critics equal the online ones, so the whole update can be recomputed from {@link DiscreteSacLearner#actor()}
     * and {@link DiscreteSacLearner#critic}.
     */
    @Test
    void discreteUpdateWeightsItsCriticLossAndReportsTheMeanTwinTdError() {
        SacConfig config = SacConfig.builder().hiddenSizes(8).batchSize(6).gamma(GAMMA)
                .temperature(Temperature.fixed(ALPHA)).nStep(3)
                .replaySampling(ReplaySampling.prioritized(PER_ALPHA, 0.4, PER_EPS)).build();
        int obsDim = 2;
        int nActions = 3;
        DiscreteSacLearner learner = new DiscreteSacLearner(config, obsDim, nActions, new Rng(11));
        ReplayBuffer buffer = new ReplayBuffer(8, obsDim, 1);
        PrioritizedReplay per = new PrioritizedReplay(buffer, PER_ALPHA, PER_EPS);
        Rng data = new Rng(5);
        for (int i = 0; i < 5; i++) {
            per.add(new float[] {data.nextFloat() * 2 - 1, data.nextFloat() * 2 - 1}, new float[] {i % nActions},
                    data.nextFloat() * 4 - 2, new float[] {data.nextFloat() * 2 - 1, data.nextFloat() * 2 - 1}, i == 3,
                    1 + i % 3);
        }
        // Unequal priorities, so the importance weights are not all 1.
        per.updatePriorities(new int[] {0, 1, 2, 3, 4}, new float[] {0.5f, 2f, 0.1f, 1f, 3f}, 5);
        Batch batch = new Batch(6, obsDim, 1);
        per.sample(batch, 0.7, new Rng(3));

        // By hand, from the networks before the update.
        int n = batch.size;
        Matrix pNext = forward(learner.actor(), batch.nextObservations);
        Matrix q1Next = forward(learner.critic(0), batch.nextObservations);
        Matrix q2Next = forward(learner.critic(1), batch.nextObservations);
        Matrix q1 = forward(learner.critic(0), batch.observations);
        Matrix q2 = forward(learner.critic(1), batch.observations);
        double loss = 0;
        float[] expectedTd = new float[n];
        boolean weightsDiffer = false;
        for (int i = 0; i < n; i++) {
            double[] logPi = logSoftmax(pNext, i);
            double v = 0;
            for (int a = 0; a < nActions; a++) {
                double minQ = Math.min(q1Next.get(i, a), q2Next.get(i, a));
                v += Math.exp(logPi[a]) * (minQ - ALPHA * logPi[a]);
            }
            int k = batch.steps[i];
            double y = batch.rewards.data[i] + Math.pow(GAMMA, k) * (1 - batch.terminated.data[i]) * v;
            int a = (int) batch.actions.data[i];
            double d1 = q1.get(i, a) - y;
            double d2 = q2.get(i, a) - y;
            double w = batch.weights.data[i];
            weightsDiffer |= w != 1;
            loss += 0.5 * w * (d1 * d1 + d2 * d2) / n;
            expectedTd[i] = (float) ((Math.abs(d1) + Math.abs(d2)) / 2);
        }
        assertTrue(weightsDiffer, "the draw has weights other than 1");

        learner.update(batch);
        assertEquals(loss, learner.lastStep().criticLoss(), 1e-5 * Math.max(1, Math.abs(loss)),
                "0.5 sum_j mean(w (Q_j - y)^2), y with gamma^k");
        float[] td = learner.lastStep().tdErrors();
        assertEquals(n, td.length);
        for (int i = 0; i < n; i++) {
            assertEquals(expectedTd[i], td[i], 1e-5f * Math.max(1, expectedTd[i]), "row " + i + ": (|d1| + |d2|) / 2");
        }

        per.updatePriorities(batch.slots, td, n);
        double[] leaves = per.state().priorities();
        for (int i = 0; i < n; i++) {
            // A slot drawn twice takes the later row's priority; both rows hold the same transition and error.
            assertEquals(Math.pow(Math.abs(td[i]) + PER_EPS, PER_ALPHA), leaves[batch.slots[i]], 1e-6,
                    "slot " + batch.slots[i] + ": (|delta| + eps)^alpha");
        }
    }

    /** Continuous v2, v1 and the adjusted learner: the reported TD errors are finite, non-negative, one per row. */
    @Test
    void everyContinuousLearnerReportsOneTdErrorPerRow() {
        SacConfig base = SacConfig.builder().hiddenSizes(8).batchSize(5).nStep(2).build();
        for (SacConfig c : new SacConfig[] {base, base.toBuilder().variant(Variant.V1).build(),
                base.toBuilder().adjustment(io.sac4j.game.GradientAdjustment.antisymmetric(0.1)).build()}) {
            Learner l = Learners.create(c, io.sac4j.env.Box.uniform(3, -1, 1), io.sac4j.env.Box.uniform(1, -1, 1),
                    new Rng(2));
            ReplayBuffer b = new ReplayBuffer(10, 3, 1);
            Rng data = new Rng(4);
            for (int i = 0; i < 10; i++) {
                b.add(new float[] {data.nextFloat(), data.nextFloat(), data.nextFloat()}, new float[] {data.nextFloat()},
                        data.nextFloat(), new float[] {data.nextFloat(), data.nextFloat(), data.nextFloat()}, false,
                        1 + i % 2);
            }
            Batch batch = new Batch(5, 3, 1);
            b.sample(batch, new Rng(1));
            l.update(batch);
            float[] td = l.lastStep().tdErrors();
            assertEquals(5, td.length, l.getClass().getSimpleName());
            for (float d : td) {
                assertTrue(Float.isFinite(d) && d >= 0, l.getClass().getSimpleName() + ": " + d);
            }
        }
    }

    private static Matrix forward(io.sac4j.nn.Mlp net, Matrix x) {
        Tape t = new Tape();
        Matrix out = net.forward(t, t.constant(x), false).value();
        Matrix copy = new Matrix(out.rows, out.cols);
        System.arraycopy(out.data, 0, copy.data, 0, out.size());
        return copy;
    }

    private static double[] logSoftmax(Matrix logits, int row) {
        Tape t = new Tape();
        Matrix one = new Matrix(1, logits.cols);
        System.arraycopy(logits.data, row * logits.cols, one.data, 0, logits.cols);
        Matrix lp = Categorical.logProbs(t, t.constant(one)).value();
        double[] out = new double[logits.cols];
        for (int a = 0; a < logits.cols; a++) {
            out[a] = lp.data[a];
        }
        return out;
    }
}
