package io.sac4j.cli;

import io.sac4j.sac.LearningRateSchedule;
import io.sac4j.sac.ReplaySampling;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Temperature;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * The SAC hyperparameter options of {@code sac4j train}. Each is null when not given, so that the
 * environment's preset (and under it {@link SacConfig#DEFAULTS}) keeps its value; the defaults the help
 * names come from SacConfig.DEFAULTS through {@link SacDefaults}.
 */
final class SacOptions {
    @Option(names = "--lr", description = "Learning rate of actor, critics and alpha together (preset; default ${bundle:default.lr}).")
    Double lr;

    @Option(names = "--actor-lr", description = "Actor learning rate (overrides --lr).")
    Double actorLr;

    @Option(names = "--critic-lr", description = "Critic learning rate (overrides --lr).")
    Double criticLr;

    @Option(names = "--alpha-lr", description = "Temperature learning rate (overrides --lr).")
    Double alphaLr;

    @Option(names = "--lr-schedule", paramLabel = "constant|linear", converter = Choices.ScheduleConverter.class,
            description = "The learning rates along the run: constant (default) or linear decay to 0 at --steps"
                    + " (rl-baselines3-zoo's lin_ rates: factor 1 - t/steps at each training round).")
    LearningRateSchedule lrSchedule;

    @Option(names = "--batch-size", description = "Transitions per gradient step (default ${bundle:default.batch-size}).")
    Integer batchSize;

    @Option(names = "--buffer-size", description = "Replay buffer capacity (default ${bundle:default.buffer-size}).")
    Integer bufferSize;

    @Option(names = "--gamma", description = "Discount factor (default ${bundle:default.gamma}).")
    Double gamma;

    @Option(names = "--tau", description = "Target network smoothing coefficient (default ${bundle:default.tau}).")
    Double tau;

    @Option(names = "--learning-starts", description = "Random-action steps before the first update (default ${bundle:default.learning-starts}).")
    Integer learningStarts;

    @Option(names = "--warmup-action-repeat", description = "Hold each uniform random action of the --learning-starts"
            + " warm-up for this many steps: temporally correlated exploration (default ${bundle:default.warmup-action-repeat}: a new draw every step).")
    Integer warmupActionRepeat;

    @Option(names = "--train-freq", description = "Environment steps (transitions, over all --n-envs copies) between"
            + " training rounds (default ${bundle:default.train-freq}).")
    Integer trainFreq;

    @Option(names = "--gradient-steps", description = "Gradient steps per training round (default ${bundle:default.gradient-steps}).")
    Integer gradientSteps;

    @Option(names = "--hidden", split = ",", description = "Hidden layer widths, comma-separated (default ${bundle:default.hidden}).")
    List<Integer> hidden;

    @Option(names = "--alpha", description = "Fix the temperature at this value instead of learning it.")
    Double fixedAlpha;

    @Option(names = "--init-alpha", description = "Initial value of the learned temperature (default ${bundle:default.init-alpha}).")
    Double initAlpha;

    @Option(names = "--target-entropy",
            description = "Target entropy of the learned temperature (default -|A|; discrete: ratio * log|A|).")
    Double targetEntropy;

    @Option(names = "--target-entropy-ratio",
            description = "Discrete actions: the default target entropy as a fraction of log|A| (default ${bundle:default.target-entropy-ratio};"
                    + " lower it when alpha keeps rising).")
    Double targetEntropyRatio;

    @Option(names = "--n-step", paramLabel = "N", description = "n-step returns: each stored transition carries the"
            + " discounted sum of up to N rewards and bootstraps from the state after them with gamma^k (k <= N, cut"
            + " at the episode's end; a truncated episode bootstraps from its real last observation) (default"
            + " ${bundle:default.n-step}: one-step targets).")
    Integer nStep;

    @Option(names = "--prioritized", description = "Prioritized experience replay (Schaul et al. 2016,"
            + " proportional): draw transitions with probability p^alpha / sum p^alpha, p = |TD error| + eps (twin"
            + " critics: the mean of the two |TD errors|), weight the critic loss by the importance weights"
            + " (p / p_min)^-beta, beta annealed linearly from --per-beta0 to 1 over --steps; new transitions enter"
            + " at the largest priority (default: uniform replay).")
    boolean prioritized;

    @Option(names = "--per-alpha", paramLabel = "ALPHA", description = "With --prioritized: how much prioritisation is used, in [0, 1]"
            + " (0 = uniform) (default ${bundle:default.per-alpha}).")
    Double perAlpha;

    @Option(names = "--per-beta0", paramLabel = "BETA0", description = "With --prioritized: the importance-sampling exponent at the start,"
            + " in [0, 1], annealed linearly to 1 at the last step (default ${bundle:default.per-beta0}).")
    Double perBeta0;

    @Option(names = "--per-eps", paramLabel = "EPS", description = "With --prioritized: added to |TD error| so that no transition's"
            + " probability is 0, > 0 (default ${bundle:default.per-eps}).")
    Double perEps;

    /** Sets the hyperparameters given on {@code b}; returns {@code b}. */
    SacConfig.Builder applyTo(SacConfig.Builder b) {
        if (lr != null) {
            b.learningRate(lr);
        }
        if (actorLr != null) {
            b.actorLr(actorLr);
        }
        if (criticLr != null) {
            b.criticLr(criticLr);
        }
        if (alphaLr != null) {
            b.alphaLr(alphaLr);
        }
        if (lrSchedule != null) {
            b.learningRateSchedule(lrSchedule);
        }
        if (batchSize != null) {
            b.batchSize(batchSize);
        }
        if (bufferSize != null) {
            b.bufferSize(bufferSize);
        }
        if (gamma != null) {
            b.gamma(gamma);
        }
        if (tau != null) {
            b.tau(tau);
        }
        if (learningStarts != null) {
            b.learningStarts(learningStarts);
        }
        if (warmupActionRepeat != null) {
            b.warmupActionRepeat(warmupActionRepeat);
        }
        if (trainFreq != null) {
            b.trainFreq(trainFreq);
        }
        if (gradientSteps != null) {
            b.gradientSteps(gradientSteps);
        }
        if (hidden != null) {
            b.hiddenSizes(hidden);
        }
        if (fixedAlpha != null && initAlpha != null) {
            throw new IllegalArgumentException("--alpha (fixed) and --init-alpha (learned) exclude each other");
        }
        if (fixedAlpha != null) {
            b.temperature(Temperature.fixed(fixedAlpha));
        } else if (initAlpha != null) {
            b.temperature(Temperature.learned(initAlpha));
        }
        if (targetEntropy != null) {
            b.targetEntropy(targetEntropy);
        }
        if (targetEntropyRatio != null) {
            b.discreteTargetEntropyRatio(targetEntropyRatio);
        }
        if (nStep != null) {
            b.nStep(nStep);
        }
        if (!prioritized && (perAlpha != null || perBeta0 != null || perEps != null)) {
            throw new IllegalArgumentException("--per-alpha, --per-beta0 and --per-eps need --prioritized");
        }
        if (prioritized) {
            ReplaySampling.Prioritized d = ReplaySampling.PRIORITIZED_DEFAULTS;
            b.replaySampling(ReplaySampling.prioritized(perAlpha != null ? perAlpha : d.alpha(),
                    perBeta0 != null ? perBeta0 : d.beta0(), perEps != null ? perEps : d.eps()));
        }
        return b;
    }
}
