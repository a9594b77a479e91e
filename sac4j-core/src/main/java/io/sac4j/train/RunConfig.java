package io.sac4j.train;

/**
 * How long to train and how to evaluate, apart from the algorithm's own {@link io.sac4j.sac.SacConfig}.
 *
 * @param totalSteps   environment steps to train for, >= 1
 * @param evalEvery    evaluate (and write a metrics row) every this many steps, >= 1
 * @param evalEpisodes deterministic episodes per evaluation, also for the final one, >= 1
 * @param seed         the run's seed; everything random derives from it
 */
public record RunConfig(long totalSteps, long evalEvery, int evalEpisodes, long seed) {
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
    }
}
