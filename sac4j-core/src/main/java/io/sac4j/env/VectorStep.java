package io.sac4j.env;

/**
 * The result of {@link VectorEnv#step}: one entry per copy. A copy whose episode ended in this step
 * was reset at once (same-step autoreset, as Stable-Baselines3 does): its {@code observations} entry
 * is the first observation of the next episode and {@code finalObservations} holds the real last
 * one, which a replay buffer needs; {@code finalObservations[i]} is null for copies still running.
 *
 * <p>A copy is {@link #absent} when it produced no transition in this step: it lives on an
 * environment host that was lost ({@code io.sac4j.gym.MultiHostVectorEnv}). Its reward, flags and
 * final observation mean nothing; its {@code observations} entry is null while it stays away, or,
 * in the step it comes back, the first observation of a new episode (the episode it was in when its
 * host was lost is gone). A mask rather than a smaller array keeps copy {@code i} at index {@code i}
 * for the whole run, so a batched policy call and the collector's per-copy episodes stay aligned;
 * vectors in this JVM never have absent copies ({@link #VectorStep(float[][], double[], boolean[],
 * boolean[], float[][])}).
 *
 * @param absent {@code absent[i]}: copy {@code i} produced no transition in this step
 */
public record VectorStep(float[][] observations, double[] rewards, boolean[] terminated, boolean[] truncated,
                         float[][] finalObservations, boolean[] absent) {
    /** A step in which every copy produced a transition. */
    public VectorStep(float[][] observations, double[] rewards, boolean[] terminated, boolean[] truncated,
                      float[][] finalObservations) {
        this(observations, rewards, terminated, truncated, finalObservations, new boolean[rewards.length]);
    }

    /** Whether copy {@code i}'s episode ended in this step. */
    public boolean done(int i) {
        return terminated[i] || truncated[i];
    }
}
