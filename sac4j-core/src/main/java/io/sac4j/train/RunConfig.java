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

    /** One environment (positional: prefer {@link #builder()}, whose fields are named). */
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

    /** The defaults ({@link Builder}): no steps yet, so {@link Builder#build} needs {@link Builder#totalSteps}. */
    public static Builder builder() {
        return new Builder();
    }

    public RunConfig withTotalSteps(long v) {
        return new RunConfig(v, evalEvery, evalEpisodes, seed, nEnvs);
    }

    public RunConfig withSeed(long v) {
        return new RunConfig(totalSteps, evalEvery, evalEpisodes, v, nEnvs);
    }

    /**
     * Named fields for a RunConfig. Defaults, those of {@code sac4j train}: evaluate every 1000 steps on
     * 10 episodes, seed 0, one environment; {@code totalSteps} has none and must be set.
     */
    public static final class Builder {
        private long totalSteps;
        private long evalEvery = 1_000;
        private int evalEpisodes = 10;
        private long seed;
        private int nEnvs = 1;

        private Builder() {
        }

        public Builder totalSteps(long v) {
            totalSteps = v;
            return this;
        }

        public Builder evalEvery(long v) {
            evalEvery = v;
            return this;
        }

        public Builder evalEpisodes(int v) {
            evalEpisodes = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder nEnvs(int v) {
            nEnvs = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the field out of range (steps unset: "steps must be >= 1, got 0") */
        public RunConfig build() {
            return new RunConfig(totalSteps, evalEvery, evalEpisodes, seed, nEnvs);
        }
    }
}
