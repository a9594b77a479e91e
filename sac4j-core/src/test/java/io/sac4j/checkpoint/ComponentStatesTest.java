package io.sac4j.checkpoint;

import io.sac4j.buffer.Batch;
import io.sac4j.buffer.ReplayBuffer;
import io.sac4j.nn.Parameter;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComponentStatesTest {
    @TempDir
    Path dir;

    private Path save(Checkpoint.Payload payload) throws IOException {
        Path f = dir.resolve("c.ckpt");
        Checkpoint.write(f, Manifest.empty(), payload);
        return f;
    }

    private interface Restore {
        void from(CheckpointReader r) throws IOException;
    }

    private static void load(Path f, Restore restore) throws IOException {
        try (CheckpointReader r = Checkpoint.open(f)) {
            restore.from(r);
        }
    }

    /** A mix of every kind of draw, as longs of their bits. */
    private static long[] draws(Rng rng, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            switch (i % 4) {
                case 0 -> out[i] = Double.doubleToRawLongBits(rng.nextGaussian());
                case 1 -> out[i] = rng.nextLong();
                case 2 -> out[i] = Float.floatToRawIntBits(rng.nextFloat());
                default -> out[i] = rng.nextInt(7);
            }
        }
        return out;
    }

    @Test
    void aRestoredRngContinuesTheIdenticalSequenceWithOrWithoutACachedGaussian() throws IOException {
        for (int gaussiansBefore : new int[] {0, 1, 2, 3}) {
            Rng original = new Rng(5);
            for (int i = 0; i < gaussiansBefore; i++) {
                original.nextGaussian(); // an odd count leaves a cached value
            }
            Path f = save(w -> ComponentStates.putRng(w, "rng", original));
            Rng restored = new Rng(12345);
            load(f, r -> ComponentStates.restoreRng(r, "rng", restored));
            assertArrayEquals(draws(original, 1001), draws(restored, 1001), gaussiansBefore + " Gaussians before");
        }
        assertThrows(IllegalArgumentException.class, () -> new Rng.State(0, 0, 0, 0, false, 0));
    }

    @Test
    void parametersAndAdamContinueBitIdentically() throws IOException {
        int[] sizes = {4, 16, 16, 1};
        Fixtures.State original = new Fixtures.State(1, sizes, 64, 10);
        Path f = save(original::put);
        Fixtures.State restored = new Fixtures.State(2, sizes, 64, 0);
        assertNotEquals(original.params.get(0).value.data[0], restored.params.get(0).value.data[0]);
        load(f, restored::restore);
        assertEquals(original.adam.steps(), restored.adam.steps());
        Fixtures.stepAdam(original, 4);
        Fixtures.stepAdam(restored, 4);
        assertEquals(7, restored.adam.steps());
        for (int i = 0; i < original.params.size(); i++) {
            assertArrayEquals(original.params.get(i).value.data, restored.params.get(i).value.data,
                    original.params.get(i).name());
        }
        // Without the moments the continuation differs: the test can tell.
        Fixtures.State paramsOnly = new Fixtures.State(2, sizes, 64, 0);
        load(f, r -> {
            ComponentStates.restoreParameters(r, "params", paramsOnly.params);
            ComponentStates.restoreRng(r, "rng", paramsOnly.rng);
        });
        Fixtures.stepAdam(paramsOnly, 4);
        assertNotEquals(original.params.get(0).value.data[0], paramsOnly.params.get(0).value.data[0]);
    }

    private static Parameter param(String name, int rows, int cols, float fill) {
        Parameter p = new Parameter(name, rows, cols);
        java.util.Arrays.fill(p.value.data, fill);
        return p;
    }

    @Test
    void adamRefusesMismatchedShapesAndNamesAndChangesNothing() throws IOException {
        Adam saved = new Adam(List.of(param("a", 2, 3, 1f), param("b", 1, 3, 1f)), 0.1);
        saved.parameters().forEach(p -> java.util.Arrays.fill(p.grad.data, 0.5f));
        saved.step();
        Path f = save(w -> ComponentStates.putAdam(w, "adam", saved));

        Adam transposed = new Adam(List.of(param("a", 3, 2, 0f), param("b", 1, 3, 0f)), 0.1);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> load(f, r -> ComponentStates.restoreAdam(r, "adam", transposed)));
        assertEquals("checkpoint optimiser 'adam': parameter 'a' is saved as 2x3, here it is 3x2", e.getMessage());
        assertEquals(0, transposed.steps());
        assertEquals(0f, transposed.state().firstMoments()[1][0]);

        Adam renamed = new Adam(List.of(param("a", 2, 3, 0f), param("c", 1, 3, 0f)), 0.1);
        e = assertThrows(CheckpointException.class, () -> load(f, r -> ComponentStates.restoreAdam(r, "adam", renamed)));
        assertEquals("checkpoint optimiser 'adam' lacks parameters [c]", e.getMessage());

        Adam fewer = new Adam(List.of(param("a", 2, 3, 0f)), 0.1);
        e = assertThrows(CheckpointException.class, () -> load(f, r -> ComponentStates.restoreAdam(r, "adam", fewer)));
        assertEquals("checkpoint optimiser 'adam' holds unknown parameters [b]", e.getMessage());

        Adam same = new Adam(List.of(param("b", 1, 3, 0f), param("a", 2, 3, 0f)), 0.1); // order may differ
        load(f, r -> ComponentStates.restoreAdam(r, "adam", same));
        assertEquals(1, same.steps());
        assertArrayEquals(saved.state().secondMoments()[0], same.state().secondMoments()[1]);

        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class,
                () -> transposed.restoreState(new Adam.State(1, new float[1][6], new float[1][6])));
        assertTrue(direct.getMessage().contains("moments for 1 parameters, the optimiser has 2"), direct.getMessage());
    }

    @Test
    void parametersRefuseUnknownMissingOrReshapedNamesAndChangeNothing() throws IOException {
        List<Parameter> saved = List.of(param("w", 2, 2, 3f), param("b", 1, 2, 4f));
        Path f = save(w -> ComponentStates.putParameters(w, "actor", saved));

        List<Parameter> extra = List.of(param("w", 2, 2, 0f), param("b", 1, 2, 0f), param("x", 1, 1, 0f));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> load(f, r -> ComponentStates.restoreParameters(r, "actor", extra)));
        assertEquals("checkpoint parameters 'actor' lacks parameters [x]", e.getMessage());
        List<Parameter> fewer = List.of(param("w", 2, 2, 0f));
        e = assertThrows(CheckpointException.class,
                () -> load(f, r -> ComponentStates.restoreParameters(r, "actor", fewer)));
        assertEquals("checkpoint parameters 'actor' holds unknown parameters [b]", e.getMessage());
        List<Parameter> reshaped = List.of(param("w", 2, 2, 0f), param("b", 2, 1, 0f));
        e = assertThrows(CheckpointException.class,
                () -> load(f, r -> ComponentStates.restoreParameters(r, "actor", reshaped)));
        assertEquals("checkpoint parameters 'actor': parameter 'b' is saved as 1x2, here it is 2x1", e.getMessage());
        assertArrayEquals(new float[4], reshaped.get(0).value.data);
        e = assertThrows(CheckpointException.class,
                () -> load(f, r -> ComponentStates.restoreParameters(r, "critic", reshaped)));
        assertTrue(e.getMessage().endsWith(": missing required entry 'critic.names'"), e.getMessage());

        List<Parameter> right = List.of(param("b", 1, 2, 0f), param("w", 2, 2, 0f));
        load(f, r -> ComponentStates.restoreParameters(r, "actor", right));
        assertArrayEquals(new float[] {4f, 4f}, right.get(0).value.data);
        assertArrayEquals(new float[] {3f, 3f, 3f, 3f}, right.get(1).value.data);
        assertThrows(IllegalArgumentException.class,
                () -> save(w -> ComponentStates.putParameters(w, "p", List.of(param("w", 1, 1, 0f), param("w", 1, 1, 0f)))));
    }

    /** Samples {@code batches} batches of 16 with a generator seeded 7; all their values in order. */
    private static float[] samples(ReplayBuffer b, int batches) {
        Rng rng = new Rng(7);
        Batch batch = new Batch(16, b.obsDim(), b.actDim());
        int per = 16 * (2 * b.obsDim() + b.actDim() + 2);
        float[] out = new float[batches * per];
        int k = 0;
        for (int i = 0; i < batches; i++) {
            b.sample(batch, rng);
            for (float[] col : new float[][] {batch.observations.data, batch.actions.data, batch.rewards.data,
                    batch.nextObservations.data, batch.terminated.data}) {
                System.arraycopy(col, 0, out, k, col.length);
                k += col.length;
            }
        }
        return out;
    }

    @Test
    void aRestoredReplayBufferSamplesAndWrapsAsTheOriginal() throws IOException {
        for (int added : new int[] {1, 37, 50, 123}) { // partly filled, exactly full, wrapped
            ReplayBuffer original = new ReplayBuffer(50, 3, 1);
            Rng data = new Rng(added);
            Fixtures.fill(original, data, added);
            Path f = save(w -> ComponentStates.putReplayBuffer(w, "buffer", original));
            ReplayBuffer restored = new ReplayBuffer(50, 3, 1);
            load(f, r -> ComponentStates.restoreReplayBuffer(r, "buffer", restored));
            assertEquals(original.size(), restored.size());
            assertEquals(original.added(), restored.added());
            assertEquals(original.writePosition(), restored.writePosition());
            assertArrayEquals(samples(original, 20), samples(restored, 20), added + " added");
            // After the restore both continue alike: the ring position came back too.
            Fixtures.fill(original, new Rng(1000 + added), 30);
            Fixtures.fill(restored, new Rng(1000 + added), 30);
            assertEquals(original.writePosition(), restored.writePosition());
            assertArrayEquals(samples(original, 20), samples(restored, 20), added + " added, then 30 more");
        }
    }

    @Test
    void aReplayBufferRefusesAnotherShapeOrAnInconsistentPosition() throws IOException {
        ReplayBuffer original = new ReplayBuffer(50, 3, 1);
        Fixtures.fill(original, new Rng(3), 20);
        Path f = save(w -> ComponentStates.putReplayBuffer(w, "buffer", original));
        ReplayBuffer bigger = new ReplayBuffer(60, 3, 1);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> load(f, r -> ComponentStates.restoreReplayBuffer(r, "buffer", bigger)));
        assertEquals("checkpoint replay buffer 'buffer' has (capacity, obs, act) [50, 3, 1], this buffer [60, 3, 1]",
                e.getMessage());
        assertEquals(0, bigger.size());

        ReplayBuffer b = new ReplayBuffer(50, 3, 1);
        Path g = save(w -> {
            w.putInts("buffer.shape", 50, 3, 1);
            w.putLongs("buffer.position", 20, 21, 21); // the write position of 21 added is 21
        });
        e = assertThrows(CheckpointException.class, () -> load(g, r -> ComponentStates.restoreReplayBuffer(r, "buffer", b)));
        assertEquals("checkpoint replay buffer 'buffer' has an inconsistent position (write position 20, size 21,"
                + " added 21)", e.getMessage());
        Path h = save(w -> {
            w.putInts("buffer.shape", 50, 3, 1);
            w.putLongs("buffer.position", 1, 1, 1);
            w.putFloats("buffer.observations", new float[3]);
            w.putFloats("buffer.actions", new float[2]);
        });
        e = assertThrows(CheckpointException.class, () -> load(h, r -> ComponentStates.restoreReplayBuffer(r, "buffer", b)));
        assertEquals("checkpoint entry 'buffer.actions' holds 2 floats, expected 1", e.getMessage());
        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class,
                () -> b.restorePosition(3, 4, 4));
        assertTrue(direct.getMessage().contains("write position 3, size 4, added 4"), direct.getMessage());
        assertEquals(0, b.size());
    }
}
