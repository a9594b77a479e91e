package io.sac4j.train;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sac4j.checkpoint.Manifest;
import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.RescaleAction;
import io.sac4j.env.Step;
import io.sac4j.random.Rng;
import io.sac4j.policy.OnnxExport;
import io.sac4j.policy.Policy;
import io.sac4j.policy.PolicyFile;
import io.sac4j.sac.SacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Deploy a policy" example on trained policies: a loaded policy file plays the same
 * episodes as the live policy, bit for bit (deterministic and stochastic), and the ONNX model run by
 * onnxruntime gives the same deterministic actions within 1e-5 along an episode.
 */
class DeployExampleTest {
    @TempDir
    Path dir;

    static TrainResult train(String env, SacConfig sac) {
        return OffPolicyLoop.builder(sac, new RunConfig(400, 400, 1, 3)).envs(() -> Envs.make(env)).build().run();
    }

    /** The returns' bits, the deterministic episode and then a stochastic one with a generator seeded 99. */
    static long[] play(Env env, Policy policy) {
        long[] bits = new long[2];
        for (int k = 0; k < 2; k++) {
            Rng rng = new Rng(99);
            float[] obs = env.reset(7);
            float[] action = new float[policy.actDim()];
            double ret = 0;
            for (int t = 0; t < 200; t++) {
                if (k == 0) {
                    policy.actDeterministic(obs, action);
                } else {
                    policy.act(obs, action, rng);
                }
                Step s = env.step(action);
                ret += s.reward();
                obs = s.observation();
                if (s.terminated() || s.truncated()) {
                    break;
                }
            }
            bits[k] = Double.doubleToRawLongBits(ret);
        }
        return bits;
    }

    @Test
    void trainedContinuousPolicyDeploys() throws IOException, OrtException {
        SacConfig sac = SacConfig.builder().learningRate(1e-3).hiddenSizes(32, 32).batchSize(32).build();
        Policy live = train("Pendulum-v1", sac).learner().policy();
        Path bin = dir.resolve("policy.bin");
        PolicyFile.write(live, bin, Manifest.empty().with("env", "Pendulum-v1"));
        Policy loaded = Policy.load(bin);
        Env env = new RescaleAction(Envs.make("Pendulum-v1"));
        assertArrayEquals(play(env, live), play(env, loaded), "deterministic and stochastic returns");

        Path onnx = dir.resolve("policy.onnx");
        OnnxExport.write(live, onnx);
        OrtEnvironment ort = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = ort.createSession(onnx.toString(), options)) {
            float[] obs = env.reset(1);
            float[] action = new float[1];
            double worst = 0;
            for (int t = 0; t < 200; t++) {
                live.actDeterministic(obs, action);
                try (OnnxTensor in = OnnxTensor.createTensor(ort, new float[][] {obs});
                     OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, in))) {
                    float[][] a = (float[][]) r.get(OnnxExport.ACTION).orElseThrow().getValue();
                    worst = Math.max(worst, Math.abs(a[0][0] - action[0]));
                }
                obs = env.step(action).observation();
            }
            assertTrue(worst <= 1e-5, "max |onnx - sac4j| along an episode = " + worst);
        }
    }

    @Test
    void trainedDiscretePolicyDeploys() throws IOException {
        SacConfig sac = SacConfig.builder().learningRate(1e-3).hiddenSizes(32, 32).batchSize(32).build();
        Policy live = train("CartPole-v1", sac).learner().policy();
        Path bin = dir.resolve("cartpole.bin");
        PolicyFile.write(live, bin);
        Policy loaded = Policy.load(bin);
        Env env = Envs.make("CartPole-v1");
        long[] a = play(env, live);
        long[] b = play(env, loaded);
        assertEquals(a[0], b[0], "deterministic return");
        assertEquals(a[1], b[1], "stochastic return");
    }
}
