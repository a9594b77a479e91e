package io.sac4j.gym;

import io.sac4j.env.Box;
import io.sac4j.env.Step;
import io.sac4j.env.VectorStep;
import io.sac4j.env.classic.Pendulum;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environments through the bridge against the same Gymnasium environments stepped directly in Python. */
class FidelityTest {
    @TempDir
    Path tmp;

    /** Uniform actions in the box, written as Python reads them back to the same float32 values. */
    private static float[][] actions(Box box, int steps, long seed) {
        Rng rng = new Rng(seed);
        float[][] a = new float[steps][box.dim()];
        for (float[] row : a) {
            for (int i = 0; i < row.length; i++) {
                row[i] = box.low(i) + rng.nextFloat() * (box.high(i) - box.low(i));
            }
        }
        return a;
    }

    private Path write(float[][] actions) throws IOException {
        List<String> lines = new ArrayList<>();
        for (float[] a : actions) {
            StringBuilder b = new StringBuilder();
            for (float v : a) {
                b.append(b.length() == 0 ? "" : ",").append(Float.toString(v));
            }
            lines.add(b.toString());
        }
        Path f = Files.createTempFile(tmp, "actions", ".txt");
        Files.write(f, lines);
        return f;
    }

    /** One row of the trajectory tool's CSV: t, reward, flags, observation (float64 text). */
    private record Row(int t, double reward, boolean terminated, boolean truncated, double[] obs) {
        static Row parse(String line) {
            String[] p = line.split(",", -1);
            double[] obs = new double[p.length - 4];
            for (int i = 0; i < obs.length; i++) {
                obs[i] = Double.parseDouble(p[4 + i]);
            }
            int t = Integer.parseInt(p[0]);
            return t < 0 ? new Row(t, 0, false, false, obs)
                    : new Row(t, Double.parseDouble(p[1]), p[2].equals("1"), p[3].equals("1"), obs);
        }

        float[] obs32() {
            float[] f = new float[obs.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) obs[i];
            }
            return f;
        }
    }

    private List<Row> reference(String gymId, long seed, Path actions) throws Exception {
        String csv = GymPython.run(List.of("-m", "sac4j_gym.trajectory", "--env", gymId, "--seed",
                Long.toString(seed), "--actions", actions.toString()));
        List<Row> rows = new ArrayList<>();
        String[] lines = csv.strip().split("\n");
        for (int i = 1; i < lines.length; i++) {
            rows.add(Row.parse(lines[i]));
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"HalfCheetah-v5", "Hopper-v5", "Walker2d-v5", "Ant-v5", "Humanoid-v5"})
    void mujocoThroughTheBridgeIsGymnasiumBitForBit(String gymId) throws Exception {
        long seed = 7;
        int steps = 300;
        try (GymServer server = GymPython.launch(gymId); RemoteEnv env = server.openEnv("test")) {
            Box box = (Box) env.actionSpace();
            float[][] actions = actions(box, steps, 11);
            List<Row> ref = reference(gymId, seed, write(actions));
            assertArrayEquals(ref.get(0).obs32(), env.reset(seed), gymId + " reset observation");
            for (int t = 0; t + 1 < ref.size(); t++) {
                Row r = ref.get(t + 1);
                Step s = env.step(actions[t]);
                String at = gymId + " step " + t;
                assertEquals(r.reward(), s.reward(), 0.0, at + " reward");
                assertEquals(r.terminated(), s.terminated(), at + " terminated");
                assertEquals(r.truncated(), s.truncated(), at + " truncated");
                assertArrayEquals(r.obs32(), s.observation(), at + " observation");
                if (s.done()) {
                    assertEquals(ref.size() - 2, t, at + ": the reference ended elsewhere");
                }
            }
            assertTrue(ref.size() > 1, "reference has steps");
        }
    }

    /**
     * Same-step autoreset across episodes against Gymnasium stepped directly: per copy, episodes end
     * with the real final observation, and the next episode starts where {@code env.reset()} without
     * a seed starts it (the copy's generator continues).
     */
    @Test
    void vectorAutoresetMatchesGymnasiumResetWithoutSeed() throws Exception {
        String gymId = "Hopper-v5";
        int n = 2;
        int steps = 150; // random actions end Hopper episodes (terminated) every 10-60 steps
        long seed = 3;
        try (GymServer server = GymPython.launch(gymId); RemoteVectorEnv v = server.openVector(n, "test")) {
            Box box = (Box) v.singleActionSpace();
            float[][][] actions = new float[n][][];
            for (int i = 0; i < n; i++) {
                actions[i] = actions(box, steps, 100 + i);
            }
            StringBuilder got = new StringBuilder();
            float[][] first = v.reset(seed);
            for (int i = 0; i < n; i++) {
                got.append(i).append(",reset,").append(join(first[i])).append('\n');
            }
            int episodesEnded = 0;
            float[][] step = new float[n][];
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < n; i++) {
                    step[i] = actions[i][t];
                }
                VectorStep s = v.step(step);
                for (int i = 0; i < n; i++) {
                    got.append(i).append(',').append(t).append(',').append(repr(s.rewards()[i])).append(',')
                            .append(s.terminated()[i] ? 1 : 0).append(',').append(s.truncated()[i] ? 1 : 0).append(',')
                            .append(join(s.done(i) ? s.finalObservations()[i] : s.observations()[i])).append('\n');
                    if (s.done(i)) {
                        episodesEnded++;
                        got.append(i).append(",reset,").append(join(s.observations()[i])).append('\n');
                    } else {
                        assertNull(s.finalObservations()[i]);
                    }
                }
            }
            assertTrue(episodesEnded >= 2, "the test needs episode ends, got " + episodesEnded);
            StringBuilder want = new StringBuilder();
            for (int i = 0; i < n; i++) {
                want.append(GymPython.run(List.of("-c", AUTORESET_REFERENCE, gymId, Long.toString(seed + i),
                        write(actions[i]).toString(), Integer.toString(i))));
            }
            assertEquals(sortedByCopy(want.toString()), sortedByCopy(got.toString()));
        }
    }

    /**
     * The lines of copy 0, then those of copy 1 ... each in its own order, every number rewritten by
     * Java (Python and Java choose exponent notation at different magnitudes; the values are compared).
     */
    private static String sortedByCopy(String text) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            for (String l : text.split("\n")) {
                if (l.startsWith(i + ",")) {
                    String[] f = l.split(",");
                    for (int j = 2; j < f.length; j++) {
                        f[j] = Double.toString(Double.parseDouble(f[j]));
                    }
                    out.add(String.join(",", f));
                }
            }
        }
        return String.join("\n", out);
    }

    /** Gymnasium directly: reset(seed), then the actions, reset() without a seed after every end. Same format as the test. */
    private static final String AUTORESET_REFERENCE = String.join("\n",
            "import sys, gymnasium as gym, numpy as np",
            "env_id, seed, path, copy = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]",
            "env = gym.make(env_id)",
            "f = lambda o: ','.join(repr(float(x)) for x in np.asarray(o, dtype=np.float32).ravel())",
            "obs, _ = env.reset(seed=seed)",
            "print(f'{copy},reset,{f(obs)}')",
            "for t, line in enumerate(open(path).read().split()):",
            "    a = np.array([float(x) for x in line.split(',')], dtype=np.float64).astype(env.action_space.dtype)",
            "    obs, r, term, trunc, _ = env.step(a)",
            "    print(f'{copy},{t},{float(r)!r},{int(term)},{int(trunc)},{f(obs)}')",
            "    if term or trunc:",
            "        obs, _ = env.reset()",
            "        print(f'{copy},reset,{f(obs)}')");

    private static String join(float[] o) {
        StringBuilder b = new StringBuilder();
        for (float v : o) {
            b.append(b.length() == 0 ? "" : ",").append(repr(v));
        }
        return b.toString();
    }

    /** The value as a double's shortest text (a float32 value widened exactly, as Python's float(np.float32)). */
    private static String repr(double v) {
        return Double.toString(v);
    }

    /**
     * Pendulum-v1 through the bridge against sac4j's own Pendulum, step by step over an episode: before
     * each step sac4j's Pendulum is put in the state the bridge's last observation shows (theta from
     * its cos and sin, theta-dot as is), then both take the same action and must agree within 1e-6
     * (relative above 1: rewards reach -16, theta-dot 8). Gymnasium keeps its state in float64 and
     * shows it as float32 only, so the state is re-read each step rather than carried: carried over a
     * whole episode, the float32 rounding of the start state alone grows past 1e-6 by step ~190.
     */
    @Test
    void pendulumThroughTheBridgeMatchesSac4jPendulum() {
        try (GymServer server = GymPython.launch("Pendulum-v1"); RemoteEnv remote = server.openEnv("test")) {
            float[] o = remote.reset(5);
            Pendulum local = new Pendulum();
            local.reset(0);
            Box box = (Box) remote.actionSpace();
            float[][] actions = actions(box, 200, 9);
            for (int t = 0; t < actions.length; t++) {
                float[] shown = local.setState(Math.atan2(o[1], o[0]), o[2]);
                assertArrayEquals(o, shown, 1e-6f, "state read back at step " + t);
                Step r = remote.step(actions[t]);
                Step l = local.step(actions[t]);
                for (int i = 0; i < 3; i++) {
                    float want = l.observation()[i];
                    assertEquals(want, r.observation()[i], 1e-6 * Math.max(1, Math.abs(want)),
                            "observation " + i + " at step " + t);
                }
                assertEquals(l.reward(), r.reward(), 1e-6 * Math.max(1, Math.abs(l.reward())), "reward at step " + t);
                assertFalse(r.terminated(), "Pendulum never terminates");
                assertEquals(t == 199, r.truncated(), "Gymnasium's time limit is 200 steps");
                o = r.observation();
            }
            assertNotNull(remote.reset(), "the autoreset observation is kept for reset()");
        }
    }
}
