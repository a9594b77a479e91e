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

    /**
     * Issue 19's memory report: a 1,000,000-transition prioritized buffer for observations of 17 and actions of 6
     * (MuJoCo's HalfCheetah) holds 166,000,000 bytes of columns (4 bytes x (17 + 17 + 6 + 1) per transition, plus
     * one byte each for terminated and k) and a sum-tree of 2 x 2 x 2^20 doubles (33,554,432 bytes): within 10%
     * of the plain buffer (the same columns without k, 165,000,000 bytes) plus the tree, 1.005 times it.
     */
    @Test
    void aMillionTransitionPrioritizedBufferReportsItsBytes() {
        ReplayBuffer buffer = new ReplayBuffer(1_000_000, 17, 6);
        PrioritizedReplay per = new PrioritizedReplay(buffer, 0.6, 1e-6);
        long header = 16;
        long columns = 2 * (header + 68_000_000) + (header + 24_000_000) + (header + 4_000_000) + 2 * (header + 1_000_000);
        assertEquals(columns, buffer.bytes(), "observations, next observations, actions, rewards, terminated, k");
        long tree = 2 * (header + 2L * 1_048_576 * 8);
        assertEquals(columns + tree, per.bytes(), "columns and the tree's sums and minima");
        long plainPlusTree = 165_000_000L + 33_554_432L;
        double ratio = per.bytes() / (double) plainPlusTree;
        assertTrue(ratio >= 1 && ratio < 1.1, "prioritized / (plain + tree) = " + ratio);
    }

    /**
     * The training loop's replay path per step, after warm-up: an n-step window push into the prioritized
     * buffer, a batch drawn, the drawn priorities updated. Measured with HotSpot's per-thread allocation
     * counter: nothing is allocated per step (a few hundred bytes at most over 20 000 steps, the counter's own).
     */
    @Test
    void theReplayHotPathAllocatesNothing() {
        PrioritizedReplay per = new PrioritizedReplay(new ReplayBuffer(4096, 3, 1), 0.6, 1e-6);
        NStepWindow window = new NStepWindow(3, 0.99, 3, 1);
        NStepWindow.Sink store = per::add;
        Batch batch = new Batch(64, 3, 1);
        float[] td = new float[64];
        float[] obs = {0.1f, 0.2f, 0.3f};
        float[] next = {0.2f, 0.3f, 0.4f};
        float[] action = {0.5f};
        Rng rng = new Rng(1);
        for (int i = 0; i < 3; i++) {
            window.push(obs, action, 1, next, false, false, store); // the window's first transition out
        }
        Runnable step = () -> {
            window.push(obs, action, rng.nextFloat(), next, false, rng.nextInt(200) == 0, store);
            per.sample(batch, 0.5, rng);
            for (int i = 0; i < td.length; i++) {
                td[i] = rng.nextFloat();
            }
            per.updatePriorities(batch.slots, td, batch.size);
        };
        for (int i = 0; i < 20_000; i++) {
            step.run();
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            step.run();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, allocated + " bytes allocated over 20 000 steps");
    }
}
