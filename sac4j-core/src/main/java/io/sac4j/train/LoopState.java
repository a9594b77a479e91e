package io.sac4j.train;

import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.checkpoint.StateWriter;

import java.io.IOException;

/**
 * The loop's own part of a checkpoint (besides the learner, the generators, the buffer and the
 * environments): where the run stands between two vector steps. One named entry per field; arrays
 * hold one value (one row) per copy of the environment.
 *
 * @param step              transitions collected ({@code loop.step})
 * @param envSeed           the seed the environments were first reset from ({@code loop.env_seed})
 * @param evalSeed          the evaluation episodes' first reset seed ({@code loop.eval_seed})
 * @param observations      each copy's current observation, rows of equal length ({@code loop.obs})
 * @param episodeReturns    each copy's return so far in its episode ({@code loop.episode_returns})
 * @param episodeLengths    each copy's steps so far in its episode ({@code loop.episode_lengths})
 * @param lastEpisodeReturn the last finished training episode's return, NaN if none ({@code loop.last_episode_return})
 * @param wallSeconds       the run's wall time so far ({@code loop.wall_seconds})
 * @param windowSums        the metrics window's sums ({@code loop.window}, see {@link MetricsWindow})
 * @param windowCount       the gradient steps in the metrics window ({@code loop.window_count})
 * @param heldActions       the warm-up actions being held, one row per copy ({@code loop.held_actions}),
 *                          or null when the run draws a new one every step (the entry is then absent)
 */
record LoopState(long step, long envSeed, long evalSeed, float[][] observations, double[] episodeReturns,
                 int[] episodeLengths, double lastEpisodeReturn, double wallSeconds, double[] windowSums,
                 long windowCount, float[][] heldActions) {
    static final String STEP = "loop.step";
    static final String ENV_SEED = "loop.env_seed";
    static final String EVAL_SEED = "loop.eval_seed";
    static final String OBSERVATIONS = "loop.obs";
    static final String EPISODE_RETURNS = "loop.episode_returns";
    static final String EPISODE_LENGTHS = "loop.episode_lengths";
    static final String LAST_EPISODE_RETURN = "loop.last_episode_return";
    static final String WALL_SECONDS = "loop.wall_seconds";
    static final String WINDOW = "loop.window";
    static final String WINDOW_COUNT = "loop.window_count";
    static final String HELD_ACTIONS = "loop.held_actions";

    /** The state of a run between vector steps; {@code withHeldActions}: whether the warm-up holds actions. */
    static LoopState of(Training tr, boolean withHeldActions) {
        Collector c = tr.collector;
        return new LoopState(tr.step, tr.envSeed, tr.evalSeed, c.obs, c.episodeReturn, c.episodeLength,
                c.lastEpisodeReturn, tr.seconds(), tr.window.sums(), tr.window.count(),
                withHeldActions ? c.actions : null);
    }

    /** Puts one entry per field. Does not modify this state. */
    void write(StateWriter out) throws IOException {
        out.putLongs(STEP, step);
        out.putLongs(ENV_SEED, envSeed);
        out.putLongs(EVAL_SEED, evalSeed);
        out.putFloats(OBSERVATIONS, flatten(observations));
        out.putDoubles(EPISODE_RETURNS, episodeReturns);
        out.putInts(EPISODE_LENGTHS, episodeLengths);
        out.putDoubles(LAST_EPISODE_RETURN, lastEpisodeReturn);
        out.putDoubles(WALL_SECONDS, wallSeconds);
        out.putDoubles(WINDOW, windowSums);
        out.putLongs(WINDOW_COUNT, windowCount);
        if (heldActions != null) {
            out.putFloats(HELD_ACTIONS, flatten(heldActions));
        }
    }

    /**
     * Reads the state {@link #write} put, for {@code n} copies with observations of {@code obsDim} and
     * actions of {@code actDim} values, held actions when {@code withHeldActions}; refuses entries of
     * other lengths or values out of range, naming the entry and {@code where}.
     */
    static LoopState read(StateReader in, int n, int obsDim, int actDim, boolean withHeldActions, long maxStep,
                          String where) throws CheckpointException {
        long step = single(in.longs(STEP), STEP, where);
        int[] lengths = in.ints(EPISODE_LENGTHS);
        double[] returns = in.doubles(EPISODE_RETURNS);
        float[] obs = in.floats(OBSERVATIONS);
        long count = single(in.longs(WINDOW_COUNT), WINDOW_COUNT, where);
        if (step < 0 || step > maxStep || step % n != 0) {
            throw new CheckpointException(where + ": " + STEP + " is " + step + ", not a whole vector step of " + n
                    + " copies in [0, " + maxStep + "]");
        }
        requireLength(lengths.length, n, EPISODE_LENGTHS, where);
        requireLength(returns.length, n, EPISODE_RETURNS, where);
        requireLength(obs.length, n * obsDim, OBSERVATIONS, where);
        for (int len : lengths) {
            if (len < 0) {
                throw new CheckpointException(where + ": " + EPISODE_LENGTHS + " holds a negative length " + len);
            }
        }
        float[][] held = null;
        if (withHeldActions) {
            float[] flat = in.floats(HELD_ACTIONS);
            requireLength(flat.length, n * actDim, HELD_ACTIONS, where);
            held = rows(flat, n, actDim);
        }
        return new LoopState(step, single(in.longs(ENV_SEED), ENV_SEED, where),
                single(in.longs(EVAL_SEED), EVAL_SEED, where), rows(obs, n, obsDim), returns, lengths,
                single(in.doubles(LAST_EPISODE_RETURN), LAST_EPISODE_RETURN, where),
                single(in.doubles(WALL_SECONDS), WALL_SECONDS, where), in.doubles(WINDOW), count, held);
    }

    private static long single(long[] v, String name, String where) throws CheckpointException {
        requireLength(v.length, 1, name, where);
        return v[0];
    }

    private static double single(double[] v, String name, String where) throws CheckpointException {
        requireLength(v.length, 1, name, where);
        return v[0];
    }

    private static void requireLength(int got, int expected, String name, String where) throws CheckpointException {
        if (got != expected) {
            throw new CheckpointException(where + ": entry " + name + " holds " + got + " values, expected " + expected);
        }
    }

    private static float[] flatten(float[][] rows) {
        int width = rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    private static float[][] rows(float[] flat, int n, int width) {
        float[][] r = new float[n][];
        for (int i = 0; i < n; i++) {
            r[i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return r;
    }

    /** The evaluation seed a run checkpoint holds (entry {@value #EVAL_SEED}). */
    static long evaluationSeed(StateReader checkpoint) throws CheckpointException {
        long[] seed = checkpoint.longs(EVAL_SEED);
        if (seed.length != 1) {
            throw new CheckpointException("entry " + EVAL_SEED + " holds " + seed.length + " longs, expected 1");
        }
        return seed[0];
    }
}
