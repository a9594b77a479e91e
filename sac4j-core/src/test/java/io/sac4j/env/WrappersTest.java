package io.sac4j.env;

import io.sac4j.env.classic.CartPole;
import io.sac4j.env.classic.MountainCarContinuous;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WrappersTest {
    @Test
    void clipActionClipsIntoTheBoxBeforeStepping() {
        MountainCarContinuous direct = new MountainCarContinuous();
        MountainCarContinuous inner = new MountainCarContinuous();
        Env clipped = new ClipAction(inner);
        direct.setState(new double[] {-0.5, 0.01});
        inner.setState(new double[] {-0.5, 0.01});
        Step a = direct.step(new float[] {1f});
        Step b = clipped.step(new float[] {5f});
        assertArrayEquals(a.observation(), b.observation());
        assertEquals(a.reward(), b.reward(), "the environment sees (and charges for) the clipped action");
        assertThrows(IllegalArgumentException.class, () -> clipped.step(new float[] {Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> new ClipAction(new CartPole()));
    }

    @Test
    void recordEpisodeStatisticsKeepsReturnsAndLengths() {
        RecordEpisodeStatistics env = new RecordEpisodeStatistics(Envs.make(CartPole.ID), 3);
        Rng rng = new Rng(5);
        int[] lengths = new int[5];
        for (int ep = 0; ep < 5; ep++) {
            env.reset(ep);
            Step s;
            do {
                s = env.step(new float[] {rng.nextInt(2)});
                lengths[ep]++;
            } while (!s.done());
        }
        List<RecordEpisodeStatistics.Episode> recent = env.recentEpisodes();
        assertEquals(5, env.episodes());
        assertEquals(3, recent.size(), "the capacity bounds what is kept");
        for (int i = 0; i < 3; i++) {
            assertEquals(lengths[2 + i], recent.get(i).length());
            assertEquals(lengths[2 + i], recent.get(i).episodeReturn(), "CartPole pays 1 per step");
        }
        assertEquals((lengths[2] + lengths[3] + lengths[4]) / 3.0, env.meanReturn(), 1e-12);
    }

    /** Returns the observations of a fixed list, one per reset or step. */
    private static final class Scripted implements Env {
        private final float[][] obs;
        private int next;

        Scripted(float[][] obs) {
            this.obs = obs;
        }

        @Override
        public String id() {
            return "Scripted";
        }

        @Override
        public Space observationSpace() {
            return Box.uniform(2, -100f, 100f);
        }

        @Override
        public Space actionSpace() {
            return Box.uniform(1, -1f, 1f);
        }

        @Override
        public float[] reset(long seed) {
            return reset();
        }

        @Override
        public float[] reset() {
            return obs[next++].clone();
        }

        @Override
        public Step step(float[] action) {
            return new Step(obs[next++].clone(), 0.0, false, false);
        }
    }

    @Test
    void normalizeObservationTracksRunningMeanAndVariance() {
        float[][] xs = {{1, 10}, {3, -10}, {5, 10}, {7, -10}, {9, 10}, {100, 100}};
        NormalizeObservation env = new NormalizeObservation(new Scripted(xs));
        float[] last = env.reset();
        for (int i = 1; i < 5; i++) {
            last = env.step(new float[] {0f}).observation();
        }
        // Gymnasium's RunningMeanStd starts from mean 0, variance 1 with a count of 1e-4; after n
        // observations the statistics are those of the n values, up to that prior's weight.
        double[] mean = env.mean();
        double[] var = env.variance();
        assertEquals(5.0, mean[0], 1e-3);
        assertEquals(2.0, mean[1], 1e-3);
        assertEquals(8.0, var[0], 1e-3); // population variance of 1, 3, 5, 7, 9
        assertEquals(96.0, var[1], 1e-2); // of 10, -10, 10, -10, 10
        assertEquals(5.0001, env.count(), 1e-9);
        assertEquals((9 - mean[0]) / Math.sqrt(var[0] + 1e-8), last[0], 1e-6);
        // Frozen statistics (evaluation): the next observation is normalised but not counted.
        env.setUpdating(false);
        float[] frozen = env.step(new float[] {0f}).observation();
        assertArrayEquals(mean, env.mean());
        assertArrayEquals(var, env.variance());
        assertEquals(5.0001, env.count(), 1e-9);
        assertEquals((100 - mean[0]) / Math.sqrt(var[0] + 1e-8), frozen[0], 1e-5);
        assertTrue(Float.isInfinite(env.observationSpace().high(0)));
    }
}
