package io.sac4j.env;

import io.sac4j.env.classic.Pendulum;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RestorableEnv: which stacks can be saved, and a restored stack continues as the saved one, bit for bit. */
class RestorableEnvTest {
    private static Env pendulumStack() {
        return new ClipAction(new RescaleAction(new TimeLimit(new Pendulum(), 200)));
    }

    @Test
    void wrappersAreRestorableWhenWhatTheyWrapIs() {
        assertTrue(RestorableEnv.canRestore(pendulumStack()));
        assertTrue(RestorableEnv.canRestore(Envs.make("CartPole-v1")));
        assertFalse(RestorableEnv.canRestore(new TimeLimit(new NormalizeObservation(new Pendulum()), 10)),
                "running statistics are state no snapshot holds");
        assertFalse(RestorableEnv.canRestore(new RecordEpisodeStatistics(new Pendulum())));
    }

    @Test
    void aRestoredStackContinuesBitForBit() {
        Env a = pendulumStack();
        a.reset(11);
        Rng actions = new Rng(5);
        float[] action = new float[1];
        for (int t = 0; t < 37; t++) {
            actions.fillUniform(action, 0, 1, -1f, 1f);
            a.step(action);
        }
        EnvSnapshot saved = new EnvSnapshot();
        ((RestorableEnv) a).saveState(saved);
        assertEquals(List.of("state", "rng.xoshiro256", "rng.spareGaussian", "elapsed"), List.copyOf(saved.names()));
        assertArrayEquals(new int[] {37}, saved.ints("elapsed"));

        Env b = pendulumStack();
        ((RestorableEnv) b).restoreState(saved);
        Rng same = new Rng(9);
        Rng again = new Rng(9);
        for (int t = 37; t < 200 + 50; t++) {   // past the time limit and into the next episodes
            same.fillUniform(action, 0, 1, -1f, 1f);
            Step sa = a.step(action);
            again.fillUniform(action, 0, 1, -1f, 1f);
            Step sb = b.step(action);
            assertArrayEquals(sa.observation(), sb.observation(), "step " + t);
            assertEquals(sa.reward(), sb.reward());
            assertEquals(sa.truncated(), sb.truncated());
            if (sa.done()) {
                assertArrayEquals(a.reset(), b.reset(), "the reset generator was restored too");
            }
        }
    }

    @Test
    void aSnapshotOfAnotherStackIsRefused() {
        EnvSnapshot bare = new EnvSnapshot();
        new Pendulum().saveState(bare);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TimeLimit(new Pendulum(), 5).restoreState(bare));
        assertEquals("environment state entry 'elapsed' is missing", e.getMessage());
        EnvSnapshot tooLong = bare.copy();
        tooLong.putInts("elapsed", 9);
        e = assertThrows(IllegalArgumentException.class, () -> new TimeLimit(new Pendulum(), 5).restoreState(tooLong));
        assertTrue(e.getMessage().endsWith("elapsed steps must be in [0, 5), got 9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bare.putDoubles("0x", 1.0), "names never start with a digit");
    }

    @Test
    void aVectorOffersItsCopiesOnlyWhenAllAreRestorable() {
        VectorEnv restorable = VectorEnv.sequential(() -> Envs.make("Pendulum-v1"), 3);
        assertEquals(3, restorable.restorableCopies().orElseThrow().size());
        VectorEnv not = VectorEnv.sequential(() -> new NormalizeObservation(Envs.make("Pendulum-v1")), 3);
        assertTrue(not.restorableCopies().isEmpty());
        assertEquals(3, new RescaleVectorAction(restorable).restorableCopies().orElseThrow().size());
    }

    /** A rescaled vector steps exactly as a vector of rescaled copies. */
    @Test
    void rescaleVectorActionMapsAsRescaleActionDoes() {
        VectorEnv wrapped = new RescaleVectorAction(VectorEnv.sequential(() -> Envs.make("MountainCarContinuous-v0"), 2));
        VectorEnv copies = VectorEnv.sequential(() -> new RescaleAction(Envs.make("MountainCarContinuous-v0")), 2);
        assertEquals(-1f, ((Box) wrapped.singleActionSpace()).low(0));
        assertEquals(1f, ((Box) wrapped.singleActionSpace()).high(0));
        assertArrayEquals(copies.reset(4), wrapped.reset(4));
        Rng r = new Rng(1);
        for (int t = 0; t < 300; t++) {
            float[][] actions = new float[2][1];
            r.fillUniform(actions[0], 0, 1, -1f, 1f);
            r.fillUniform(actions[1], 0, 1, -1f, 1f);
            VectorStep a = copies.step(actions);
            VectorStep b = wrapped.step(actions);
            assertArrayEquals(a.observations(), b.observations(), "step " + t);
            assertArrayEquals(a.rewards(), b.rewards());
        }
        assertThrows(IllegalArgumentException.class, () -> wrapped.step(new float[][] {{Float.NaN}, {0f}}));
        assertThrows(IllegalArgumentException.class, () -> new RescaleVectorAction(
                VectorEnv.sequential(() -> Envs.make("CartPole-v1"), 1)));
    }
}
