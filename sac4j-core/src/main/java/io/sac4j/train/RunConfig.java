package io.sac4j.train;

/**
 * How long to train and how to evaluate, apart from the algorithm's own {@link io.sac4j.sac.SacConfig}.
 *
 * @param totalSteps   environment transitions to train for, summed over all copies (Stable-Baselines3's
 *                     {@code total_timesteps}), >= 1; with {@code nEnvs} copies the loop stops at the first
 *                     vector step that reaches it, so it trains {@code ceil(totalSteps / nEnvs) * nEnvs}
 * @param evalEvery    evaluate (and write a metrics row) each time the transition count passes a multiple
 *                     of this, >= 1
 * @param evalEpisodes deterministic episodes per evaluation, also for the final one, >= 1
 * @param seed         the run's seed; everything random derives from it
 * @param nEnvs        copies of the environment stepped together ({@link io.sac4j.env.VectorEnv}), >= 1;
 *                     1 is the plain single-environment loop
 */
public record RunConfig(long totalSteps, long evalEvery, int evalEpisodes, long seed, int nEnvs) {
    public RunConfig {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + totalSteps);
        }
        if (evalEvery < 1) {
            throw new IllegalArgumentException("evalEvery must be >= 1, got " + evalEvery);
        }
        if (evalEpisodes < 1) {
            throw new IllegalArgumentException("evalEpisodes must be >= 1, got " + evalEpisodes);
        }
        if (nEnvs < 1) {
            throw new IllegalArgumentException("nEnvs must be >= 1, got " + nEnvs);
        }
    }

    /** One environment. */
    public RunConfig(long totalSteps, long evalEvery, int evalEpisodes, long seed) {
        this(totalSteps, evalEvery, evalEpisodes, seed, 1);
    }

    /** The same run on {@code n} copies of the environment. */
    public RunConfig withNEnvs(int n) {
        return new RunConfig(totalSteps, evalEvery, evalEpisodes, seed, n);
    }

    /** The transitions the loop collects: {@code totalSteps} rounded up to whole vector steps. */
    public long collectedSteps() {
        long vectorSteps = totalSteps / nEnvs + (totalSteps % nEnvs == 0 ? 0 : 1);
        return vectorSteps * nEnvs;
    }

    /**
     * The record's text without {@code nEnvs} when it is 1: a checkpoint's manifest compares this text
     * ({@link OffPolicyLoop#checkResumable}), and so checkpoints written before {@code nEnvs} existed
     * still resume.
     */
    @Override
    public String toString() {
        return "RunConfig[totalSteps=" + totalSteps + ", evalEvery=" + evalEvery + ", evalEpisodes=" + evalEpisodes
                + ", seed=" + seed + (nEnvs == 1 ? "" : ", nEnvs=" + nEnvs) + "]";
    }
}
