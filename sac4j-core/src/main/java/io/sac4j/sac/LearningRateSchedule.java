package io.sac4j.sac;

/**
 * How the learning rates of a run change with its progress: a factor on each optimiser's configured
 * rate ({@link SacConfig#actorLr()}, {@code criticLr}, {@code alphaLr}), which the training loop sets
 * ({@link Learner#setLearningRateFactor}) before every training round from the transitions collected
 * so far. The factor is a function of the step alone, so a resumed run continues on the same schedule.
 */
public enum LearningRateSchedule {
    /** The configured rates throughout (factor 1; SB3's constant {@code learning_rate}). */
    CONSTANT,
    /**
     * Linear decay to 0 at the end of the run: factor {@code 1 - t / T} after {@code t} of {@code T}
     * transitions, rl-baselines3-zoo's {@code lin_<rate>} (its {@code linear_schedule} of SB3's
     * {@code progress_remaining}, which SB3 updates after each collected step and applies at the start
     * of each training round). The last round of a run, at {@code t = T}, so updates with rate 0.
     */
    LINEAR;

    /**
     * The factor on the configured rates after {@code step} of {@code totalSteps} transitions, in
     * {@code [0, 1]} ({@link #LINEAR} clamps at 0 past the end, where several environments stepped
     * together can overshoot {@code totalSteps}).
     */
    public double factor(long step, long totalSteps) {
        if (this == CONSTANT) {
            return 1.0;
        }
        if (totalSteps < 1 || step < 0) {
            throw new IllegalArgumentException("a schedule needs step >= 0 and totalSteps >= 1, got " + step + " of "
                    + totalSteps);
        }
        return Math.max(0.0, 1.0 - (double) step / (double) totalSteps);
    }

    /** The command line's name: {@code constant} or {@code linear}. */
    public String cliName() {
        return this == CONSTANT ? "constant" : "linear";
    }

    /** The schedule named {@code constant} or {@code linear} (the command line's names). */
    public static LearningRateSchedule fromCliName(String name) {
        return switch (name) {
            case "constant" -> CONSTANT;
            case "linear" -> LINEAR;
            default -> throw new IllegalArgumentException("--lr-schedule must be constant or linear, got " + name);
        };
    }
}
