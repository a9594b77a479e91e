package io.sac4j.policy;

import io.sac4j.checkpoint.Checkpoint;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.ComponentStates;
import io.sac4j.checkpoint.Manifest;
import io.sac4j.nn.Mlp;
import io.sac4j.nn.Parameter;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link PolicyFile} and {@link Policy#load}: bit-identical round trips, and refusal of bad files. */
class PolicyFileTest {
    @TempDir
    Path dir;

    /** An actor whose log-std head is scaled up so that both clamp bounds are hit on random observations. */
    static Actor actor(long seed) {
        Actor actor = new Actor(5, 3, List.of(16, 8), -3.0, 0.5, new Rng(seed));
        for (Parameter p : actor.logStdHead().parameters()) {
            for (int i = 0; i < p.value.data.length; i++) {
                p.value.data[i] *= 20f;
            }
        }
        return actor;
    }

    static float[] observation(Rng rng, int n) {
        float[] obs = new float[n];
        for (int i = 0; i < n; i++) {
            obs[i] = (float) rng.uniform(-10, 10);
        }
        return obs;
    }

    static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }

    /** Asserts that two policies give the same bits, deterministic and stochastic, on 2000 observations. */
    static void assertSameActions(Policy live, Policy loaded, long seed) {
        assertEquals(live.obsDim(), loaded.obsDim());
        assertEquals(live.actDim(), loaded.actDim());
        Rng obsRng = new Rng(seed);
        Rng noiseLive = new Rng(seed + 1);
        Rng noiseLoaded = new Rng(seed + 1);
        float[] a = new float[live.actDim()];
        float[] b = new float[live.actDim()];
        for (int t = 0; t < 2000; t++) {
            float[] obs = observation(obsRng, live.obsDim());
            live.actDeterministic(obs, a);
            loaded.actDeterministic(obs, b);
            assertArrayEquals(bits(a), bits(b), "deterministic action at observation " + t);
            live.act(obs, a, noiseLive);
            loaded.act(obs, b, noiseLoaded);
            assertArrayEquals(bits(a), bits(b), "stochastic action at observation " + t);
        }
        assertEquals(noiseLive.state(), noiseLoaded.state(), "both generators drew the same number of values");
    }

    @Test
    void continuousRoundTripActsBitForBit() throws IOException {
        Actor actor = actor(7);
        TanhGaussianPolicy live = new TanhGaussianPolicy(actor);
        Path file = dir.resolve("policy.bin");
        PolicyFile.write(live, file, Manifest.empty().with("env", "Pendulum-v1"));
        assertFalse(Files.exists(dir.resolve("policy.bin" + Checkpoint.TEMP_SUFFIX)), "no temporary file left");

        Policy loaded = Policy.load(file);
        TanhGaussianPolicy tg = assertInstanceOf(TanhGaussianPolicy.class, loaded);
        assertEquals(-3f, tg.actor().logStdMin());
        assertEquals(0.5f, tg.actor().logStdMax());
        assertSameActions(live, loaded, 11);
        assertEquals("Pendulum-v1", PolicyFile.manifest(file).get("env").orElseThrow());
        assertEquals(PolicyFile.TANH_GAUSSIAN, PolicyFile.manifest(file).get(PolicyFile.KIND_KEY).orElseThrow());
    }

    @Test
    void clampBoundsAreSavedAndMatter() throws IOException {
        // With the same weights and other bounds, stochastic actions differ: the bounds are part of the policy.
        Actor actor = actor(8);
        Path file = dir.resolve("p.bin");
        PolicyFile.write(new TanhGaussianPolicy(actor), file);
        Actor wider = new Actor(5, 3, List.of(16, 8), -20.0, 2.0, new Rng(0));
        io.sac4j.nn.Polyak.copy(actor.parameters(), wider.parameters());
        Policy other = new TanhGaussianPolicy(wider);
        Policy loaded = Policy.load(file);
        Rng obsRng = new Rng(3);
        Rng r1 = new Rng(4);
        Rng r2 = new Rng(4);
        float[] a = new float[3];
        float[] b = new float[3];
        int differ = 0;
        for (int t = 0; t < 200; t++) {
            float[] obs = observation(obsRng, 5);
            loaded.act(obs, a, r1);
            other.act(obs, b, r2);
            differ += Arrays.equals(a, b) ? 0 : 1;
        }
        assertTrue(differ > 20, "the clamp changed " + differ + " of 200 stochastic actions");
    }

    @Test
    void discreteRoundTripActsBitForBit() throws IOException {
        Mlp net = new Mlp("some_other_name", new int[] {4, 12, 12, 5}, new Rng(21));
        CategoricalPolicy live = new CategoricalPolicy(net);
        Path file = dir.resolve("discrete.policy");
        PolicyFile.write(live, file);
        CategoricalPolicy loaded = assertInstanceOf(CategoricalPolicy.class, Policy.load(file));
        assertEquals(5, loaded.actions());
        assertSameActions(live, loaded, 5);
        float[] obs = {0.3f, -1f, 2f, 0.1f};
        assertArrayEquals(live.probabilities(obs), loaded.probabilities(obs), 0.0);
    }

    @Test
    void discreteWithoutHiddenLayers() throws IOException {
        CategoricalPolicy live = new CategoricalPolicy(new Mlp("linear", new int[] {3, 2}, new Rng(2)));
        Path file = dir.resolve("linear.policy");
        PolicyFile.write(live, file);
        assertSameActions(live, Policy.load(file), 9);
    }

    static CheckpointException refused(Path file) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Policy.load(file));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        return e;
    }

    @Test
    void truncatedFilesAreRefused() throws IOException {
        Path file = dir.resolve("policy.bin");
        PolicyFile.write(new TanhGaussianPolicy(actor(1)), file);
        byte[] whole = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.bin");
        for (int len : new int[] {0, 7, 16, whole.length / 2, whole.length - 17, whole.length - 1}) {
            Files.write(cut, Arrays.copyOf(whole, len));
            refused(cut);
        }
    }

    @Test
    void everyCorruptedByteIsRefused() throws IOException {
        Path file = dir.resolve("policy.bin");
        PolicyFile.write(new CategoricalPolicy(new Mlp("actor", new int[] {3, 4, 2}, new Rng(5))), file);
        byte[] whole = Files.readAllBytes(file);
        Path bad = dir.resolve("bad.bin");
        for (int i = 0; i < whole.length; i++) {
            byte[] b = whole.clone();
            b[i] ^= (byte) (1 << (i % 8));
            Files.write(bad, b);
            refused(bad);
        }
    }

    @Test
    void foreignFilesAndCheckpointsAreRefused() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "SAC4J is not this file; " + "x".repeat(100), StandardCharsets.UTF_8);
        refused(text);
        refused(dir.resolve("missing.bin"));

        Path ckpt = dir.resolve("step-100.ckpt");
        Actor actor = actor(2);
        Checkpoint.write(ckpt, Manifest.empty().with("env", "Pendulum-v1"),
                out -> ComponentStates.putParameters(out, "actor", actor.parameters()));
        assertTrue(refused(ckpt).getMessage().contains("not a policy file"));

        Path future = dir.resolve("future.bin");
        Checkpoint.write(future, Manifest.empty().with(PolicyFile.FILE_KEY, PolicyFile.FILE_KIND)
                .with(PolicyFile.FORMAT_KEY, 2).with(PolicyFile.KIND_KEY, PolicyFile.TANH_GAUSSIAN), out -> { });
        assertTrue(refused(future).getMessage().contains("policy format version 2"));

        Path odd = dir.resolve("odd.bin");
        Checkpoint.write(odd, Manifest.empty().with(PolicyFile.FILE_KEY, PolicyFile.FILE_KIND)
                .with(PolicyFile.FORMAT_KEY, 1).with(PolicyFile.KIND_KEY, "beta"), out -> { });
        assertTrue(refused(odd).getMessage().contains("unknown policy kind 'beta'"));
    }

    @Test
    void sizesThatDoNotFitTheWeightsAreRefused() throws IOException {
        Actor actor = actor(3);
        Manifest m = Manifest.empty().with(PolicyFile.FILE_KEY, PolicyFile.FILE_KIND).with(PolicyFile.FORMAT_KEY, 1)
                .with(PolicyFile.KIND_KEY, PolicyFile.TANH_GAUSSIAN);
        Path huge = dir.resolve("huge.bin");
        Checkpoint.write(huge, m, out -> {
            out.putInts(PolicyFile.SIZES, 5, 1 << 20, 1 << 20, 3);
            out.putFloats(PolicyFile.BOUNDS, new float[] {-3f, 0.5f});
        });
        assertTrue(refused(huge).getMessage().contains("bytes of weights"));

        Path other = dir.resolve("other.bin");
        Checkpoint.write(other, m, out -> {
            out.putInts(PolicyFile.SIZES, 5, 16, 9, 3); // the weights are 16 x 8
            out.putFloats(PolicyFile.BOUNDS, new float[] {-3f, 0.5f});
            ComponentStates.putParameters(out, PolicyFile.PREFIX, actor.parameters());
        });
        assertTrue(refused(other).getMessage().contains("actor.trunk"), refused(other).getMessage());

        Path bounds = dir.resolve("bounds.bin");
        Checkpoint.write(bounds, m, out -> {
            out.putInts(PolicyFile.SIZES, 5, 16, 8, 3);
            out.putFloats(PolicyFile.BOUNDS, new float[] {1f, -1f});
            ComponentStates.putParameters(out, PolicyFile.PREFIX, actor.parameters());
        });
        assertTrue(refused(bounds).getMessage().contains("log-std bounds"));
    }

    @Test
    void unsupportedPoliciesAreRefusedWhenWriting() {
        Policy custom = new Policy() {
            public int obsDim() {
                return 1;
            }

            public int actDim() {
                return 1;
            }

            public void actDeterministic(float[] observation, float[] action) {
            }

            public void act(float[] observation, float[] action, Rng rng) {
            }
        };
        Path file = dir.resolve("x.bin");
        assertThrows(IllegalArgumentException.class, () -> PolicyFile.write(custom, file));
        CategoricalPolicy relu = new CategoricalPolicy(new Mlp("actor", new int[] {2, 3}, true, new Rng(1)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PolicyFile.write(relu, file)).getMessage()
                .contains("ReLU"));
        assertFalse(Files.exists(file));
    }
}
