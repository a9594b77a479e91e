package io.sac4j.env.classic;

import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.Step;
import io.sac4j.env.TimeLimit;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MountainCarContinuous, CartPole and Acrobot against steps computed by hand (in double precision,
 * from Gymnasium's published equations, independently of this code), including every boundary, and
 * their random-policy returns against the published ranges.
 */
class ClassicControlTest {
    private static final double TOL = 1e-12;

    private static void assertState(double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "state[" + i + "]");
        }
    }

    /** {x, v, action, x', v', reward, terminated}; x', v' rounded to float32 as Gymnasium stores them. */
    private static final double[][] MOUNTAIN_CAR = {
        {-0.5, 0.01, 0.5, -0.489426851272583, 0.010573157109320164, -0.025, 0},
        // action clipped to 1 for the force, but the cost uses the unclipped action
        {-0.5, 0.01, 3.0, -0.48867684602737427, 0.011323156766593456, -0.9, 0},
        // speed clipped to 0.07
        {-0.52, 0.069, 1.0, -0.44999998807907104, 0.07000000029802322, -0.1, 0},
        // the left wall: position clipped to -1.2 and the velocity zeroed
        {-1.19, -0.05, -1.0, -1.2000000476837158, 0.0, -0.1, 0},
        // the goal: x' >= 0.45 with v' >= 0 ends the episode with +100
        {0.44, 0.02, 0.0, 0.45937955379486084, 0.01937956176698208, 100.0, 1},
    };

    @Test
    void mountainCarStepsMatchTheEquations() {
        MountainCarContinuous env = new MountainCarContinuous();
        for (double[] c : MOUNTAIN_CAR) {
            env.setState(new double[] {c[0], c[1]});
            Step s = env.step(new float[] {(float) c[2]});
            assertState(new double[] {c[3], c[4]}, env.state(), 1e-9);
            assertArrayEquals(new float[] {(float) c[3], (float) c[4]}, s.observation());
            assertEquals(c[5], s.reward(), 1e-15); // Gymnasium: -(a^2) * 0.1
            assertEquals(c[6] == 1, s.terminated());
            assertFalse(s.truncated());
        }
    }

    @Test
    void mountainCarIsTruncatedAt999Steps() {
        Env env = Envs.make(MountainCarContinuous.ID);
        env.reset(3);
        for (int t = 1; t <= 999; t++) {
            Step s = env.step(new float[] {0f}); // coasting never reaches the flag
            assertFalse(s.terminated());
            assertEquals(t == 999, s.truncated(), "step " + t);
        }
        assertThrows(IllegalStateException.class, () -> env.step(new float[] {0f}));
    }

    @Test
    void cartPoleStepsMatchTheEquations() {
        CartPole env = new CartPole();
        // {state, action, state', terminated}
        Object[][] cases = {
            {new double[] {0.01, 0.02, 0.03, 0.04}, 1, new double[] {0.0104, 0.21467919574755523, 0.030799999999999998,
                -0.2430687179600081}, false},
            {new double[] {0.01, 0.02, 0.03, 0.04}, 0, new double[] {0.0104, -0.17553901710278938, 0.030799999999999998,
                0.34199522377603914}, false},
            // the cart leaves the track: |x| > 2.4
            {new double[] {2.39, 1.0, 0.0, 0.0}, 1, new double[] {2.41, 1.1951219512195121, 0.0, -0.2926829268292683},
                true},
            // the pole falls past 12 degrees
            {new double[] {0.0, 0.0, 0.2, 1.0}, 0, new double[] {0.0, -0.19715116691915335, 0.22, 1.348240687473541},
                true},
        };
        for (Object[] c : cases) {
            env.setState((double[]) c[0]);
            Step s = env.step(new float[] {(int) c[1]});
            assertState((double[]) c[2], env.state(), TOL);
            assertEquals(1.0, s.reward(), "+1 on every step, the last one too");
            assertEquals(c[3], s.terminated());
        }
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {2f}));
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {0.5f}));
        assertThrows(IllegalArgumentException.class, () -> env.setState(new double[] {0, 0, Double.NaN, 0}));
    }

    @Test
    void cartPoleIsTruncatedAt500Steps() {
        CartPole inner = new CartPole();
        Env env = new TimeLimit(inner, 500);
        env.reset(1);
        for (int t = 1; t <= 500; t++) {
            inner.setState(new double[] {0, 0, 0, 0}); // held upright: never terminates
            Step s = env.step(new float[] {t % 2});
            assertFalse(s.terminated());
            assertEquals(t == 500, s.truncated(), "step " + t);
        }
    }

    @Test
    void acrobotStepsMatchTheEquations() {
        Acrobot env = new Acrobot();
        // {state, action, state', terminated}: one RK4 step of dt = 0.2 on the book dynamics
        Object[][] cases = {
            {new double[] {0.1, -0.05, 0.02, 0.03}, 2, new double[] {0.07757165579337588, 0.004515209387585137,
                -0.23773391900562166, 0.5017548079364877}, false},
            // theta1 passes pi and wraps to [-pi, pi]; the tip is above the bar
            {new double[] {3.1, 0.0, 2.0, 0.0}, 1, new double[] {-2.7719362846676403, -0.008629148029294374,
                2.1972583347367203, -0.1521741621389046}, true},
            // both velocities clipped, to 4 pi and -9 pi
            {new double[] {0.0, 0.0, 12.0, 25.0}, 0, new double[] {-1.501030182772375, 1.685614680505453,
                12.566370614359172, -28.274333882308138}, false},
            {new double[] {3.0, 0.1, 0.0, 0.0}, 1, new double[] {2.9801010644913126, 0.12460838080578891,
                -0.20368049965045298, 0.25311378017408265}, true},
        };
        for (Object[] c : cases) {
            env.setState((double[]) c[0]);
            Step s = env.step(new float[] {(int) c[1]});
            assertState((double[]) c[2], env.state(), 1e-10);
            assertEquals((boolean) c[3] ? 0.0 : -1.0, s.reward());
            assertEquals(c[3], s.terminated());
            double[] ns = (double[]) c[2];
            assertArrayEquals(new float[] {(float) Math.cos(ns[0]), (float) Math.sin(ns[0]), (float) Math.cos(ns[1]),
                (float) Math.sin(ns[1]), (float) ns[2], (float) ns[3]}, s.observation(), 1e-6f);
        }
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {3f}));
    }

    /** Mean return of a uniformly random policy over 100 episodes. */
    private static double randomPolicyReturn(String id, long seed) {
        Env env = Envs.make(id);
        Rng rng = new Rng(seed);
        double total = 0;
        for (int ep = 0; ep < 100; ep++) {
            env.reset(seed * 1000 + ep);
            boolean done = false;
            while (!done) {
                float[] a;
                if (env.actionSpace() instanceof io.sac4j.env.Discrete d) {
                    a = new float[] {rng.nextInt(d.n())};
                } else {
                    io.sac4j.env.Box b = (io.sac4j.env.Box) env.actionSpace();
                    a = new float[b.dim()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (float) rng.uniform(b.low(i), b.high(i));
                    }
                }
                Step s = env.step(a);
                total += s.reward();
                done = s.done();
            }
        }
        return total / 100;
    }

    @Test
    void randomPolicyReturnsFallInThePublishedRanges() {
        // Published: Pendulum about -1200, MountainCarContinuous about -33 (0.1 E[a^2] x 999 steps),
        // CartPole about 22, Acrobot about -500 (it rarely swings up by chance).
        double pendulum = randomPolicyReturn(Pendulum.ID, 1);
        assertTrue(pendulum > -1400 && pendulum < -1000, "Pendulum " + pendulum);
        double car = randomPolicyReturn(MountainCarContinuous.ID, 2);
        assertTrue(car > -36 && car < -30, "MountainCarContinuous " + car);
        double cartPole = randomPolicyReturn(CartPole.ID, 3);
        assertTrue(cartPole > 18 && cartPole < 27, "CartPole " + cartPole);
        double acrobot = randomPolicyReturn(Acrobot.ID, 4);
        assertTrue(acrobot >= -500 && acrobot < -440, "Acrobot " + acrobot);
    }

    @Test
    void stateRoundTripsAndResetIsSeeded() {
        for (ClassicControl env : new ClassicControl[] {new Pendulum(), new MountainCarContinuous(), new CartPole(),
            new Acrobot()}) {
            float[] o1 = env.reset(42);
            double[] s1 = env.state();
            float[] o2 = env.reset(42);
            assertArrayEquals(o1, o2, env.id());
            assertArrayEquals(s1, env.state(), env.id());
            assertArrayEquals(o1, env.setState(s1), env.id());
            assertThrows(IllegalArgumentException.class, () -> env.setState(new double[s1.length + 1]), env.id());
        }
    }
}
