package io.sac4j.train;

import io.sac4j.random.Rng;
import io.sac4j.policy.CategoricalPolicy;
import io.sac4j.sac.DiscreteSacLearner;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Temperature;
import io.sac4j.tabular.FiniteMdp;
import io.sac4j.tabular.FiniteMdpEnv;
import io.sac4j.tabular.SoftPolicyIteration;
import io.sac4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ties the deep and the exact worlds together: discrete SAC with a fixed temperature, trained by
 * the ordinary loop on a small random finite MDP seen through one-hot observations, converges to
 * the soft Q-values and the soft-max policy that exact soft policy iteration computes (seed 001,
 * lemmas 1 and 2; seed 000 §1.0).
 */
class DeepVsExactTest {
    /** Largest |Q_sac(s, a) - Q_exact(s, a)| allowed, against soft Q-values spanning several units. */
    static final double Q_TOLERANCE = 0.15;
    /** Largest total variation 1/2 sum_a |pi_sac(a|s) - pi_exact(a|s)| allowed in any state. */
    static final double TV_TOLERANCE = 0.05;

    @Test
    void discreteSacReachesTheSoftPolicyIterationFixedPoint() {
        double alpha = 0.5;
        double gamma = 0.8;
        for (long seed = 0; seed < 2; seed++) {
            FiniteMdp mdp = FiniteMdp.random(4, 3, gamma, new Rng(40 + seed));
            int nS = mdp.nStates();
            int nA = mdp.nActions();
            double[][] uniform = new double[nS][nA];
            for (double[] row : uniform) {
                java.util.Arrays.fill(row, 1.0 / nA);
            }
            SoftPolicyIteration.Result exact = SoftPolicyIteration.run(mdp, alpha, uniform, 1e-12, 100);

            // A continuing MDP, cut into 25-step episodes (truncated, so the critic still bootstraps).
            double[] start = new double[nS];
            java.util.Arrays.fill(start, 1.0 / nS);
            SacConfig cfg = SacConfig.builder().hiddenSizes(32).batchSize(128).learningRate(1e-3).gamma(gamma)
                    .tau(0.02).temperature(Temperature.fixed(alpha)).learningStarts(500).build();
            TrainResult r = OffPolicyLoop.builder(cfg, new RunConfig(8000, 8000, 1, seed))
                    .envs(() -> new FiniteMdpEnv("RandomMdp", mdp, start, 25)).build().run();
            DiscreteSacLearner learner = (DiscreteSacLearner) r.learner();
            CategoricalPolicy policy = learner.policy();

            double maxQError = 0;
            double maxTv = 0;
            for (int s = 0; s < nS; s++) {
                float[] obs = new float[nS];
                obs[s] = 1f;
                for (int j = 0; j < 2; j++) {
                    float[] q = learner.critic(j).apply(Matrix.of(1, nS, obs), learner.critic(j).newBuffers(1)).data;
                    for (int a = 0; a < nA; a++) {
                        maxQError = Math.max(maxQError, Math.abs(q[a] - exact.q()[s][a]));
                    }
                }
                double[] p = policy.probabilities(obs);
                double tv = 0;
                for (int a = 0; a < nA; a++) {
                    tv += 0.5 * Math.abs(p[a] - exact.pi()[s][a]);
                }
                maxTv = Math.max(maxTv, tv);
            }
            System.out.printf("deep vs exact, seed %d: max |Q - Q*| %.4f, max TV %.4f%n", seed, maxQError, maxTv);
            assertTrue(maxQError < Q_TOLERANCE, "seed " + seed + ": max |Q_sac - Q_exact| = " + maxQError);
            assertTrue(maxTv < TV_TOLERANCE, "seed " + seed + ": max total variation = " + maxTv);
        }
    }
}
