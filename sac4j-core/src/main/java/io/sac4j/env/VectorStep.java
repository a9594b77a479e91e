package io.sac4j.env;

/**
 * The result of {@link VectorEnv#step}: one entry per copy. A copy whose episode ended in this step
 * was reset at once (same-step autoreset, as Stable-Baselines3 does): its {@code observations} entry
 * is the first observation of the next episode and {@code finalObservations} holds the real last
 * one, which a replay buffer needs; {@code finalObservations[i]} is null for copies still running.
 */
public record VectorStep(float[][] observations, double[] rewards, boolean[] terminated, boolean[] truncated,
                         float[][] finalObservations) {
    /** Whether copy {@code i}'s episode ended in this step. */
    public boolean done(int i) {
        return terminated[i] || truncated[i];
    }
}
