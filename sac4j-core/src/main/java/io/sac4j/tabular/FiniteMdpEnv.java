package io.sac4j.tabular;

import io.sac4j.env.Actions;
import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Env;
import io.sac4j.env.Step;
import io.sac4j.random.Rng;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * A {@link FiniteMdp} as an {@link Env}, so that SAC can be trained on it and compared with the exact
 * soft Q of {@link SoftPolicyIteration}. The observation is the one-hot vector of the current state
 * (a {@link Box} in {@code [0, 1]^|S|}); the action space is {@code Discrete(|A|)}, an action being a
 * one-element vector holding the index (as {@link io.sac4j.env.classic.CartPole} takes it). A step
 * from s with action a draws {@code s' ~ p(.|s,a)} and returns {@code r(s,a,s')}.
 *
 * <p>The MDP is continuing: no step is {@code terminated}. With an episode length limit the step that
 * reaches it is {@code truncated} (bootstrapping goes on); without one, episodes never end.
 * Randomness: one {@link Rng}, seeded by {@link #reset(long)}, draws the start state and every
 * transition.
 */
public final class FiniteMdpEnv implements Env {
    /** The default id. */
    public static final String ID = "FiniteMdp-v0";
    /** The episode length meaning "no limit". */
    public static final int NO_LIMIT = Integer.MAX_VALUE;

    private final String id;
    private final FiniteMdp mdp;
    private final double[] start;
    private final int maxEpisodeSteps;
    private final Box observationSpace;
    private final Discrete actionSpace;
    private Rng rng = new Rng(0);
    private int state = -1;
    private int elapsed;
    private boolean done = true;

    /** Uniform start state, no episode length limit. */
    public FiniteMdpEnv(FiniteMdp mdp) {
        this(ID, mdp, uniform(mdp.nStates()), NO_LIMIT);
    }

    /**
     * @param id                the id this env reports and names in its errors
     * @param startDistribution the start-state distribution: non-negative, summing to 1 within
     *                          {@link FiniteMdp#ROW_SUM_TOLERANCE}. Not modified.
     * @param maxEpisodeSteps   the step that reaches this count is truncated; {@link #NO_LIMIT} for none
     * @throws IllegalArgumentException naming the id when the distribution or the limit is invalid
     */
    public FiniteMdpEnv(String id, FiniteMdp mdp, double[] startDistribution, int maxEpisodeSteps) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("FiniteMdpEnv: id must be a non-empty string");
        }
        mdp.checkStateVector(id + ": start distribution", startDistribution);
        double sum = 0;
        for (int s = 0; s < startDistribution.length; s++) {
            if (startDistribution[s] < 0) {
                throw new IllegalArgumentException(id + ": start distribution p0(" + s + ") = "
                        + startDistribution[s] + " < 0");
            }
            sum += startDistribution[s];
        }
        if (Math.abs(sum - 1) > FiniteMdp.ROW_SUM_TOLERANCE) {
            throw new IllegalArgumentException(id + ": start distribution sums to " + sum + ", not 1");
        }
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException(id + ": maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
        }
        this.id = id;
        this.mdp = mdp;
        this.start = startDistribution.clone();
        this.maxEpisodeSteps = maxEpisodeSteps;
        this.observationSpace = Box.uniform(mdp.nStates(), 0f, 1f);
        this.actionSpace = new Discrete(mdp.nActions());
    }

    private static double[] uniform(int n) {
        double[] p = new double[n];
        Arrays.fill(p, 1.0 / n);
        return p;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    public Discrete actionSpace() {
        return actionSpace;
    }

    public FiniteMdp mdp() {
        return mdp;
    }

    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** The current state index; -1 before the first reset. */
    public int state() {
        return state;
    }

    @Override
    public float[] reset(long seed) {
        rng = new Rng(seed);
        return reset();
    }

    @Override
    public float[] reset() {
        state = sample(s -> start[s]);
        elapsed = 0;
        done = false;
        return oneHot(state);
    }

    @Override
    public Step step(float[] action) {
        int a = Actions.discrete(id, action, mdp.nActions());
        if (state < 0) {
            throw new IllegalStateException(id + ": step() called before reset()");
        }
        if (done) {
            throw new IllegalStateException(id + ": step() called after the episode was truncated at "
                    + maxEpisodeSteps + " steps; call reset()");
        }
        int s = state;
        int next = sample(s2 -> mdp.p(s, a, s2));
        state = next;
        boolean truncated = false;
        if (maxEpisodeSteps != NO_LIMIT) { // no counter to overflow when there is no limit
            elapsed++;
            truncated = elapsed >= maxEpisodeSteps;
        }
        done = truncated;
        return new Step(oneHot(next), mdp.r(s, a, next), false, truncated);
    }

    /**
     * A state drawn from the distribution {@code w} over states by inverting one uniform; the last
     * state with positive probability should rounding leave the uniform above the total.
     */
    private int sample(IntToDoubleFunction w) {
        double u = rng.nextDouble();
        int pick = -1;
        double cumulative = 0;
        for (int s = 0; s < mdp.nStates(); s++) {
            double p = w.applyAsDouble(s);
            if (p > 0) {
                pick = s;
                cumulative += p;
                if (u < cumulative) {
                    break;
                }
            }
        }
        return pick;
    }

    private float[] oneHot(int s) {
        float[] obs = new float[mdp.nStates()];
        obs[s] = 1f;
        return obs;
    }
}
