package io.sac4j.buffer;

import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrioritizedReplayTest {
    /** Adds transition k: observation (k), action (k / 10), reward k. */
    private static void add(PrioritizedReplay per, int k) {
        per.add(new float[] {k}, new float[] {k / 10f}, k, new float[] {k + 1}, false);
    }

    @Test
    void importanceWeightsByHand() {
        PrioritizedReplay per = new PrioritizedReplay(new ReplayBuffer(3, 1, 1), 0.5, 0.01);
        for (int k = 0; k < 3; k++) {
            add(per, k);
        }
        // |delta| = 0.99, 3.99, 0.24 -> p = 1, 4, 0.25 -> p^alpha = 1, 2, 0.5; P = 1/3.5, 2/3.5, 0.5/3.5.
        per.updatePriorities(new int[] {0, 1, 2}, new float[] {0.99f, -3.99f, 0.24f}, 3);
        Batch b = new Batch(400, 1, 1);
        per.sample(b, 0.4, new Rng(1));
        for (int r = 0; r < b.size; r++) {
            int slot = b.slots[r];
            assertEquals(slot, b.observations.data[r], "row " + r + " holds the transition of its slot");
            // w = (N P(i))^-beta / max_k (N P(k))^-beta; N = 3, beta = 0.4, the max is at the smallest P.
            double[] prob = {1 / 3.5, 2 / 3.5, 0.5 / 3.5};
            double expected = Math.pow(3 * prob[slot], -0.4) / Math.pow(3 * prob[2], -0.4);
            assertEquals(expected, b.weights.data[r], 1e-6, "slot " + slot);
        }
        assertEquals(4.0, per.maxPriority(), 1e-6);
    }

    @Test
    void newTransitionsEnterAtTheLargestPrioritySeen() {
        PrioritizedReplay per = new PrioritizedReplay(new ReplayBuffer(4, 1, 1), 1.0, 1e-6);
        add(per, 0);
        add(per, 1);
        per.updatePriorities(new int[] {0, 1}, new float[] {5f, 0f}, 2);
        add(per, 2); // enters at max priority 5 + 1e-6
        Batch b = new Batch(20_000, 1, 1);
        per.sample(b, 1.0, new Rng(3));
        int[] counts = new int[3];
        for (int slot : b.slots) {
            counts[slot]++;
        }
        // P = (5, 1e-6, 5) / 10: slots 0 and 2 about half each, slot 1 almost never.
        assertTrue(Math.abs(counts[0] - 10_000) < 500 && Math.abs(counts[2] - 10_000) < 500,
                java.util.Arrays.toString(counts));
        assertTrue(counts[1] <= 2, java.util.Arrays.toString(counts));
    }

    @Test
    void alphaZeroIsUniformWithUnitWeights() {
        PrioritizedReplay per = new PrioritizedReplay(new ReplayBuffer(5, 1, 1), 0, 1e-6);
        for (int k = 0; k < 5; k++) {
            add(per, k);
        }
        per.updatePriorities(new int[] {0, 1, 2, 3, 4}, new float[] {1, 10, 100, 0, 3}, 5);
        Batch b = new Batch(64, 1, 1);
        per.sample(b, 1.0, new Rng(9));
        for (int r = 0; r < b.size; r++) {
            assertEquals(1f, b.weights.data[r]);
        }
    }

    @Test
    void stateRestoresTheSameDraws() {
        PrioritizedReplay a = new PrioritizedReplay(new ReplayBuffer(6, 1, 1), 0.6, 1e-6);
        for (int k = 0; k < 9; k++) {
            add(a, k);
        }
        a.updatePriorities(new int[] {1, 4, 5}, new float[] {0.3f, 7f, -2f}, 3);
        PrioritizedReplay b = new PrioritizedReplay(new ReplayBuffer(6, 1, 1), 0.6, 1e-6);
        for (int k = 0; k < 9; k++) {
            add(b, k);
        }
        b.restore(a.state());
        Batch ba = new Batch(50, 1, 1);
        Batch bb = new Batch(50, 1, 1);
        a.sample(ba, 0.7, new Rng(5));
        b.sample(bb, 0.7, new Rng(5));
        assertEquals(java.util.Arrays.toString(ba.slots), java.util.Arrays.toString(bb.slots));
        assertEquals(java.util.Arrays.toString(ba.weights.data), java.util.Arrays.toString(bb.weights.data));
        add(a, 9);
        add(b, 9);
        assertEquals(a.state().priorities()[3], b.state().priorities()[3], "both enter at the same max priority");
    }

    @Test
    void refusesNonFiniteErrorsAndBadSettings() {
        PrioritizedReplay per = new PrioritizedReplay(new ReplayBuffer(2, 1, 1), 0.6, 1e-6);
        add(per, 0);
        assertEquals("TD error of buffer slot 0 is NaN; prioritized replay needs finite errors",
                assertThrows(IllegalArgumentException.class,
                        () -> per.updatePriorities(new int[] {0}, new float[] {Float.NaN}, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> per.sample(new Batch(1, 1, 1), 1.5, new Rng(0)));
        assertThrows(IllegalArgumentException.class, () -> new PrioritizedReplay(new ReplayBuffer(2, 1, 1), 1.2, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new PrioritizedReplay(new ReplayBuffer(2, 1, 1), 0.6, 0));
        assertThrows(IllegalStateException.class,
                () -> new PrioritizedReplay(new ReplayBuffer(2, 1, 1), 0.6, 1e-6).sample(new Batch(1, 1, 1), 1, new Rng(0)));
    }
}
