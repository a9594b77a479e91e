package io.sac4j.cli;

import io.sac4j.env.Box;
import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.RescaleAction;
import io.sac4j.env.Step;
import io.sac4j.random.Rng;
import io.sac4j.policy.Actor;
import io.sac4j.sac.EntropyEstimate;
import io.sac4j.sac.EntropyEstimates;
import io.sac4j.sac.Learner;
import io.sac4j.policy.Policy;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.SacLearner;
import io.sac4j.sac.SacV1Learner;
import io.sac4j.tensor.Matrix;
import io.sac4j.train.OffPolicyLoop;
import io.sac4j.train.Preset;
import io.sac4j.train.Presets;
import io.sac4j.train.RunConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sac4j bench entropy}: trains the env's preset for {@code --steps}, collects states with the
 * trained stochastic policy, and compares the two entropy estimates of the temperature loss on the
 * same minibatches ({@link EntropyEstimates}): their means (the same expectation) and their spread
 * over minibatches (the spread of the temperature gradient).
 */
@Command(name = "entropy", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Spread of the temperature gradient: one-sample -log pi vs the closed-form tanh-Gaussian entropy.")
final class EntropyBench implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--env", defaultValue = "Pendulum-v1", description = "Continuous-action env (default: ${DEFAULT-VALUE}).")
    String envId;
    @Option(names = "--steps", defaultValue = "5000", description = "Training steps first (default: ${DEFAULT-VALUE}).")
    long steps;
    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--entropy", defaultValue = "sample",
            description = "The estimate the training itself uses: sample or closed-form (default: ${DEFAULT-VALUE}).")
    String entropy;
    @Option(names = "--states", defaultValue = "10000", description = "States collected by the policy (default: ${DEFAULT-VALUE}).")
    int states;
    @Option(names = "--batch", defaultValue = "256", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--batches", defaultValue = "400", description = "Minibatches (default: ${DEFAULT-VALUE}).")
    int batches;
    @Option(names = "--threads", defaultValue = "1", description = "Kernel threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() {
        if (steps < 1 || states < 1 || batch < 1 || batches < 2 || threads < 1) {
            throw new IllegalArgumentException("bench entropy: --steps, --states, --batch, --threads must be >= 1,"
                    + " --batches >= 2");
        }
        EntropyEstimate estimate = switch (entropy) {
            case "sample" -> EntropyEstimate.SAMPLE;
            case "closed-form" -> EntropyEstimate.CLOSED_FORM;
            default -> throw new IllegalArgumentException("--entropy must be sample or closed-form, got " + entropy);
        };
        Env probe = Envs.make(envId);
        if (!(probe.actionSpace() instanceof Box)) {
            throw new IllegalArgumentException("bench entropy needs continuous actions; " + envId + " has "
                    + probe.actionSpace());
        }
        Preset preset = Presets.forEnv(envId);
        SacConfig sac = preset.sac().toBuilder().entropyEstimate(estimate).build();
        RunConfig run = new RunConfig(steps, steps, 1, seed);
        Learner learner = OffPolicyLoop.builder(sac, run).envs(() -> Envs.make(envId)).threads(threads).build().run()
                .learner();
        Actor actor = learner instanceof SacLearner s ? s.actor() : ((SacV1Learner) learner).actor();

        // States from the trained stochastic policy, episodes reset with seeds seed + 10^6 + i.
        Env env = new RescaleAction(Envs.make(envId));
        Policy policy = learner.policy();
        Rng rng = new Rng(seed).split();
        Matrix s = new Matrix(states, actor.obsDim());
        float[] action = new float[actor.actDim()];
        float[] obs = env.reset(seed + 1_000_000);
        for (int i = 0, episode = 1; i < states; i++) {
            System.arraycopy(obs, 0, s.data, i * s.cols, s.cols);
            policy.act(obs, action, rng);
            Step st = env.step(action);
            obs = st.done() ? env.reset(seed + 1_000_000 + episode++) : st.observation();
        }
        EntropyEstimates.Comparison c = EntropyEstimates.compare(actor, s, batch, batches, rng);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", envId);
        m.put("steps", steps);
        m.put("seed", seed);
        m.put("trained_with", estimate.name());
        m.put("alpha", learner.alpha());
        m.put("batch", batch);
        m.put("batches", batches);
        m.put("sample_mean", c.sampleMean());
        m.put("sample_std", c.sampleStd());
        m.put("closed_form_mean", c.closedMean());
        m.put("closed_form_std", c.closedStd());
        m.put("within_state_std", c.withinStateStd());
        m.put("variance_ratio", c.varianceRatio());
        spec.commandLine().getOut().println(Json.writeCompact(m));
        return 0;
    }
}
