package io.sac4j.train;

import io.sac4j.Sac;
import io.sac4j.checkpoint.Manifest;
import io.sac4j.env.Actions;
import io.sac4j.env.Box;
import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.Step;
import io.sac4j.env.TimeLimit;
import io.sac4j.random.Rng;
import io.sac4j.policy.Policy;
import io.sac4j.policy.PolicyFile;
import io.sac4j.sac.SacConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Use it from Java" example: {@link PointMass} and {@link PointMassExample} are the
 * README's two files, word for word but for {@code public} instead of {@code static} (top-level
 * there, nested here), which {@link #readmeShowsThisCode} checks; the test runs {@code main}'s steps
 * with a shorter training. It checks that the simulation follows its equations, that SAC trained
 * through the example's {@code train} controls it clearly better than uniformly random forces on two
 * seeds, and that the saved and loaded policy acts bit for bit as the live one.
 */
class UseFromJavaExampleTest {
    // ---- README: PointMass.java ----

    /**
     * A point mass of mass 1 on a line, pushed by a force {@code a} in [-1, 1] towards the origin.
     * State (x, v); one explicit Euler step of dt = 0.05:
     * <pre>
     *   reward = -(x^2 + 0.1 v^2 + 0.01 a^2)        (on the state before the step)
     *   x'     = x + v dt,   v' = v + a dt
     * </pre>
     * Reset draws x ~ U(-1, 1), v ~ U(-0.5, 0.5). It never terminates: the registry wraps it in a
     * TimeLimit of MAX_STEPS, which marks the last step truncated.
     */
    static final class PointMass implements Env {
        public static final String ID = "PointMass-v0";
        public static final double DT = 0.05;
        public static final int MAX_STEPS = 200;
        // Unbounded observations; the action space is SAC's own [-1, 1], so RescaleAction changes nothing.
        private static final Box OBSERVATION_SPACE =
                Box.uniform(2, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
        private static final Box ACTION_SPACE = Box.uniform(1, -1f, 1f);

        // sac4j's generator, never Math.random(): the same seed gives the same episodes on every JVM.
        private Rng rng = new Rng(0);
        private double x;
        private double v;
        private boolean started;

        @Override
        public String id() {
            return ID;
        }

        @Override
        public Box observationSpace() {
            return OBSERVATION_SPACE;
        }

        @Override
        public Box actionSpace() {
            return ACTION_SPACE;
        }

        @Override
        public float[] reset(long seed) {
            rng = new Rng(seed);
            return reset();
        }

        @Override
        public float[] reset() {
            return setState(rng.uniform(-1.0, 1.0), rng.uniform(-0.5, 0.5));
        }

        /** Starts from a chosen state (for tests, or to replay a situation); returns its observation. */
        public float[] setState(double x, double v) {
            this.x = x;
            this.v = v;
            started = true;
            return observation();
        }

        @Override
        public Step step(float[] action) {
            Actions.check(ID, action, 1);   // the length and finiteness every Env must check
            if (!started) {
                throw new IllegalStateException(ID + ": step() called before reset()");
            }
            double a = Math.min(Math.max(action[0], -1.0), 1.0);
            double reward = -(x * x + 0.1 * v * v + 0.01 * a * a);
            x += v * DT;   // explicit Euler: the position moves with the old velocity
            v += a * DT;
            return new Step(observation(), reward, false, false);   // never terminated; TimeLimit truncates
        }

        private float[] observation() {
            return new float[] {(float) x, (float) v};
        }
    }

    // ---- README: PointMassExample.java ----

    static final class PointMassExample {
        public static void main(String[] args) throws IOException {
            register();
            TrainResult result = train(42, 20_000);
            Policy policy = saveAndLoad(result.policy(), Path.of("point-mass.bin"));

            double greedy = episode(7, policy::actDeterministic);   // tanh(mu(s)): to control
            Rng noise = new Rng(7);
            double sampled = episode(7, (obs, action) -> policy.act(obs, action, noise));   // a ~ pi(.|s)
            System.out.printf("deterministic return %.2f, stochastic %.2f%n", greedy, sampled);
        }

        /** Makes "PointMass-v0" known to Envs.make (and so to the environment factory given to Sac.train). */
        static void register() {
            Envs.register(PointMass.ID, () -> new TimeLimit(new PointMass(), PointMass.MAX_STEPS));
        }

        /** Trains SAC on PointMass-v0 for at most {@code steps} steps, printing each evaluation. */
        static TrainResult train(long seed, long steps) {
            SacConfig sac = SacConfig.builder()
                    .hiddenSizes(32, 32)   // a small problem: small networks train fast
                    .batchSize(64)
                    .learningRate(1e-3)
                    .build();
            RunConfig run = RunConfig.builder().totalSteps(steps).seed(seed)
                    .evalEvery(1_000).evalEpisodes(5)   // evaluate every 1000 steps on 5 episodes
                    .build();
            TrainListener print = new TrainListener() {
                @Override
                public void onEvaluation(EvalRecord r) {
                    System.out.printf("step %d: mean return %.2f, alpha %.3f%n", r.step(), r.evalMeanReturn(), r.alpha());
                }
            };
            TrainListener stop = new StopOnRewardThreshold(-10.0);   // good enough: stop early
            return Sac.train(() -> Envs.make(PointMass.ID), sac, run, print, stop);
        }

        /** Writes the actor alone to {@code file} and reads it back, as a deployed program would. */
        static Policy saveAndLoad(Policy live, Path file) throws IOException {
            PolicyFile.write(live, file, Manifest.empty().with("env", PointMass.ID));
            return Policy.load(file);   // needs only sac4j-core; no critics, optimiser or buffer
        }

        /**
         * Your own loop: one episode of PointMass from reset seed {@code seed}, {@code controller} writing
         * the action (its second argument) for each observation (its first); returns the return.
         */
        static double episode(long seed, BiConsumer<float[], float[]> controller) {
            PointMass sim = new PointMass();
            float[] obs = sim.reset(seed);
            float[] action = new float[1];
            double ret = 0;
            for (int t = 0; t < PointMass.MAX_STEPS; t++) {   // this loop's own time limit
                controller.accept(obs, action);
                Step s = sim.step(action);
                ret += s.reward();
                obs = s.observation();
            }
            return ret;
        }
    }

    // ---- end of the README's code ----

    /** Training steps per seed here (the README's main trains up to 20,000): enough to beat random clearly. */
    static final long STEPS = 3_000;
    /** The training seeds. */
    static final long[] SEEDS = {1, 2};
    /** Reset seeds of the evaluation episodes, the same for the trained and the random policy. */
    static final long[] EPISODE_SEEDS = {100, 101, 102, 103, 104};
    /**
     * The trained policy must cost at most this fraction of what uniform random forces cost on the same
     * episodes (returns are negative). Measured: see the README ("Use it from Java").
     */
    static final double MAX_COST_RATIO = 0.1;

    @TempDir
    Path dir;

    @BeforeAll
    static void registerPointMass() {
        PointMassExample.register();
    }

    @Test
    void stepFollowsTheEquations() {
        PointMass sim = new PointMass();
        assertThrows(IllegalStateException.class, () -> sim.step(new float[] {0f}));
        assertArrayEquals(new float[] {0.5f, -0.2f}, sim.setState(0.5, -0.2));
        Step s = sim.step(new float[] {0.4f});
        double a = 0.4f;   // the float action, widened
        assertEquals(-(0.25 + 0.1 * 0.04 + 0.01 * a * a), s.reward(), 1e-12);
        assertEquals((float) (0.5 + -0.2 * 0.05), s.observation()[0]);   // 0.49
        assertEquals((float) (-0.2 + a * 0.05), s.observation()[1]);     // -0.18
        assertFalse(s.terminated() || s.truncated());

        // A force beyond the bounds is clipped to 1, in the dynamics and in the cost.
        sim.setState(0.0, 0.0);
        Step clipped = sim.step(new float[] {3f});
        assertEquals(-0.01, clipped.reward(), 1e-12);
        assertArrayEquals(new float[] {0f, (float) 0.05}, clipped.observation());
        assertThrows(IllegalArgumentException.class, () -> sim.step(new float[] {Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> sim.step(new float[2]));
    }

    @Test
    void registeredEnvIsTruncatedAtTheLimit() {
        Env env = Envs.make(PointMass.ID);
        float[] first = env.reset(5);
        assertArrayEquals(first, new PointMass().reset(5), "a seed gives the same start");
        for (int t = 1; t < PointMass.MAX_STEPS; t++) {
            Step s = env.step(new float[] {0.3f});
            assertFalse(s.done(), "step " + t);
        }
        Step last = env.step(new float[] {0.3f});
        assertTrue(last.truncated(), "step " + PointMass.MAX_STEPS + " is truncated");
        assertFalse(last.terminated(), "a time limit is not a terminal state");
        assertThrows(IllegalStateException.class, () -> env.step(new float[] {0.3f}));
    }

    @Test
    void trainedPolicyBeatsRandomAndDeploysBitForBit() throws IOException {
        StringBuilder measured = new StringBuilder();
        for (long seed : SEEDS) {
            Policy live = PointMassExample.train(seed, STEPS).learner().policy();
            Policy loaded = PointMassExample.saveAndLoad(live, dir.resolve("point-mass-" + seed + ".bin"));

            double trained = 0;
            double random = 0;
            Rng uniform = new Rng(seed);
            for (long e : EPISODE_SEEDS) {
                trained += PointMassExample.episode(e, loaded::actDeterministic) / EPISODE_SEEDS.length;
                random += PointMassExample.episode(e, (obs, action) -> uniform.fillUniform(action, 0, 1, -1f, 1f))
                        / EPISODE_SEEDS.length;
            }
            measured.append(String.format(Locale.ROOT, "seed %d: trained %.2f, random %.2f; ", seed, trained, random));
            assertTrue(trained >= MAX_COST_RATIO * random, measured.toString());

            assertActsAlike(live, loaded, seed);
        }
        System.out.println(measured);
    }

    /**
     * The README's two code blocks of "Use it from Java" hold this file's code between the README
     * markers, un-nested (indented 4 less, {@code public} for {@code static}): so this test is the
     * proof that the README's code compiles and runs. Surefire runs in the module's directory.
     */
    @Test
    void readmeShowsThisCode() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/sac4j/train/UseFromJavaExampleTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        String[] markers = {"// ---- README: PointMass.java ----", "// ---- README: PointMassExample.java ----",
                "// ---- end of the README's code ----"};
        for (int i = 0; i + 1 < markers.length; i++) {
            String nested = source.substring(source.indexOf(markers[i]) + markers[i].length(),
                    source.indexOf(markers[i + 1]));
            String topLevel = nested.strip().replace("\n    ", "\n")
                    .replace("static final class ", "public final class ");
            assertTrue(readme.contains(topLevel), "README.md lacks the code after " + markers[i]);
        }
    }

    /** Deterministic and stochastic actions of the two policies, on 1000 observations of both signs, have equal bits. */
    static void assertActsAlike(Policy live, Policy loaded, long seed) {
        Rng observations = new Rng(seed + 1000);
        Rng liveNoise = new Rng(seed);
        Rng loadedNoise = new Rng(seed);
        float[] obs = new float[2];
        float[] a = new float[1];
        float[] b = new float[1];
        for (int i = 0; i < 1000; i++) {
            observations.fillUniform(obs, 0, 2, -3f, 3f);
            live.actDeterministic(obs, a);
            loaded.actDeterministic(obs, b);
            assertEquals(Float.floatToRawIntBits(a[0]), Float.floatToRawIntBits(b[0]), "deterministic, observation " + i);
            live.act(obs, a, liveNoise);
            loaded.act(obs, b, loadedNoise);
            assertEquals(Float.floatToRawIntBits(a[0]), Float.floatToRawIntBits(b[0]), "stochastic, observation " + i);
        }
    }
}
