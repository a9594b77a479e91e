package io.sac4j.sac;

import io.sac4j.game.GradientAdjustment;
import java.util.List;

/**
 * Every hyperparameter of SAC, with its default in one place ({@link #DEFAULTS}: SB3's and the
 * SAC paper's). Immutable; {@link #toBuilder()} makes a modified copy. The constructor validates
 * each field and names it in the error.
 *
 * @param gamma          discount factor, in [0, 1]
 * @param tau            target smoothing coefficient: {@code Qbar <- (1 - tau) Qbar + tau Q}, in (0, 1]
 * @param batchSize      transitions per gradient step, >= 1
 * @param bufferSize     replay capacity, >= 1
 * @param learningStarts environment steps of uniform random actions before the first update, >= 0
 * @param trainFreq      environment steps between training rounds (SB3's {@code train_freq}), >= 1; on
 *                       several environments stepped together counted in transitions over all copies,
 *                       unlike SB3, which counts vector steps
 * @param gradientSteps  gradient steps per training round (SB3's {@code gradient_steps}), >= 1
 * @param actorLr        Adam learning rate of the policy, > 0
 * @param criticLr       Adam learning rate of the twin Q networks, > 0
 * @param alphaLr        Adam learning rate of log alpha, > 0
 * @param hiddenSizes    hidden layer widths of every network (ReLU), each >= 1
 * @param temperature    learned (with its initial value) or fixed alpha
 * @param targetEntropy  target entropy for a learned alpha; NaN means the default -|A|
 * @param logStdMin      lower clamp of the policy's log-std
 * @param logStdMax      upper clamp of the policy's log-std
 * @param variant        {@link Variant#V2} (today's SAC, the default) or {@link Variant#V1} (with a V network;
 *                       its V network learns at {@code criticLr})
 * @param discreteTargetEntropyRatio for a discrete action space, the default target entropy is this fraction
 *                       of the largest possible entropy {@code log |A|} (Christodoulou 2019 uses 0.98), in
 *                       (0, 1]. Near 1 asks for an almost uniform policy: the temperature then keeps rising
 *                       and learning can stall or collapse (a known instability of discrete SAC), so lower it
 *                       (0.5 to 0.9) when alpha grows without bound. Unused when {@code targetEntropy} is set
 * @param entropyEstimate how the policy and temperature losses of the continuous learners estimate the policy's
 *                       entropy: the one-sample {@code -log pi(a|s)} ({@link EntropyEstimate#SAMPLE}, the default,
 *                       as published) or the tanh-Gaussian entropy in closed form (seed 000 §1.7)
 * @param adjustment     the dynamic-matrix gradient adjustment of seed 000 §1.4 applied to the continuous
 *                       learners' game ({@link SacGame}), or null (the default) for the published updates; a
 *                       learner without it runs exactly as before, at no cost
 * @param warmupActionRepeat during the {@code learningStarts} warm-up, each uniform random action is held for
 *                       this many (vector) steps, >= 1; 1 (the default) draws a new one every step. Held actions
 *                       are temporally correlated exploration: on MountainCarContinuous a new uniform action
 *                       every step almost never reaches the goal, one held for 20 steps usually does
 *                       (README, "MountainCarContinuous-v0"); the same idea as gSDE's noise held for n
 *                       steps (Raffin et al. 2021, "Smooth Exploration for Robotic RL"), without a policy change
 * @param learningRateSchedule how the training loop scales the three learning rates along a run:
 *                       {@link LearningRateSchedule#CONSTANT} (the default) or linear decay to 0
 *                       ({@link LearningRateSchedule#LINEAR}, rl-baselines3-zoo's {@code lin_} rates)
 * @param nStep          n of the n-step return each stored transition carries (Sutton and Barto 2018, §7.1):
 *                       {@code r_t + gamma r_{t+1} + ... + gamma^{k-1} r_{t+k-1}}, bootstrapped from
 *                       {@code s_{t+k}} with {@code gamma^k (1 - terminated)}, {@code k <= n} cut short by the
 *                       episode's end (termination or truncation) inside the window; in [1, 127]. 1 (the
 *                       default) is the one-step target, bit for bit
 * @param replaySampling uniform minibatches (the default) or prioritized experience replay with its alpha,
 *                       beta0 and eps ({@link ReplaySampling})
 */
public record SacConfig(
        double gamma,
        double tau,
        int batchSize,
        int bufferSize,
        int learningStarts,
        int trainFreq,
        int gradientSteps,
        double actorLr,
        double criticLr,
        double alphaLr,
        List<Integer> hiddenSizes,
        Temperature temperature,
        double targetEntropy,
        double logStdMin,
        double logStdMax,
        Variant variant,
        double discreteTargetEntropyRatio,
        EntropyEstimate entropyEstimate,
        GradientAdjustment adjustment,
        int warmupActionRepeat,
        LearningRateSchedule learningRateSchedule,
        int nStep,
        ReplaySampling replaySampling) {

    /** -20: SB3, Spinning Up and Tianshou clamp the log-std here. */
    public static final double LOG_STD_MIN = -20.0;
    /** 2: the upper log-std clamp of the same implementations. */
    public static final double LOG_STD_MAX = 2.0;

    /** The defaults: SB3's SAC (and the SAC paper's table of hyperparameters). */
    public static final SacConfig DEFAULTS = new SacConfig(0.99, 0.005, 256, 1_000_000, 100, 1, 1, 3e-4, 3e-4, 3e-4,
            List.of(256, 256), Temperature.learned(1.0), Double.NaN, LOG_STD_MIN, LOG_STD_MAX, Variant.V2, 0.98,
            EntropyEstimate.SAMPLE, null, 1, LearningRateSchedule.CONSTANT, 1, ReplaySampling.UNIFORM);

    /** The largest {@link #nStep}: a transition's k is stored in a byte. */
    public static final int MAX_N_STEP = 127;

    public SacConfig {
        check(gamma >= 0 && gamma <= 1, "gamma", "in [0, 1]", gamma);
        check(tau > 0 && tau <= 1, "tau", "in (0, 1]", tau);
        check(batchSize >= 1, "batchSize", ">= 1", batchSize);
        check(bufferSize >= 1, "bufferSize", ">= 1", bufferSize);
        check(learningStarts >= 0, "learningStarts", ">= 0", learningStarts);
        check(trainFreq >= 1, "trainFreq", ">= 1", trainFreq);
        check(gradientSteps >= 1, "gradientSteps", ">= 1", gradientSteps);
        check(actorLr > 0 && Double.isFinite(actorLr), "actorLr", "> 0", actorLr);
        check(criticLr > 0 && Double.isFinite(criticLr), "criticLr", "> 0", criticLr);
        check(alphaLr > 0 && Double.isFinite(alphaLr), "alphaLr", "> 0", alphaLr);
        if (hiddenSizes == null || hiddenSizes.isEmpty()) {
            throw new IllegalArgumentException("hiddenSizes must list at least one layer width");
        }
        hiddenSizes = List.copyOf(hiddenSizes);
        for (int h : hiddenSizes) {
            check(h >= 1, "hiddenSizes", "each >= 1", h);
        }
        if (temperature == null) {
            throw new IllegalArgumentException("temperature must be set (Temperature.learned or Temperature.fixed)");
        }
        check(Double.isNaN(targetEntropy) || Double.isFinite(targetEntropy), "targetEntropy", "finite, or NaN for -|A|",
                targetEntropy);
        check(logStdMin < logStdMax && Double.isFinite(logStdMin) && Double.isFinite(logStdMax), "logStdMin",
                "finite and < logStdMax (" + logStdMax + ")", logStdMin);
        if (variant == null) {
            throw new IllegalArgumentException("variant must be set (Variant.V1 or Variant.V2)");
        }
        check(discreteTargetEntropyRatio > 0 && discreteTargetEntropyRatio <= 1, "discreteTargetEntropyRatio",
                "in (0, 1]", discreteTargetEntropyRatio);
        if (entropyEstimate == null) {
            throw new IllegalArgumentException("entropyEstimate must be set (EntropyEstimate.SAMPLE or CLOSED_FORM)");
        }
        check(warmupActionRepeat >= 1, "warmupActionRepeat", ">= 1", warmupActionRepeat);
        if (learningRateSchedule == null) {
            throw new IllegalArgumentException(
                    "learningRateSchedule must be set (LearningRateSchedule.CONSTANT or LINEAR)");
        }
        check(nStep >= 1 && nStep <= MAX_N_STEP, "nStep", "in [1, " + MAX_N_STEP + "]", nStep);
        if (replaySampling == null) {
            throw new IllegalArgumentException(
                    "replaySampling must be set (ReplaySampling.uniform() or ReplaySampling.prioritized(...))");
        }
    }

    /**
     * The record's text without {@code warmupActionRepeat} when it is 1, without
     * {@code learningRateSchedule} when it is constant, without {@code nStep} when it is 1 and without
     * {@code replaySampling} when it is uniform (the text earlier versions showed). Only for
     * reading: checkpoints store and compare each field (the training loop's {@code SacConfigCodec}).
     */
    @Override
    public String toString() {
        return "SacConfig[gamma=" + gamma + ", tau=" + tau + ", batchSize=" + batchSize + ", bufferSize=" + bufferSize
                + ", learningStarts=" + learningStarts + ", trainFreq=" + trainFreq + ", gradientSteps=" + gradientSteps
                + ", actorLr=" + actorLr + ", criticLr=" + criticLr + ", alphaLr=" + alphaLr + ", hiddenSizes="
                + hiddenSizes + ", temperature=" + temperature + ", targetEntropy=" + targetEntropy + ", logStdMin="
                + logStdMin + ", logStdMax=" + logStdMax + ", variant=" + variant + ", discreteTargetEntropyRatio="
                + discreteTargetEntropyRatio + ", entropyEstimate=" + entropyEstimate + ", adjustment=" + adjustment
                + (warmupActionRepeat == 1 ? "" : ", warmupActionRepeat=" + warmupActionRepeat)
                + (learningRateSchedule == LearningRateSchedule.CONSTANT ? ""
                        : ", learningRateSchedule=" + learningRateSchedule)
                + (nStep == 1 ? "" : ", nStep=" + nStep)
                + (replaySampling.prioritized() ? ", replaySampling=" + replaySampling : "") + "]";
    }

    /** Whether the dynamic-matrix gradient adjustment is on. */
    public boolean adjusted() {
        return adjustment != null;
    }

    private static void check(boolean ok, String field, String range, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(field + " must be " + range + ", got " + value);
        }
    }

    /** The target entropy for an action space of {@code actionDim} dimensions: the field, or -|A|. */
    public double targetEntropyFor(int actionDim) {
        return Double.isNaN(targetEntropy) ? -actionDim : targetEntropy;
    }

    /**
     * The target entropy for {@code n} discrete actions: the field, or
     * {@code discreteTargetEntropyRatio * log n} (Christodoulou 2019, with ratio 0.98).
     */
    public double discreteTargetEntropyFor(int n) {
        return Double.isNaN(targetEntropy) ? discreteTargetEntropyRatio * Math.log(n) : targetEntropy;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A mutable copy of a config; {@link #build()} validates. */
    public static final class Builder {
        private double gamma;
        private double tau;
        private int batchSize;
        private int bufferSize;
        private int learningStarts;
        private int trainFreq;
        private int gradientSteps;
        private double actorLr;
        private double criticLr;
        private double alphaLr;
        private List<Integer> hiddenSizes;
        private Temperature temperature;
        private double targetEntropy;
        private double logStdMin;
        private double logStdMax;
        private Variant variant;
        private double discreteTargetEntropyRatio;
        private EntropyEstimate entropyEstimate;
        private GradientAdjustment adjustment;
        private int warmupActionRepeat;
        private LearningRateSchedule learningRateSchedule;
        private int nStep;
        private ReplaySampling replaySampling;

        private Builder(SacConfig c) {
            gamma = c.gamma;
            tau = c.tau;
            batchSize = c.batchSize;
            bufferSize = c.bufferSize;
            learningStarts = c.learningStarts;
            trainFreq = c.trainFreq;
            gradientSteps = c.gradientSteps;
            actorLr = c.actorLr;
            criticLr = c.criticLr;
            alphaLr = c.alphaLr;
            hiddenSizes = c.hiddenSizes;
            temperature = c.temperature;
            targetEntropy = c.targetEntropy;
            logStdMin = c.logStdMin;
            logStdMax = c.logStdMax;
            variant = c.variant;
            discreteTargetEntropyRatio = c.discreteTargetEntropyRatio;
            entropyEstimate = c.entropyEstimate;
            adjustment = c.adjustment;
            warmupActionRepeat = c.warmupActionRepeat;
            learningRateSchedule = c.learningRateSchedule;
            nStep = c.nStep;
            replaySampling = c.replaySampling;
        }

        public Builder gamma(double v) {
            gamma = v;
            return this;
        }

        public Builder tau(double v) {
            tau = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder bufferSize(int v) {
            bufferSize = v;
            return this;
        }

        public Builder learningStarts(int v) {
            learningStarts = v;
            return this;
        }

        public Builder trainFreq(int v) {
            trainFreq = v;
            return this;
        }

        public Builder gradientSteps(int v) {
            gradientSteps = v;
            return this;
        }

        public Builder actorLr(double v) {
            actorLr = v;
            return this;
        }

        public Builder criticLr(double v) {
            criticLr = v;
            return this;
        }

        public Builder alphaLr(double v) {
            alphaLr = v;
            return this;
        }

        /** Sets the actor, critic and alpha learning rates together. */
        public Builder learningRate(double v) {
            actorLr = v;
            criticLr = v;
            alphaLr = v;
            return this;
        }

        public Builder hiddenSizes(List<Integer> v) {
            hiddenSizes = v;
            return this;
        }

        public Builder hiddenSizes(int... v) {
            hiddenSizes = java.util.Arrays.stream(v).boxed().toList();
            return this;
        }

        public Builder temperature(Temperature v) {
            temperature = v;
            return this;
        }

        public Builder targetEntropy(double v) {
            targetEntropy = v;
            return this;
        }

        public Builder logStdBounds(double min, double max) {
            logStdMin = min;
            logStdMax = max;
            return this;
        }

        public Builder variant(Variant v) {
            variant = v;
            return this;
        }

        public Builder discreteTargetEntropyRatio(double v) {
            discreteTargetEntropyRatio = v;
            return this;
        }

        public Builder entropyEstimate(EntropyEstimate v) {
            entropyEstimate = v;
            return this;
        }

        /** The gradient adjustment, or null for none. */
        public Builder adjustment(GradientAdjustment v) {
            adjustment = v;
            return this;
        }

        /** Warm-up steps each uniform random action is held for (1: a new draw every step). */
        public Builder warmupActionRepeat(int v) {
            warmupActionRepeat = v;
            return this;
        }

        /** How the loop scales the learning rates along a run (constant by default). */
        public Builder learningRateSchedule(LearningRateSchedule v) {
            learningRateSchedule = v;
            return this;
        }

        /** n of the n-step returns (1: one-step targets). */
        public Builder nStep(int v) {
            nStep = v;
            return this;
        }

        /** Uniform or prioritized minibatches. */
        public Builder replaySampling(ReplaySampling v) {
            replaySampling = v;
            return this;
        }

        public SacConfig build() {
            return new SacConfig(gamma, tau, batchSize, bufferSize, learningStarts, trainFreq, gradientSteps, actorLr, criticLr,
                    alphaLr, hiddenSizes, temperature, targetEntropy, logStdMin, logStdMax, variant, discreteTargetEntropyRatio,
                    entropyEstimate, adjustment, warmupActionRepeat, learningRateSchedule, nStep, replaySampling);
        }
    }
}
