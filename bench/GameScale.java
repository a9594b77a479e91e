// The scale mismatch of seed 000 §1.4.1, measured on a training run: Pendulum-v1, SAC v1 or v2 with
// 64x64 networks and the adjustment xi + 0.1 A^T xi (norm match), printing every 500 updates each
// player's ||xi_i|| and ||A^T xi_i|| and their ratio. A single-file program over sac4j's jar:
//   java --add-modules jdk.incubator.vector -cp sac4j-cli/target/sac4j.jar bench/GameScale.java v1 6000 [step]
import io.sac4j.buffer.Batch;
import io.sac4j.buffer.ReplayBuffer;
import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.Step;
import io.sac4j.random.Rng;
import io.sac4j.sac.AdjustedSacLearner;
import io.sac4j.game.GradientAdjustment;
import io.sac4j.policy.Policy;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Variant;

import java.util.List;
import java.util.Locale;

public class GameScale {
    public static void main(String[] args) {
        boolean v1 = args.length < 1 || args[0].equals("v1");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 6000;
        double step = args.length > 2 ? Double.parseDouble(args[2]) : 1e-2;
        SacConfig c = SacConfig.builder().variant(v1 ? Variant.V1 : Variant.V2).hiddenSizes(64, 64).learningRate(1e-3)
                .adjustment(GradientAdjustment.antisymmetric(0.1)
                        .withNormalisation(GradientAdjustment.Normalisation.MATCH_OWN_GRADIENT).withStep(step))
                .build();
        AdjustedSacLearner l = new AdjustedSacLearner(c, 3, 1, new Rng(1));
        Env env = Envs.make("Pendulum-v1");
        ReplayBuffer buffer = new ReplayBuffer(100_000, 3, 1);
        Rng rng = new Rng(2);
        Batch batch = new Batch(256, 3, 1);
        Policy policy = l.policy();
        float[] obs = env.reset(3);
        float[] action = new float[1];
        float[] torque = new float[1];
        for (int t = 0; t < steps; t++) {
            if (t < 100) {
                action[0] = (float) (2 * rng.nextDouble() - 1);
            } else {
                policy.act(obs, action, rng);
            }
            torque[0] = 2 * action[0]; // Pendulum's action space is [-2, 2]
            Step s = env.step(torque);
            buffer.add(obs, action, s.reward(), s.observation(), s.terminated());
            obs = s.done() ? env.reset() : s.observation();
            if (t < 100) {
                continue;
            }
            buffer.sample(batch, rng);
            l.update(batch);
            if (t % 500 == 0) {
                List<String> names = l.gamePlayers();
                double[][] n = l.lastGameNorms();
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "update %5d", l.updates()));
                for (int i = 0; i < names.size(); i++) {
                    line.append(String.format(Locale.ROOT, "  %s |xi| %.3g |A^T xi| %.3g (x%.3g)", names.get(i), n[i][0],
                            n[i][1], n[i][1] / n[i][0]));
                }
                System.out.println(line);
            }
        }
    }
}
