package io.sac4j.sac;

import io.sac4j.policy.Actor;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntropyEstimatesTest {
    @Test
    void bothEstimatesAgreeAndTheClosedFormHasTheSmallerSpread() {
        for (long seed = 1; seed <= 3; seed++) {
            Rng r = new Rng(seed);
            Actor actor = new Actor(3, 2, List.of(16, 16), SacConfig.LOG_STD_MIN, SacConfig.LOG_STD_MAX, r);
            Matrix states = new Matrix(500, 3);
            r.fillGaussian(states.data, 0, states.size());
            EntropyEstimates.Comparison c = EntropyEstimates.compare(actor, states, 64, 400, r);
            // The means differ by sampling error only: sampleStd / sqrt(batches) each.
            double se = Math.hypot(c.sampleStd(), c.closedStd()) / Math.sqrt(c.batches());
            assertEquals(c.closedMean(), c.sampleMean(), 5 * se, "seed " + seed + ": " + c);
            assertTrue(c.closedStd() < c.sampleStd(), "seed " + seed + ": " + c);
            // The sample estimate's variance is the states' share plus the action noise / batch size.
            double expected = c.closedStd() * c.closedStd() + c.withinStateStd() * c.withinStateStd() / c.batchSize();
            assertEquals(expected, c.sampleStd() * c.sampleStd(), 0.25 * expected, "seed " + seed + ": " + c);
            assertTrue(c.varianceRatio() > 1);
        }
    }

    @Test
    void refusesMismatchedStates() {
        Actor actor = new Actor(3, 1, List.of(4), -20, 2, new Rng(1));
        assertThrows(IllegalArgumentException.class,
                () -> EntropyEstimates.compare(actor, new Matrix(10, 2), 8, 10, new Rng(2)));
    }
}
