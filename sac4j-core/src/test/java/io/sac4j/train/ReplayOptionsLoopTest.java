package io.sac4j.train;

import io.sac4j.buffer.ReplayBuffer;
import io.sac4j.env.Envs;
import io.sac4j.sac.ReplaySampling;
import io.sac4j.sac.SacConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SacConfig#nStep()} and {@link SacConfig#replaySampling()} through the training loop: what the
 * collector hands the replay buffer, checked against n-step windows worked out by hand, and what a
 * prioritized run reports.
 */
class ReplayOptionsLoopTest {
    /** gamma 0.5: every discounted sum below is exact in binary. The environments are {@link VectorLoopTest.Counter}'s. */
    private static final SacConfig NO_UPDATES = SacConfig.builder().hiddenSizes(8).batchSize(8).learningStarts(1000)
            .gamma(0.5).build();

    /** A stored transition: the observation's copy and k, the n-step return, the next observation's k, terminated, steps. */
    private record Row(int copy, int k, float ret, int nextK, boolean terminated, int steps) {
    }

    private static List<Row> stored(int nStep) {
        OffPolicyLoop loop = OffPolicyLoop.builder(NO_UPDATES.toBuilder().nStep(nStep).build(),
                new RunConfig(12, 12, 1, 0, 3)).envs(VectorLoopTest.counters(3)).build();
        loop.run();
        ReplayBuffer b = loop.lastBuffer();
        ReplayBuffer.Columns c = b.columnsView();
        List<Row> rows = new ArrayList<>();
        for (int j = 0; j < b.size(); j++) {
            assertEquals(c.observations()[2 * j], c.nextObservations()[2 * j], "a transition stays in its copy");
            rows.add(new Row((int) c.observations()[2 * j], (int) c.observations()[2 * j + 1], c.rewards()[j],
                    (int) c.nextObservations()[2 * j + 1], c.terminated()[j], c.steps()[j]));
        }
        return rows;
    }

    /**
     * Three copies, n = 2, gamma 0.5, four vector steps. Copy 1 terminates at its second step, inside the
     * window: both its transitions come out at once, without bootstrap (k = 2 and 1). Copies 0 and 2 are
     * truncated at their third step, inside the window: the pending two come out bootstrapping from the real
     * final observation {@code k = 3} (not the autoreset's 0), not terminated. The fourth vector step begins
     * new episodes after the autoreset: nothing of the old episode mixes in, and copies 0 and 2 keep their
     * new first transition pending.
     */
    @Test
    void twoStepTransitionsAcrossTerminationTruncationAndAutoreset() {
        assertEquals(List.of(
                // vector step 1: copy 0's window fills: 1 + 0.5 * 2 from s_2; copy 1 terminates; copy 2 fills.
                new Row(0, 0, 1 + 0.5f * 2, 2, false, 2),
                new Row(1, 0, 11 + 0.5f * 12, 2, true, 2),
                new Row(1, 1, 12, 2, true, 1),
                new Row(2, 0, 21 + 0.5f * 22, 2, false, 2),
                // vector step 2: copies 0 and 2 truncated at k = 3: both pending, bootstrapping from s_3.
                new Row(0, 1, 2 + 0.5f * 3, 3, false, 2),
                new Row(0, 2, 3, 3, false, 1),
                new Row(2, 1, 22 + 0.5f * 23, 3, false, 2),
                new Row(2, 2, 23, 3, false, 1),
                // vector step 3: copy 1's second episode ends as its first did; copies 0, 2 hold one each.
                new Row(1, 0, 11 + 0.5f * 12, 2, true, 2),
                new Row(1, 1, 12, 2, true, 1)), stored(2));
    }

    /** n = 5 is longer than every episode: each window empties only at its episode's end, with k = the steps left. */
    @Test
    void aWindowLongerThanTheEpisodesEmitsAtEachEpisodeEnd() {
        Row copy1First = new Row(1, 0, 11 + 0.5f * 12, 2, true, 2);
        Row copy1Second = new Row(1, 1, 12, 2, true, 1);
        List<Row> expected = List.of(copy1First, copy1Second,
                new Row(0, 0, 1 + 0.5f * 2 + 0.25f * 3, 3, false, 3), new Row(0, 1, 2 + 0.5f * 3, 3, false, 2),
                new Row(0, 2, 3, 3, false, 1),
                new Row(2, 0, 21 + 0.5f * 22 + 0.25f * 23, 3, false, 3), new Row(2, 1, 22 + 0.5f * 23, 3, false, 2),
                new Row(2, 2, 23, 3, false, 1),
                copy1First, copy1Second);
        assertEquals(expected, stored(5));
    }

    /** n = 1 stores every transition at once, as the loop always did (VectorLoopTest checks the values). */
    @Test
    void oneStepStoresEachTransitionAtOnce() {
        List<Row> rows = stored(1);
        assertEquals(12, rows.size());
        for (Row r : rows) {
            assertEquals(1, r.steps());
            assertEquals(r.k() + 1, r.nextK());
            assertEquals(10 * r.copy() + r.nextK(), r.ret());
        }
    }

    /** Records each evaluation row. */
    private static final class Rows implements TrainListener {
        final List<EvalRecord> rows = new ArrayList<>();

        @Override
        public void onEvaluation(EvalRecord r) {
            rows.add(r);
        }
    }

    /**
     * A prioritized run reports the mean importance weight of its draws, in (0, 1] (weights are normalised by
     * the largest), and the largest priority seen, >= 1 (new transitions enter at 1 before any update); a
     * uniform run reports neither.
     */
    @Test
    void aPrioritizedRunReportsItsImportanceWeightsAndLargestPriority() {
        SacConfig per = SacConfig.builder().hiddenSizes(8).batchSize(8).learningStarts(50).nStep(3)
                .replaySampling(ReplaySampling.prioritized(0.6, 0.4, 1e-6)).build();
        Rows rows = new Rows();
        OffPolicyLoop.builder(per, new RunConfig(300, 100, 1, 0)).envs(() -> Envs.make("Pendulum-v1")).listener(rows)
                .build().run();
        assertEquals(3, rows.rows.size());
        for (EvalRecord r : rows.rows) {
            assertTrue(r.meanImportanceWeight() > 0 && r.meanImportanceWeight() <= 1, "mean weight " + r);
            assertTrue(r.maxPriority() >= 1, "max priority " + r);
        }
        Rows uniform = new Rows();
        OffPolicyLoop.builder(per.toBuilder().replaySampling(ReplaySampling.uniform()).build(),
                new RunConfig(100, 100, 1, 0)).envs(() -> Envs.make("Pendulum-v1")).listener(uniform).build().run();
        assertTrue(Double.isNaN(uniform.rows.get(0).meanImportanceWeight()));
        assertTrue(Double.isNaN(uniform.rows.get(0).maxPriority()));
    }
}
