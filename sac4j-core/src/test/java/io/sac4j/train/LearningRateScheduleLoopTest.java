package io.sac4j.train;

import io.sac4j.env.Envs;
import io.sac4j.nn.Parameter;
import io.sac4j.sac.LearningRateSchedule;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.SacLearner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The loop applies {@link SacConfig#learningRateSchedule()} at each training round, from the step. */
class LearningRateScheduleLoopTest {
    private static final SacConfig TINY = SacConfig.builder().hiddenSizes(8).batchSize(8).learningStarts(99).build();

    /** The actor's parameters after a Pendulum run of {@code steps} steps, and the number of updates. */
    private static List<float[]> actorAfter(SacConfig sac, long steps, long expectedUpdates) {
        TrainResult r = OffPolicyLoop.builder(sac, new RunConfig(steps, steps, 1, 4))
                .envs(() -> Envs.make("Pendulum-v1")).build().run();
        assertEquals(expectedUpdates, r.learner().updates());
        List<float[]> values = new ArrayList<>();
        for (Parameter p : ((SacLearner) r.learner()).actor().parameters()) {
            values.add(p.value.data.clone());
        }
        return values;
    }

    /**
     * With 99 warm-up steps of 100 the run trains once, at t = T = 100, where the linear factor
     * {@code 1 - t/T} is 0: the actor leaves that round as the untrained one of a 99-step run; the
     * constant schedule moves it.
     */
    @Test
    void theLastRoundOfALinearRunTrainsAtRateZero() {
        List<float[]> untrained = actorAfter(TINY, 99, 0);
        List<float[]> linear = actorAfter(TINY.toBuilder().learningRateSchedule(LearningRateSchedule.LINEAR).build(),
                100, 1);
        List<float[]> constant = actorAfter(TINY, 100, 1);
        for (int i = 0; i < untrained.size(); i++) {
            assertArrayEquals(untrained.get(i), linear.get(i), "parameter " + i);
        }
        boolean moved = false;
        for (int i = 0; i < untrained.size(); i++) {
            moved |= !java.util.Arrays.equals(untrained.get(i), constant.get(i));
        }
        assertEquals(true, moved, "the constant rate trains in that round");
    }

    /** Mid-run the factor is below 1 and above 0: a linear run differs from a constant one, and is repeatable. */
    @Test
    void aLinearRunDiffersFromAConstantOneAndRepeatsItself() {
        SacConfig linear = TINY.toBuilder().learningRateSchedule(LearningRateSchedule.LINEAR).build();
        List<float[]> a = actorAfter(linear, 160, 61);
        List<float[]> b = actorAfter(linear, 160, 61);
        List<float[]> c = actorAfter(TINY, 160, 61);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "parameter " + i);
        }
        assertFalse(java.util.Arrays.equals(a.get(0), c.get(0)), "the schedule changed the weights");
    }
}
