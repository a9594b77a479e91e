package io.sac4j.buffer;

import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SumTreeTest {
    @Test
    void totalAndMinimumFollowRandomUpdatesAndEveryPrefixMassFindsItsLeaf() {
        for (int seed = 0; seed < 5; seed++) {
            Rng rng = new Rng(seed);
            int capacity = 1 + rng.nextInt(300); // non-powers of two included
            SumTree tree = new SumTree(capacity);
            double[] leaves = new double[capacity];
            for (int op = 0; op < 2000; op++) {
                int i = rng.nextInt(capacity);
                double p = rng.nextInt(10) == 0 ? 0 : rng.uniform(0, 5);
                tree.set(i, p);
                leaves[i] = p;
                double sum = 0;
                double min = Double.POSITIVE_INFINITY;
                for (double v : leaves) {
                    sum += v;
                    if (v > 0) {
                        min = Math.min(min, v);
                    }
                }
                assertEquals(sum, tree.total(), 1e-12 * Math.max(1, sum), "seed " + seed + " op " + op);
                assertEquals(min, tree.min(), "seed " + seed + " op " + op);
            }
            assertArrayEquals(leaves, tree.priorities());
            // Every leaf owns exactly [prefix, prefix + p): probe its two ends.
            double prefix = 0;
            for (int i = 0; i < capacity; i++) {
                if (leaves[i] > 0) {
                    assertEquals(i, tree.find(prefix + 1e-9 * leaves[i]), "start of leaf " + i);
                    assertEquals(i, tree.find(prefix + leaves[i] * (1 - 1e-9)), "end of leaf " + i);
                }
                prefix += leaves[i];
            }
        }
    }

    @Test
    void drawsFollowThePrioritiesWithinAChiSquareBound() {
        int k = 20;
        SumTree tree = new SumTree(k);
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = i % 5 == 0 ? 0 : 1 + i; // some leaves never drawn
            tree.set(i, p[i]);
        }
        Rng rng = new Rng(42);
        int draws = 200_000;
        long[] counts = new long[k];
        for (int d = 0; d < draws; d++) {
            counts[tree.find(rng.nextDouble() * tree.total())]++;
        }
        double chi2 = 0;
        int dof = -1;
        for (int i = 0; i < k; i++) {
            if (p[i] == 0) {
                assertEquals(0, counts[i], "a leaf of priority 0 is never drawn");
                continue;
            }
            double expected = draws * p[i] / tree.total();
            chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
            dof++;
        }
        // 15 degrees of freedom: the 0.999 quantile of chi-square is 37.7.
        assertEquals(15, dof);
        assertTrue(chi2 < 37.7, "chi2 = " + chi2);
    }

    @Test
    void aMassAtOrPastTheTotalGivesTheLastPositiveLeafNeverAZeroOne() {
        SumTree tree = new SumTree(6);
        tree.set(1, 2);
        tree.set(3, 1);
        assertEquals(3, tree.find(tree.total()));
        assertEquals(3, tree.find(tree.total() * (1 + 1e-15) + 1e-300));
        assertEquals(1, tree.find(-1e-18), "a slightly negative mass (round-off) is the first positive leaf");
        assertEquals(1, tree.find(0));
    }

    @Test
    void restoreRebuildsTheSameTree() {
        SumTree a = new SumTree(13);
        Rng rng = new Rng(7);
        for (int op = 0; op < 100; op++) {
            a.set(rng.nextInt(13), rng.uniform(0, 3));
        }
        SumTree b = new SumTree(13);
        b.restore(a.priorities());
        assertEquals(a.total(), b.total());
        assertEquals(a.min(), b.min());
        for (int d = 0; d < 1000; d++) {
            double m = rng.nextDouble() * a.total();
            assertEquals(a.find(m), b.find(m));
        }
    }

    @Test
    void refusesBadPrioritiesAndEmptyDraws() {
        SumTree tree = new SumTree(4);
        assertThrows(IllegalStateException.class, () -> tree.find(0));
        assertEquals("priority of leaf 2 must be finite and >= 0, got NaN",
                assertThrows(IllegalArgumentException.class, () -> tree.set(2, Double.NaN)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> tree.set(2, -1));
        assertThrows(IllegalArgumentException.class, () -> tree.set(2, Double.POSITIVE_INFINITY));
        assertThrows(IndexOutOfBoundsException.class, () -> tree.set(4, 1));
        assertEquals(Double.POSITIVE_INFINITY, tree.min());
    }
}
