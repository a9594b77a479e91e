package io.sac4j.distributions;

import io.sac4j.autodiff.Tape;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CategoricalTest {
    @Test
    void logProbsAreTheLogSoftmaxAndSumToOne() {
        Tape t = new Tape();
        float[] lp = Categorical.logProbs(t, t.constant(Matrix.of(1, 3, 0f, (float) Math.log(2), (float) Math.log(5))))
                .value().data;
        // softmax(0, ln 2, ln 5) = (1, 2, 5) / 8
        assertEquals(Math.log(1 / 8.0), lp[0], 1e-6);
        assertEquals(Math.log(2 / 8.0), lp[1], 1e-6);
        assertEquals(Math.log(5 / 8.0), lp[2], 1e-6);
    }

    @Test
    void samplesFollowTheSoftmax() {
        float[] logits = {0f, (float) Math.log(2), (float) Math.log(5)};
        double[] expected = {1 / 8.0, 2 / 8.0, 5 / 8.0};
        Rng rng = new Rng(11);
        int n = 200_000;
        int[] counts = new int[3];
        for (int i = 0; i < n; i++) {
            counts[Categorical.sample(logits, 0, 3, rng.nextDouble())]++;
        }
        for (int a = 0; a < 3; a++) {
            double p = expected[a];
            double sd = Math.sqrt(p * (1 - p) / n);
            assertEquals(p, counts[a] / (double) n, 5 * sd, "action " + a);
        }
        // Inversion at the boundaries: u = 0 gives the first action, u just below 1 the last.
        assertEquals(0, Categorical.sample(logits, 0, 3, 0.0));
        assertEquals(2, Categorical.sample(logits, 0, 3, Math.nextDown(1.0)));
        assertEquals(1, Categorical.sample(logits, 0, 3, 0.2), "0.2 lies in (1/8, 3/8]");
        assertThrows(IllegalArgumentException.class, () -> Categorical.sample(logits, 0, 3, 1.0));
    }

    @Test
    void largeLogitsStayFinite() {
        float[] logits = {1000f, 999f, -1000f};
        // softmax ~ (e / (1 + e), 1 / (1 + e), 0)
        double p0 = Math.E / (1 + Math.E);
        assertEquals(0, Categorical.sample(logits, 0, 3, p0 - 1e-6));
        assertEquals(1, Categorical.sample(logits, 0, 3, p0 + 1e-6));
        double h = Categorical.entropy(logits, 0, 3);
        double expected = -(p0 * Math.log(p0) + (1 - p0) * Math.log(1 - p0));
        assertEquals(expected, h, 1e-6);
    }

    @Test
    void entropyAndMode() {
        assertEquals(Math.log(4), Categorical.entropy(new float[] {3, 3, 3, 3}, 0, 4), 1e-12);
        // (1, 2, 5) / 8: H = -(1/8 ln 1/8 + 2/8 ln 2/8 + 5/8 ln 5/8) = 0.259930 + 0.346574 + 0.293752 = 0.900256
        float[] logits = {0f, (float) Math.log(2), (float) Math.log(5)};
        assertEquals(0.900256, Categorical.entropy(logits, 0, 3), 1e-6);
        assertEquals(2, Categorical.mode(logits, 0, 3));
        assertEquals(0, Categorical.mode(new float[] {1, 1}, 0, 2), "ties go to the lowest index");
        assertTrue(Categorical.mode(new float[] {9, 0, 5, 7}, 1, 3) == 2, "offset respected");
    }
}
