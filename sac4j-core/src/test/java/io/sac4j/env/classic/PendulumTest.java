package io.sac4j.env.classic;

import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.Step;
import io.sac4j.env.TimeLimit;
import io.sac4j.env.RescaleAction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pendulum-v1 against steps computed by hand from Gymnasium's equations. */
class PendulumTest {
    /** {state th, thdot, action, expected reward, th', thdot'}, computed from the published equations. */
    private static final double[][] CASES = {
        {0.5, -1.0, 1.5, -0.35224999999999995, 0.4792284576976576, -0.41543084604684777},
        // torque clipped to 2, speed clipped to 8
        {Math.PI / 2, 7.9, 5.0, -8.71240110027234, 1.9707963267948965, 8.0},
        // angle 4 rad normalises to 4 - 2 pi in the cost
        {4.0, 0.0, -0.3, -5.213025146920741, 3.969369906425953, -0.6126018714809462},
        // angle -7 rad normalises to -7 + 2 pi
        {-7.0, -2.0, 0.0, -0.9138233038432242, -7.124636997451955, -2.492739949039092},
    };

    @Test
    void stepsMatchHandComputedValues() {
        Pendulum p = new Pendulum();
        for (double[] c : CASES) {
            p.setState(c[0], c[1]);
            Step s = p.step(new float[] {(float) c[2]});
            assertEquals(c[3], s.reward(), 1e-6);
            assertEquals(c[4], p.theta(), 1e-6);
            assertEquals(c[5], p.thetaDot(), 1e-6);
            assertArrayEquals(new float[] {(float) Math.cos(c[4]), (float) Math.sin(c[4]), (float) c[5]},
                    s.observation(), 1e-6f);
            assertFalse(s.terminated());
            assertFalse(s.truncated());
        }
    }

    @Test
    void angleNormalizeIsPythonModulo() {
        assertEquals(4.0 - 2 * Math.PI, Pendulum.angleNormalize(4.0), 1e-12);
        assertEquals(-7.0 + 2 * Math.PI, Pendulum.angleNormalize(-7.0), 1e-12);
        assertEquals(0.3, Pendulum.angleNormalize(0.3 + 4 * Math.PI), 1e-12);
        assertEquals(-Math.PI, Pendulum.angleNormalize(Math.PI), 1e-12);
    }

    @Test
    void resetDrawsFromTheDocumentedRangesAndIsSeeded() {
        Pendulum p = new Pendulum();
        float[] first = p.reset(11);
        assertArrayEquals(first, new Pendulum().reset(11));
        for (int i = 0; i < 1000; i++) {
            p.reset();
            assertTrue(p.theta() >= -Math.PI && p.theta() < Math.PI);
            assertTrue(p.thetaDot() >= -1 && p.thetaDot() < 1);
        }
    }

    @Test
    void registryWrapsInA200StepTimeLimit() {
        Env env = Envs.make("Pendulum-v1");
        env.reset(0);
        Step s = null;
        for (int i = 0; i < 200; i++) {
            assertTrue(s == null || !s.done());
            s = env.step(new float[] {0f});
        }
        assertTrue(s.truncated());
        assertFalse(s.terminated());
        Step last = s;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(new float[] {0f}));
        assertTrue(e.getMessage().contains("call reset()"), e.getMessage());
        assertEquals(3, last.observation().length);
    }

    @Test
    void badActionsAndIdsAreNamed() {
        Env env = Envs.make("Pendulum-v1");
        env.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {0f, 1f}));
        assertEquals("Pendulum-v1: action has length 2, expected 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {Float.NaN}));
        assertEquals("Pendulum-v1: action[0] is NaN, not finite", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Envs.make("Pendulum-v0"));
        assertTrue(e.getMessage().startsWith("unknown environment id 'Pendulum-v0'; known ids: "), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new Pendulum().step(new float[] {0f}));
    }

    @Test
    void rescaleActionMapsUnitBoxOntoBounds() {
        Pendulum inner = new Pendulum();
        RescaleAction env = new RescaleAction(inner);
        assertEquals(-1f, env.actionSpace().low(0));
        assertEquals(1f, env.actionSpace().high(0));
        env.reset(0);
        inner.setState(0.0, 0.0);
        Step s = env.step(new float[] {0.5f}); // torque 1.0
        assertEquals(-0.001 * 1.0, s.reward(), 1e-9);
        assertEquals(3.0 * 1.0 * 0.05, inner.thetaDot(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {0f, 0f}));
    }
}
