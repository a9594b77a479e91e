package io.sac4j.env;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the undiscounted return and the length of each finished episode (Gymnasium's
 * {@code RecordEpisodeStatistics}), keeping the last {@code capacity} of them.
 */
public final class RecordEpisodeStatistics extends Wrapper {
    /** A finished episode. */
    public record Episode(double episodeReturn, int length) {
    }

    private final int capacity;
    private final ArrayDeque<Episode> recent;
    private double episodeReturn;
    private int length;
    private long episodes;

    /** Keeps the last 100 episodes, as Gymnasium does. */
    public RecordEpisodeStatistics(Env env) {
        this(env, 100);
    }

    public RecordEpisodeStatistics(Env env, int capacity) {
        super(env);
        if (capacity < 1) {
            throw new IllegalArgumentException("RecordEpisodeStatistics: capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.recent = new ArrayDeque<>(capacity);
    }

    @Override
    public float[] reset(long seed) {
        episodeReturn = 0;
        length = 0;
        return env.reset(seed);
    }

    @Override
    public float[] reset() {
        episodeReturn = 0;
        length = 0;
        return env.reset();
    }

    @Override
    public Step step(float[] action) {
        Step s = env.step(action);
        episodeReturn += s.reward();
        length++;
        if (s.done()) {
            if (recent.size() == capacity) {
                recent.removeFirst();
            }
            recent.addLast(new Episode(episodeReturn, length));
            episodes++;
        }
        return s;
    }

    /** The last finished episodes, oldest first (at most the capacity). */
    public List<Episode> recentEpisodes() {
        return new ArrayList<>(recent);
    }

    /** The number of episodes finished since this wrapper was made. */
    public long episodes() {
        return episodes;
    }

    /** The mean return of the recent episodes, or NaN when none has finished. */
    public double meanReturn() {
        return recent.stream().mapToDouble(Episode::episodeReturn).average().orElse(Double.NaN);
    }
}
