package io.sac4j.box2d;

import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.Step;
import io.sac4j.env.TimeLimit;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LunarLanderContinuousTest {
    private static final int SEEDS = 10;

    @BeforeAll
    static void register() {
        Box2dEnvs.registerAll();
    }

    /**
     * Gymnasium's {@code heuristic(env, s)} of {@code lunar_lander.py}, continuous branch: steer the
     * angle towards the pad, hover at a height proportional to the horizontal offset, PD terms on
     * both, and after leg contact only brake the fall.
     */
    static float[] heuristic(float[] s) {
        double angleTarg = s[0] * 0.5 + s[2] * 1.0;
        angleTarg = Math.max(-0.4, Math.min(0.4, angleTarg));
        double hoverTarg = 0.55 * Math.abs(s[0]);
        double angleTodo = (angleTarg - s[4]) * 0.5 - s[5] * 1.0;
        double hoverTodo = (hoverTarg - s[1]) * 0.5 - s[3] * 0.5;
        if (s[6] != 0 || s[7] != 0) {
            angleTodo = 0;
            hoverTodo = -s[3] * 0.5;
        }
        return new float[] {(float) clip(hoverTodo * 20 - 1), (float) clip(-angleTodo * 20)};
    }

    private static double clip(double x) {
        return Math.max(-1, Math.min(1, x));
    }

    interface Controller {
        float[] act(float[] obs);
    }

    /** Returns {return, length, lastReward, terminated (1/0)}. */
    static double[] episode(Env env, long seed, Controller c) {
        float[] obs = env.reset(seed);
        double ret = 0;
        int n = 0;
        Step s;
        do {
            s = env.step(c.act(obs));
            obs = s.observation();
            ret += s.reward();
            n++;
        } while (!s.done());
        return new double[] {ret, n, s.reward(), s.terminated() ? 1 : 0};
    }

    @Test
    void heuristicLandsAbove200OnAverage() {
        Env env = Envs.make(LunarLanderContinuous.ID);
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        StringBuilder log = new StringBuilder();
        for (int seed = 0; seed < SEEDS; seed++) {
            double[] r = episode(env, seed, LunarLanderContinuousTest::heuristic);
            sum += r[0];
            min = Math.min(min, r[0]);
            log.append(String.format("seed %d return %.1f steps %d last %.0f%n", seed, r[0], (int) r[1], r[2]));
        }
        double mean = sum / SEEDS;
        System.out.printf("heuristic mean %.2f min %.2f%n%s", mean, min, log);
        assertTrue(mean > 200, "heuristic mean return " + mean + " <= 200:\n" + log);
    }

    @Test
    void randomPolicyFailsOnAverage() {
        Env env = Envs.make(LunarLanderContinuous.ID);
        Rng rng = new Rng(123);
        double sum = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            sum += episode(env, seed, o -> new float[] {(float) rng.uniform(-1, 1), (float) rng.uniform(-1, 1)})[0];
        }
        double mean = sum / SEEDS;
        System.out.printf("random mean %.2f%n", mean);
        assertTrue(mean < -50, "random policy mean return " + mean + " is not below -50");
    }

    @Test
    void registryWrapsInGymnasiumsTimeLimit() {
        Env env = Envs.make(LunarLanderContinuous.ID);
        assertTrue(env instanceof TimeLimit);
        assertEquals(1000, ((TimeLimit) env).maxSteps());
        assertEquals(LunarLanderContinuous.ID, env.id());
        assertEquals(8, env.observationSpace().flatSize());
        assertEquals(2, env.actionSpace().flatSize());
    }

    /** A hover controller: the heuristic's PD terms with a fixed height target and no landing. */
    private static float[] hover(float[] s) {
        double angleTarg = Math.max(-0.4, Math.min(0.4, s[0] * 0.5 + s[2] * 1.0));
        double angleTodo = (angleTarg - s[4]) * 0.5 - s[5] * 1.0;
        double hoverTodo = (0.6 - s[1]) * 0.5 - s[3] * 0.5;
        return new float[] {(float) clip(hoverTodo * 20 - 1), (float) clip(-angleTodo * 20)};
    }

    @Test
    void hoveringIsTruncatedAtStep1000NotTerminated() {
        Env env = Envs.make(LunarLanderContinuous.ID);
        float[] obs = env.reset(3);
        Step s = null;
        for (int t = 1; t <= 1000; t++) {
            s = env.step(hover(obs));
            obs = s.observation();
            assertFalse(s.terminated(), "hovering lander terminated at step " + t);
            assertEquals(t == 1000, s.truncated(), "truncated at step " + t);
        }
        assertTrue(Math.abs(obs[1] - 0.6) < 0.2, "hover height " + obs[1]);
        Step last = s;
        assertThrows(IllegalStateException.class, () -> env.step(new float[2]), "step after " + last);
    }

    @Test
    void enginesOffCrashesWithMinus100() {
        Env env = Envs.make(LunarLanderContinuous.ID);
        for (int seed = 0; seed < 5; seed++) {
            // a0 <= 0 keeps the main engine off, |a1| <= 0.5 the side engines.
            double[] r = episode(env, seed, o -> new float[] {-1f, 0.5f});
            assertEquals(1.0, r[3], "seed " + seed + " not terminated");
            assertEquals(-100.0, r[2], "seed " + seed + " last reward");
            assertTrue(r[1] < 200, "seed " + seed + " fell for " + r[1] + " steps");
        }
    }

    @Test
    void heuristicLandingEndsAtRestOnThePadWithBothLegsDown() {
        Env env = new LunarLanderContinuous();
        float[] obs = env.reset(1);
        Step s;
        do {
            s = env.step(heuristic(obs));
            obs = s.observation();
        } while (!s.done());
        assertTrue(s.terminated());
        assertEquals(100.0, s.reward(), "at rest: +100");
        assertEquals(1f, obs[6]);
        assertEquals(1f, obs[7]);
        assertTrue(Math.abs(obs[0]) < 0.2, "x " + obs[0] + " off the pad [-0.2, 0.2]");
        assertTrue(Math.abs(obs[1]) < 0.05, "y " + obs[1] + " is not the pad's height");
        assertTrue(Math.abs(obs[2]) < 1e-3 && Math.abs(obs[3]) < 1e-3, "at rest: " + Arrays.toString(obs));
    }

    @Test
    void observationScalingInFreeFall() {
        LunarLanderContinuous env = new LunarLanderContinuous();
        double w2 = LunarLanderContinuous.VIEWPORT_W / LunarLanderContinuous.SCALE / 2; // 10
        double h2 = LunarLanderContinuous.VIEWPORT_H / LunarLanderContinuous.SCALE / 2; // 6.667
        for (int seed = 0; seed < 3; seed++) {
            float[] o = env.reset(seed);
            // Start at (W/2, H): x ~ 0, y = (H - (H/4 + 18/SCALE)) / (H/2) = 1.41, moved by one step at most.
            assertEquals(0.0, o[0], 0.01);
            assertEquals((2 * h2 - (h2 / 2 + 18 / 30.0)) / h2, o[1], 0.03);
            assertEquals(0f, o[6]);
            assertEquals(0f, o[7]);
            float[] prev = o;
            for (int t = 0; t < 30; t++) {
                float[] cur = env.step(new float[] {0f, 0f}).observation();
                if (t >= 10) { // the legs have swung to their joint limits: one rigid body falling
                    // dvy = g dt, scaled by (H/2)/FPS
                    assertEquals(-10.0 / 50 * h2 / 50, cur[3] - prev[3], 2e-3, "vy step " + t);
                    // dx = vx' dt: s0 and s2 share the factor W/2 and FPS
                    assertEquals(cur[2] / (w2 * w2), cur[0] - prev[0], 2e-4, "x step " + t);
                    assertEquals(cur[3] / (h2 * h2), cur[1] - prev[1], 2e-4, "y step " + t);
                    // angle' = angle + omega' dt, omega = s5 FPS / 20
                    assertEquals(cur[5] * 50 / 20.0 / 50, cur[4] - prev[4], 2e-4, "angle step " + t);
                }
                prev = cur;
            }
        }
    }

    private static double shaping(float[] s) {
        return -100 * Math.sqrt(s[0] * s[0] + s[1] * s[1]) - 100 * Math.sqrt(s[2] * s[2] + s[3] * s[3])
                - 100 * Math.abs(s[4]) + 10 * s[6] + 10 * s[7];
    }

    @Test
    void rewardIsShapingDifferenceMinusFuel() {
        Env env = new LunarLanderContinuous();
        Rng rng = new Rng(5);
        int checked = 0;
        for (int seed = 0; seed < 3; seed++) {
            float[] obs = env.reset(seed);
            Step s;
            do {
                float[] a = {(float) rng.uniform(-1, 1), (float) rng.uniform(-1, 1)};
                s = env.step(a);
                if (!s.terminated()) {
                    double m = a[0] > 0 ? (a[0] + 1) * 0.5 : 0;
                    double side = Math.abs(a[1]) > 0.5 ? Math.abs(a[1]) : 0;
                    double expected = shaping(s.observation()) - shaping(obs) - 0.30 * m - 0.03 * side;
                    assertEquals(expected, s.reward(), 2e-4, "seed " + seed);
                    checked++;
                }
                obs = s.observation();
            } while (!s.done());
        }
        assertTrue(checked > 50, "only " + checked + " steps checked");
    }

    @Test
    void sameSeedAndActionsGiveTheSameTrajectory() {
        Rng rng = new Rng(11);
        List<float[]> actions = new ArrayList<>();
        for (int t = 0; t < 300; t++) {
            actions.add(new float[] {(float) rng.uniform(-1, 1), (float) rng.uniform(-1, 1)});
        }
        List<String> first = trajectory(new LunarLanderContinuous(), 42, actions);
        LunarLanderContinuous other = new LunarLanderContinuous();
        other.reset(7); // a different history before the seeded reset
        other.step(new float[] {1f, 1f});
        assertEquals(first, trajectory(other, 42, actions));
        assertFalse(first.equals(trajectory(new LunarLanderContinuous(), 43, actions)), "seeds 42 and 43 agree");
    }

    private static List<String> trajectory(Env env, long seed, List<float[]> actions) {
        List<String> out = new ArrayList<>();
        out.add(Arrays.toString(env.reset(seed)));
        for (float[] a : actions) {
            Step s = env.step(a);
            out.add(Arrays.toString(s.observation()) + " " + Double.doubleToLongBits(s.reward()) + " " + s.terminated());
            if (s.done()) {
                break;
            }
        }
        return out;
    }

    @Test
    void seedsDrawDifferentTerrainAndPushes() {
        LunarLanderContinuous env = new LunarLanderContinuous();
        float[] o0 = env.reset(0);
        double[] t0 = env.terrainHeights();
        float[] o1 = env.reset(1);
        double[] t1 = env.terrainHeights();
        assertFalse(Arrays.equals(t0, t1));
        assertFalse(Arrays.equals(o0, o1));
        env.reset(0);
        assertArrayEquals(t0, env.terrainHeights());
        env.reset(); // continues the generator: a new terrain
        assertFalse(Arrays.equals(t0, env.terrainHeights()));
        // The pad: chunks 4..6 (x = 8..12) lie at H/4 after smoothing of five equal heights.
        double[] t = env.terrainHeights();
        for (int i = 4; i <= 6; i++) {
            assertEquals(0.99 * env.helipadY(), t[i], 1e-9, "chunk " + i);
        }
        for (double h : t) {
            assertTrue(h >= 0 && h <= 0.99 * 400 / 30.0 / 2, "height " + h);
        }
    }

    @Test
    void actionsAreValidated() {
        Env env = new LunarLanderContinuous();
        IllegalStateException early = assertThrows(IllegalStateException.class, () -> env.step(new float[2]));
        assertTrue(early.getMessage().contains("before reset"), early.getMessage());
        env.reset(0);
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class, () -> env.step(new float[3]));
        assertTrue(len.getMessage().contains("length 3, expected 2"), len.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> env.step(new float[] {0f, Float.NaN}));
        assertTrue(nan.getMessage().contains("action[1] is NaN"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> env.step(null));
        // Out-of-range values are clipped, as Gymnasium's continuous lander does.
        Env a = new LunarLanderContinuous();
        Env b = new LunarLanderContinuous();
        a.reset(9);
        b.reset(9);
        assertArrayEquals(a.step(new float[] {5f, -7f}).observation(), b.step(new float[] {1f, -1f}).observation());
    }
}
