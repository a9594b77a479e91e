package io.sac4j.sac;

import io.sac4j.game.GradientAdjustment;
import io.sac4j.buffer.Batch;
import io.sac4j.checkpoint.Checkpoint;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.CheckpointReader;
import io.sac4j.checkpoint.Manifest;
import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Space;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Learner.saveState / restoreState: a restored learner continues bit for bit; mismatches are refused. */
class LearnerStateTest {
    private static final SacConfig SMALL = SacConfig.builder().hiddenSizes(8, 8).batchSize(16).build();
    private static final Space OBS = Box.uniform(3, -1f, 1f);

    /** A random batch of 16 transitions with 3-dimensional observations (actions: discrete indices when > 0). */
    static Batch batch(Rng r, int actDim, int discreteActions) {
        Batch b = new Batch(16, 3, actDim);
        r.fillUniform(b.observations.data, 0, b.observations.size(), -1f, 1f);
        r.fillUniform(b.nextObservations.data, 0, b.nextObservations.size(), -1f, 1f);
        r.fillUniform(b.rewards.data, 0, b.rewards.size(), -1f, 1f);
        for (int i = 0; i < b.size; i++) {
            b.terminated.data[i] = r.nextInt(4) == 0 ? 1f : 0f;
            for (int j = 0; j < actDim; j++) {
                b.actions.data[i * actDim + j] = discreteActions > 0 ? r.nextInt(discreteActions)
                        : (float) r.uniform(-1, 1);
            }
        }
        return b;
    }

    private static Learner make(SacConfig cfg, Space act, long seed) {
        return Learners.create(cfg, OBS, act, new Rng(seed));
    }

    /** Losses, alpha and entropy of {@code n} updates, as exact bit patterns, and the deterministic action after. */
    private static String trace(Learner l, Rng data, int actDim, int discrete, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            l.update(batch(data, actDim, discrete));
            SacMetrics m = l.lastMetrics();
            sb.append(Double.doubleToRawLongBits(m.criticLoss())).append(',')
                    .append(Double.doubleToRawLongBits(m.actorLoss())).append(',')
                    .append(Double.doubleToRawLongBits(l.alpha())).append(',')
                    .append(Double.doubleToRawLongBits(l.lastEntropy())).append(';');
        }
        float[] a = new float[actDim];
        l.policy().actDeterministic(new float[] {0.1f, -0.2f, 0.3f}, a);
        for (float v : a) {
            sb.append(Float.floatToRawIntBits(v)).append(' ');
        }
        return sb.append(l.updates()).toString();
    }

    private static void checkResumesExactly(SacConfig cfg, Space act, Path tmp) throws IOException {
        int actDim = act.flatSize();
        int discrete = act instanceof Discrete d ? d.n() : 0;
        Learner original = make(cfg, act, 1);
        Rng data = new Rng(99);
        trace(original, data, actDim, discrete, 5);
        Path file = tmp.resolve(cfg.variant() + "-" + discrete + ".ckpt");
        Checkpoint.write(file, Manifest.empty(), original::saveState);
        Rng.State dataAtSave = data.state();
        String expected = trace(original, data, actDim, discrete, 5);

        Learner restored = make(cfg, act, 2); // other initial weights and noise
        try (CheckpointReader in = Checkpoint.open(file)) {
            restored.restoreState(in);
        }
        assertEquals(5, restored.updates());
        Rng data2 = new Rng(0);
        data2.restoreState(dataAtSave);
        assertEquals(expected, trace(restored, data2, actDim, discrete, 5), cfg.variant() + ", discrete " + discrete);
        Learner fresh = make(cfg, act, 2);
        Rng data3 = new Rng(0);
        data3.restoreState(dataAtSave);
        assertNotEquals(expected, trace(fresh, data3, actDim, discrete, 5), "the restore is what makes them agree");
    }

    @Test
    void everyLearnerContinuesBitForBitAfterARestore(@TempDir Path tmp) throws IOException {
        checkResumesExactly(SMALL, Box.uniform(2, -1f, 1f), tmp);
        checkResumesExactly(SMALL.toBuilder().variant(Variant.V1).build(), Box.uniform(2, -1f, 1f), tmp);
        checkResumesExactly(SMALL, new Discrete(3), tmp);
        checkResumesExactly(SMALL.toBuilder().temperature(Temperature.fixed(0.1)).build(), Box.uniform(1, -1f, 1f), tmp);
        // The adjusted learners keep no state beyond the networks, optimisers and generator: the same holds.
        GradientAdjustment adjust = GradientAdjustment.antisymmetric(0.3)
                .withNormalisation(GradientAdjustment.Normalisation.MATCH_OWN_GRADIENT).withStep(1e-2);
        checkResumesExactly(SMALL.toBuilder().adjustment(adjust).entropyEstimate(EntropyEstimate.CLOSED_FORM).build(),
                Box.uniform(2, -1f, 1f), tmp);
        checkResumesExactly(SMALL.toBuilder().variant(Variant.V1).adjustment(adjust).build(), Box.uniform(2, -1f, 1f),
                tmp);
    }

    @Test
    void refusesAnotherVariantOrOtherSizes(@TempDir Path tmp) throws IOException {
        Path v2 = tmp.resolve("v2.ckpt");
        Checkpoint.write(v2, Manifest.empty(), make(SMALL, Box.uniform(2, -1f, 1f), 1)::saveState);
        Learner v1 = make(SMALL.toBuilder().variant(Variant.V1).build(), Box.uniform(2, -1f, 1f), 1);
        Learner discrete = make(SMALL, new Discrete(2), 1);
        Learner wider = make(SMALL.toBuilder().hiddenSizes(8, 16).build(), Box.uniform(2, -1f, 1f), 1);
        Learner otherAct = make(SMALL, Box.uniform(1, -1f, 1f), 1);
        try (CheckpointReader in = Checkpoint.open(v2)) {
            assertEquals("checkpoint holds a sac learner, this is a sac-v1 learner",
                    assertThrows(CheckpointException.class, () -> v1.restoreState(in)).getMessage());
            assertEquals("checkpoint holds a sac learner, this is a sac-discrete learner",
                    assertThrows(CheckpointException.class, () -> discrete.restoreState(in)).getMessage());
            assertEquals("checkpoint sac learner has sizes (obs, act, hidden...) [3, 2, 8, 8], this learner [3, 2, 8, 16]",
                    assertThrows(CheckpointException.class, () -> wider.restoreState(in)).getMessage());
            assertTrue(assertThrows(CheckpointException.class, () -> otherAct.restoreState(in)).getMessage()
                    .endsWith("[3, 2, 8, 8], this learner [3, 1, 8, 8]"));
        }
    }

    @Test
    void refusesToSaveANonFiniteParameter(@TempDir Path tmp) throws IOException {
        SacLearner l = (SacLearner) make(SMALL, Box.uniform(2, -1f, 1f), 1);
        l.actor().parameters().get(1).value.data[3] = Float.NaN;
        Path file = tmp.resolve("bad.ckpt");
        NumericalInstabilityException e =
                assertThrows(NumericalInstabilityException.class, () -> Checkpoint.write(file, Manifest.empty(), l::saveState));
        assertTrue(e.getMessage().startsWith("network actor: parameter " + l.actor().parameters().get(1).name()
                + "[3] is NaN"), e.getMessage());
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(tmp.resolve("bad.ckpt" + Checkpoint.TEMP_SUFFIX)));
    }
}
