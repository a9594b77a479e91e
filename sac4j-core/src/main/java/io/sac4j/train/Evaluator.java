package io.sac4j.train;

import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Env;
import io.sac4j.env.RescaleAction;
import io.sac4j.env.RescaleVectorAction;
import io.sac4j.env.Step;
import io.sac4j.env.VectorEnv;
import io.sac4j.sac.Learner;
import io.sac4j.policy.Policy;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Evaluating: the deterministic policy ({@link Policy#actDeterministic}: continuous {@code tanh(mu)},
 * discrete the most likely action) plays whole episodes on an environment of its own, the i-th
 * reset with seed {@code seed + i}, so every evaluation of a run sees the same start states. Also
 * the agent's view of an environment ({@link #forAgent}): continuous actions in {@code [-1, 1]}.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * Plays {@code episodes} episodes of {@code policy} on {@code agentEnv} (the agent's view,
     * {@link #forAgent}); returns the mean and spread of their returns.
     *
     * @throws TrainingException when the environment returns a non-finite or misshapen observation
     */
    public static EvalResult evaluate(Env agentEnv, Policy policy, long seed, int episodes) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        int obsDim = agentEnv.observationSpace().flatSize();
        float[] action = new float[agentEnv.actionSpace().flatSize()];
        double[] returns = new double[episodes];
        for (int i = 0; i < episodes; i++) {
            float[] obs = Guards.observation(agentEnv.id(), agentEnv.reset(seed + i), 0, obsDim);
            double ret = 0;
            long t = 0;
            while (true) {
                policy.actDeterministic(obs, action);
                Step s = agentEnv.step(action);
                t++;
                ret += s.reward();
                if (s.done()) {
                    break;
                }
                obs = Guards.observation(agentEnv.id(), s.observation(), t, obsDim);
            }
            returns[i] = ret;
        }
        return summarize(returns);
    }

    /**
     * The evaluation {@link OffPolicyLoop#run} performs, for a saved learner ({@code sac4j eval}): {@code episodes}
     * episodes of the deterministic policy on a new environment from {@code envFactory} (the agent's
     * view, {@link #forAgent(Env)}), the i-th reset with seed {@code seed + i}; the
     * environment is closed after. With a run's evaluation seed and episode count, and its final
     * learner, it repeats the run's final evaluation exactly.
     */
    public static EvalResult evaluate(Supplier<Env> envFactory, Learner learner, long seed, int episodes) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        try (Env env = forAgent(envFactory.get())) {
            return evaluate(env, learner.policy(), seed, episodes);
        }
    }

    /** The mean and the (population) standard deviation of {@code returns}. */
    static EvalResult summarize(double[] returns) {
        double mean = Arrays.stream(returns).sum() / returns.length;
        double var = 0;
        for (double r : returns) {
            var += (r - mean) * (r - mean);
        }
        return new EvalResult(mean, Math.sqrt(var / returns.length), returns.length);
    }

    /**
     * The environment as the agent sees it: a continuous one through {@link RescaleAction} (the agent
     * acts in {@code [-1, 1]}), a discrete one as it is; any other action space, or an observation
     * space that is not a {@link Box}, is refused. Closing the result closes {@code raw}.
     */
    public static Env forAgent(Env raw) {
        requireBoxObservations(raw.id(), raw.observationSpace());
        if (raw.actionSpace() instanceof Box) {
            return new RescaleAction(raw);
        }
        if (raw.actionSpace() instanceof Discrete) {
            return raw;
        }
        throw new IllegalArgumentException(raw.id() + ": SAC needs a Box or Discrete action space, got "
                + raw.actionSpace());
    }

    /** {@link #forAgent(Env)} for a whole vector ({@link RescaleVectorAction}). Closing the result closes {@code raw}. */
    public static VectorEnv forAgent(VectorEnv raw) {
        requireBoxObservations(raw.id(), raw.singleObservationSpace());
        if (raw.singleActionSpace() instanceof Box) {
            return new RescaleVectorAction(raw);
        }
        if (raw.singleActionSpace() instanceof Discrete) {
            return raw;
        }
        throw new IllegalArgumentException(raw.id() + ": SAC needs a Box or Discrete action space, got "
                + raw.singleActionSpace());
    }

    private static void requireBoxObservations(String id, Object space) {
        if (!(space instanceof Box)) {
            throw new IllegalArgumentException(id + ": SAC needs a Box observation space, got " + space);
        }
    }
}
