package io.sac4j.buffer;

import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayBufferTest {
    private static void addNumbered(ReplayBuffer b, int k, boolean terminal) {
        b.add(new float[] {k, -k}, new float[] {k * 0.1f}, k * 10, new float[] {k + 0.5f, -k - 0.5f}, terminal);
    }

    @Test
    void wrapsAroundOverwritingTheOldest() {
        ReplayBuffer b = new ReplayBuffer(3, 2, 1);
        Batch batch = new Batch(1, 2, 1);
        for (int k = 0; k < 5; k++) {
            addNumbered(b, k, false);
        }
        assertEquals(3, b.size());
        assertEquals(5, b.added());
        // Oldest held is k = 2, then 3, then 4.
        for (int i = 0; i < 3; i++) {
            b.copyTo(i, batch, 0);
            int k = i + 2;
            assertEquals(k, batch.observations.get(0, 0));
            assertEquals(-k, batch.observations.get(0, 1));
            assertEquals(k * 0.1f, batch.actions.get(0, 0));
            assertEquals(k * 10f, batch.rewards.get(0, 0));
            assertEquals(k + 0.5f, batch.nextObservations.get(0, 0));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> b.copyTo(3, batch, 0));
    }

    @Test
    void terminatedIsTheOnlyBootstrapMaskAndTruncationKeepsTheRealNextObservation() {
        ReplayBuffer b = new ReplayBuffer(4, 2, 1);
        Batch batch = new Batch(1, 2, 1);
        addNumbered(b, 1, false); // an ordinary step
        addNumbered(b, 2, true); // a terminal step
        // A truncated step (time limit): stored as not terminal, with the final observation as s'.
        b.add(new float[] {3, 3}, new float[] {0}, 1, new float[] {42, 43}, false);
        b.copyTo(1, batch, 0);
        assertEquals(1f, batch.terminated.get(0, 0));
        b.copyTo(2, batch, 0);
        assertEquals(0f, batch.terminated.get(0, 0));
        assertEquals(42f, batch.nextObservations.get(0, 0));
        assertEquals(43f, batch.nextObservations.get(0, 1));
    }

    @Test
    void samplingIsUniformOverHeldTransitionsAndSeeded() {
        ReplayBuffer b = new ReplayBuffer(10, 2, 1);
        for (int k = 0; k < 25; k++) {
            addNumbered(b, k, false);
        }
        Batch batch = new Batch(2000, 2, 1);
        b.sample(batch, new Rng(1));
        int[] counts = new int[25];
        for (int r = 0; r < batch.size; r++) {
            int k = (int) batch.observations.get(r, 0);
            assertTrue(k >= 15 && k < 25, "only the 10 newest are held, got " + k);
            counts[k]++;
            assertEquals(k * 10f, batch.rewards.get(r, 0));
        }
        for (int k = 15; k < 25; k++) {
            assertEquals(200, counts[k], 60);
        }
        Batch again = new Batch(2000, 2, 1);
        b.sample(again, new Rng(1));
        assertEquals(batch.observations.get(1234, 0), again.observations.get(1234, 0));
        Set<Float> seen = new HashSet<>();
        for (int r = 0; r < 50; r++) {
            seen.add(batch.observations.get(r, 0));
        }
        assertTrue(seen.size() > 5);
    }

    /**
     * Draws made before pending adds, then the adds, then the copy, fill the batch as the adds and then
     * sample do; a draw is a hit exactly when it names a slot the adds write (empty ones before the ring
     * is full, the oldest after).
     */
    @Test
    void drawsBeforePendingAddsMatchSamplingAfterThem() {
        for (int already : new int[] {3, 9, 10, 23}) {
            for (int pending = 1; pending <= 3; pending++) {
                for (long seed = 0; seed < 20; seed++) {
                    ReplayBuffer before = new ReplayBuffer(10, 2, 1);
                    ReplayBuffer after = new ReplayBuffer(10, 2, 1);
                    for (int k = 0; k < already; k++) {
                        addNumbered(before, k, false);
                        addNumbered(after, k, false);
                    }
                    int next = before.writePosition();
                    Batch early = new Batch(4, 2, 1);
                    boolean hit = before.drawSlots(early, new Rng(seed), pending);
                    boolean expectedHit = false;
                    for (int r = 0; r < early.size; r++) {
                        expectedHit |= Math.floorMod(early.slots[r] - next, 10) < pending;
                    }
                    assertEquals(expectedHit, hit);
                    for (int k = already; k < already + pending; k++) {
                        addNumbered(before, k, k % 2 == 0);
                        addNumbered(after, k, k % 2 == 0);
                    }
                    before.copyDrawn(early);
                    Batch late = new Batch(4, 2, 1);
                    after.sample(late, new Rng(seed));
                    assertArrayEquals(late.slots, early.slots);
                    assertArrayEquals(late.observations.data, early.observations.data);
                    assertArrayEquals(late.nextObservations.data, early.nextObservations.data);
                    assertArrayEquals(late.rewards.data, early.rewards.data);
                    assertArrayEquals(late.terminated.data, early.terminated.data);
                }
            }
        }
        // Nothing held yet: every draw names a pending slot.
        assertTrue(new ReplayBuffer(5, 2, 1).drawSlots(new Batch(3, 2, 1), new Rng(1), 2));
    }

    @Test
    void rejectsWrongShapesAndEmptySampling() {
        ReplayBuffer b = new ReplayBuffer(4, 2, 1);
        assertThrows(IllegalStateException.class, () -> b.sample(new Batch(2, 2, 1), new Rng(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.add(new float[] {1}, new float[] {0}, 0, new float[] {1, 2}, false));
        assertTrue(e.getMessage().contains("expected obs 2"), e.getMessage());
    }
}
