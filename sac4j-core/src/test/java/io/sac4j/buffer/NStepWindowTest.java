package io.sac4j.buffer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NStepWindowTest {
    private static final double GAMMA = 0.9;

    /** An emitted transition, its observation and next observation reduced to their first component. */
    private record Out(float obs, float action, double ret, float next, boolean terminated, int steps) {
    }

    private static final class Collect implements NStepWindow.Sink {
        final List<Out> out = new ArrayList<>();

        @Override
        public void accept(float[] o, float[] a, double r, float[] next, boolean term, int steps) {
            out.add(new Out(o[0], a[0], r, next[0], term, steps));
        }
    }

    /** Pushes transition t of a scripted episode: s_t = t, a_t = 10 t, r_t = rewards[t], s_{t+1} = t + 1. */
    private static void push(NStepWindow w, int t, double reward, boolean term, boolean trunc, Collect c) {
        w.push(new float[] {t}, new float[] {10 * t}, reward, new float[] {t + 1}, term, trunc, c);
    }

    @Test
    void aFullWindowEmitsItsOldestTransitionWithTheDiscountedSumAndGammaToTheN() {
        NStepWindow w = new NStepWindow(3, GAMMA, 1, 1);
        Collect c = new Collect();
        push(w, 0, 1, false, false, c);
        push(w, 1, 2, false, false, c);
        assertEquals(0, c.out.size(), "nothing is complete before 3 transitions");
        push(w, 2, 4, false, false, c);
        push(w, 3, 8, false, false, c);
        // s0: 1 + 0.9*2 + 0.81*4 = 6.04, from s3 with k = 3 (discount 0.9^3); s1: 2 + 0.9*4 + 0.81*8 = 12.08, from s4.
        assertEquals(List.of(new Out(0, 0, 1 + 0.9 * 2 + 0.9 * 0.9 * 4, 3, false, 3),
                new Out(1, 10, 2 + 0.9 * 4 + 0.9 * 0.9 * 8, 4, false, 3)), c.out);
        assertEquals(2, w.size());
    }

    @Test
    void terminationInsideTheWindowFlushesEveryPendingTransitionWithoutBootstrap() {
        NStepWindow w = new NStepWindow(3, GAMMA, 1, 1);
        Collect c = new Collect();
        push(w, 0, 1, false, false, c);
        push(w, 1, 2, false, false, c);
        push(w, 2, 4, false, false, c); // emits s0
        push(w, 3, 8, true, false, c);  // ends: s1, s2, s3 complete, all terminated at s4
        assertEquals(4, c.out.size());
        assertEquals(new Out(1, 10, 2 + 0.9 * 4 + 0.81 * 8, 4, true, 3), c.out.get(1));
        assertEquals(new Out(2, 20, 4 + 0.9 * 8, 4, true, 2), c.out.get(2));
        assertEquals(new Out(3, 30, 8, 4, true, 1), c.out.get(3));
        assertEquals(0, w.size(), "the next episode starts with an empty window");
    }

    @Test
    void truncationInsideTheWindowBootstrapsFromTheRealFinalObservation() {
        NStepWindow w = new NStepWindow(3, GAMMA, 1, 1);
        Collect c = new Collect();
        push(w, 0, 1, false, false, c);
        push(w, 1, 2, false, true, c); // time limit after 2 steps: both pending, from s2, not terminated
        assertEquals(List.of(new Out(0, 0, 1 + 0.9 * 2, 2, false, 2), new Out(1, 10, 2, 2, false, 1)), c.out);
    }

    @Test
    void aWindowLongerThanTheEpisodeEmitsAtItsEndOnly() {
        NStepWindow w = new NStepWindow(10, GAMMA, 1, 1);
        Collect c = new Collect();
        for (int t = 0; t < 3; t++) {
            push(w, t, 1, t == 2, false, c);
            assertEquals(t == 2 ? 3 : 0, c.out.size());
        }
        assertEquals(new Out(0, 0, 1 + 0.9 + 0.81, 3, true, 3), c.out.get(0));
    }

    @Test
    void theWindowAcrossAnAutoresetStartsAfreshInTheNextEpisode() {
        NStepWindow w = new NStepWindow(2, GAMMA, 1, 1);
        Collect c = new Collect();
        push(w, 0, 1, false, false, c);
        push(w, 1, 2, true, false, c); // episode 1 ends: s0 and s1 out
        push(w, 100, 5, false, false, c); // episode 2 (autoreset): s100 pending alone
        assertEquals(2, c.out.size(), "no reward of episode 1 leaks into episode 2");
        push(w, 101, 7, false, false, c);
        assertEquals(new Out(100, 1000, 5 + 0.9 * 7, 102, false, 2), c.out.get(2));
    }

    @Test
    void oneStepPassesEveryTransitionThroughAtOnceWithOneStep() {
        NStepWindow w = new NStepWindow(1, GAMMA, 1, 1);
        Collect c = new Collect();
        push(w, 0, 1.5, false, false, c);
        push(w, 1, -2, false, true, c);
        push(w, 2, 3, true, false, c);
        assertEquals(List.of(new Out(0, 0, 1.5, 1, false, 1), new Out(1, 10, -2, 2, false, 1),
                new Out(2, 20, 3, 3, true, 1)), c.out);
    }

    @Test
    void pendingTransitionsSurviveASaveAndRestore() {
        NStepWindow w = new NStepWindow(4, GAMMA, 2, 1);
        Collect a = new Collect();
        for (int t = 0; t < 6; t++) {
            w.push(new float[] {t, -t}, new float[] {t}, t, new float[] {t + 1, -t - 1}, false, false, a);
        }
        NStepWindow.Pending p = w.pending();
        assertArrayEquals(new double[] {3, 4, 5}, p.rewards(), "pending: transitions 3, 4, 5 (wrapped in the ring)");
        NStepWindow copy = new NStepWindow(4, GAMMA, 2, 1);
        copy.restore(p);
        Collect fromOriginal = new Collect();
        Collect fromCopy = new Collect();
        for (int t = 6; t < 9; t++) {
            w.push(new float[] {t, -t}, new float[] {t}, t, new float[] {t + 1, -t - 1}, false, t == 8, fromOriginal);
            copy.push(new float[] {t, -t}, new float[] {t}, t, new float[] {t + 1, -t - 1}, false, t == 8, fromCopy);
        }
        assertEquals(fromOriginal.out, fromCopy.out);
        assertEquals(6, fromCopy.out.size());
        assertThrows(IllegalArgumentException.class,
                () -> copy.restore(new NStepWindow.Pending(new float[8], new float[4], new double[4])), "4 pending of n = 4");
    }

    @Test
    void refusesMisshapenInput() {
        NStepWindow w = new NStepWindow(2, GAMMA, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> w.push(new float[] {1}, new float[] {0}, 0, new float[] {1, 2}, false, false, new Collect()));
        assertEquals("NStepWindow.push: expected obs 2, action 1, got obs 1, action 1, next obs 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NStepWindow(0, GAMMA, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new NStepWindow(1, 1.5, 1, 1));
    }
}
