package io.sac4j.train;

import io.sac4j.buffer.NStepWindow;
import io.sac4j.env.Discrete;
import io.sac4j.env.EnvironmentsGoneException;
import io.sac4j.env.PendingStep;
import io.sac4j.env.VectorEnv;
import io.sac4j.env.VectorStep;
import io.sac4j.random.Rng;
import io.sac4j.policy.Policy;
import io.sac4j.tensor.Matrix;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Collecting, one vector step at a time: act (uniform during the warm-up, else the policy), guard
 * the actions, step the environments, guard what they return, store the transitions, and tell the
 * listeners of each episode end. Holds the episodes in progress (each copy's observation, return
 * and length, the last actions), which the loop's checkpoint saves ({@link LoopState}), and each
 * copy's {@link NStepWindow}, through which its transitions reach the replay buffer as n-step ones
 * ({@link io.sac4j.sac.SacConfig#nStep()}; with n = 1 each passes at once, unchanged).
 *
 * <p>The vector is the agent's view: continuous actions already in {@code [-1, 1]}
 * ({@link Evaluator#forAgent(VectorEnv)}).
 */
final class Collector {
    private final VectorEnv envs;
    /** Where complete (n-step) transitions go: the replay buffer, through the prioritized sampler when there is one. */
    private final NStepWindow.Sink store;
    private final Policy policy;
    private final Rng actRng;
    private final TrainListener[] listeners;
    private final int learningStarts;
    private final int warmupActionRepeat;
    private final int n;
    private final int obsDim;
    private final int actDim;
    /** The number of discrete actions, or 0 for continuous ones. */
    private final int discreteActions;
    private final Matrix obsRows;
    private final Matrix actionRows;

    /** Each copy's current observation. */
    final float[][] obs;
    /** The actions of the last vector step, one row per copy: during the warm-up, the draws held for {@code warmupActionRepeat} steps. */
    final float[][] actions;
    final double[] episodeReturn;
    final int[] episodeLength;
    /** Each copy's n-step window: the transitions of its episode in progress that are not yet stored. */
    final NStepWindow[] windows;
    /** The return of the last finished training episode (NaN before the first). */
    double lastEpisodeReturn = Double.NaN;
    /** The started step that {@link #finish} has not yet stored, or null. */
    private PendingStep pending;
    /** The transitions collected before {@link #pending}. */
    private long pendingT0;
    /**
     * The time spent in the vector's {@link VectorEnv#startStep} and in {@link #finish} (waiting for the
     * step and storing its transitions): the environments' cost that the loop's gradient steps did not
     * hide. Choosing the actions is not in it.
     */
    long envNanos;

    /**
     * @param store the complete transitions' destination
     * @param nStep n of the windows, {@code gamma} their discount
     */
    Collector(VectorEnv envs, NStepWindow.Sink store, int nStep, double gamma, Policy policy, Rng actRng,
              TrainListener[] listeners, int learningStarts, int warmupActionRepeat) {
        this.envs = envs;
        this.store = store;
        this.policy = policy;
        this.actRng = actRng;
        this.listeners = listeners;
        this.learningStarts = learningStarts;
        this.warmupActionRepeat = warmupActionRepeat;
        this.n = envs.numEnvs();
        this.obsDim = envs.singleObservationSpace().flatSize();
        this.actDim = envs.singleActionSpace().flatSize();
        this.discreteActions = envs.singleActionSpace() instanceof Discrete d ? d.n() : 0;
        this.obsRows = new Matrix(n, obsDim);
        this.actionRows = new Matrix(n, actDim);
        this.obs = new float[n][];
        this.actions = new float[n][actDim];
        this.episodeReturn = new double[n];
        this.episodeLength = new int[n];
        this.windows = new NStepWindow[n];
        for (int i = 0; i < n; i++) {
            windows[i] = new NStepWindow(nStep, gamma, obsDim, actDim);
        }
    }

    /**
     * Starts a new episode in every copy, copy {@code i} seeded with {@code seed + i} (forgetting the
     * transitions its window held); {@code t} names the step in errors.
     */
    void resetAll(long seed, long t) {
        float[][] first = envs.reset(seed);
        for (int i = 0; i < first.length; i++) {
            obs[i] = Guards.observation(envs.id(), first[i], t, obsDim);
            episodeReturn[i] = 0;
            episodeLength[i] = 0;
            windows[i].clear();
        }
    }

    /**
     * Starts one vector step after {@code t0} transitions: chooses and guards the actions and starts the
     * vector step ({@link VectorEnv#startStep}), which may still be running when this returns
     * ({@link #inFlight}); {@link #finish} stores it.
     */
    void start(long t0) {
        if (pending != null) {
            throw new IllegalStateException("Collector.start: the step after " + pendingT0 + " is not finished");
        }
        chooseActions(t0);
        for (int i = 0; i < n; i++) {
            Guards.action(actions[i], t0 + 1 + i, actDim, discreteActions);
        }
        pendingT0 = t0;
        long s = System.nanoTime();
        pending = translated(t0, () -> envs.startStep(actions));
        envNanos += System.nanoTime() - s;
    }

    /**
     * Whether a started step is still on its way. Its {@link #finish} then stores one transition per
     * copy ({@link VectorEnv#startStep}'s contract: a vector returns early only when no copy can be absent).
     */
    boolean inFlight() {
        return pending != null && !pending.isDone();
    }

    /** Whether a started step awaits its {@link #finish}. */
    boolean started() {
        return pending != null;
    }

    /**
     * Waits for the started step and collects transitions {@code t0 + 1 .. t0 + k}, in copy order, into
     * the buffer, telling the listeners of episode ends; returns {@code k}: {@code n}, less the copies
     * {@link VectorStep#absent} in this step (on a lost environment host), which store nothing and
     * count for nothing. A copy that is absent drops the episode it was in; one that comes back starts
     * a new episode from the observation the step gives it.
     */
    int finish() {
        if (pending == null) {
            throw new IllegalStateException("Collector.finish: no step started");
        }
        PendingStep p = pending;
        long t0 = pendingT0;
        pending = null;
        long s = System.nanoTime();
        try {
            VectorStep step = translated(t0, p::join);
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (step.absent()[i]) {
                    away(i, t0 + k, step);
                } else {
                    store(i, t0 + ++k, step);
                }
            }
            return k;
        } finally {
            envNanos += System.nanoTime() - s;
        }
    }

    /**
     * Copy {@code i} produced nothing: its episode so far is dropped (its transitions stay in the
     * buffer), and it starts a new one when the step brings its first observation.
     */
    private void away(int i, long t, VectorStep step) {
        episodeReturn[i] = 0;
        episodeLength[i] = 0;
        float[] first = step.observations()[i];
        if (first != null) {
            obs[i] = Guards.observation(envs.id(), first, t, obsDim);
        }
    }

    /**
     * Uniform actions while {@code t0 < learningStarts} (a new draw every {@code warmupActionRepeat}
     * vector steps, held in between), else one batched policy call for all copies.
     */
    private void chooseActions(long t0) {
        if (t0 < learningStarts) {
            if ((t0 / n) % warmupActionRepeat == 0) {
                for (float[] action : actions) {
                    if (discreteActions > 0) {
                        action[0] = actRng.nextInt(discreteActions);
                    } else {
                        actRng.fillUniform(action, 0, actDim, -1f, 1f);
                    }
                }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(obs[i], 0, obsRows.data, i * obsDim, obsDim);
        }
        policy.act(obsRows, actionRows, actRng);
        for (int i = 0; i < n; i++) {
            System.arraycopy(actionRows.data, i * actDim, actions[i], 0, actDim);
        }
    }

    /** {@code call}, the vector's refusals and lost hosts turned into {@link TrainingException}s naming the step. */
    private <T> T translated(long t0, Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            long t1 = t0 + n;
            String which = n == 1 ? "the action " + Arrays.toString(actions[0]) + " at step " + t1
                    : "one of the actions " + Arrays.deepToString(actions) + " at steps " + (t0 + 1) + ".." + t1;
            throw new TrainingException(t0 + 1, envs.id() + " refused " + which + ": " + e.getMessage(), e);
        } catch (EnvironmentsGoneException e) {
            throw new TrainingException(t0 + 1, e.getMessage() + " (at step " + (t0 + 1) + ")", e);
        }
    }

    /**
     * Stores copy {@code i}'s transition {@code t} through its n-step window: on an episode end the copy
     * has already been reset, so the next observation is the real last one
     * ({@link VectorStep#finalObservations()}), and the window hands on every transition it held, each
     * cut at the episode's end (bootstrapping from that observation unless terminated).
     */
    private void store(int i, long t, VectorStep step) {
        boolean done = step.done(i);
        float[] nextObs = Guards.observation(envs.id(),
                done ? step.finalObservations()[i] : step.observations()[i], t, obsDim);
        double reward = step.rewards()[i];
        Guards.reward(envs.id(), reward, t);
        windows[i].push(obs[i], actions[i], reward, nextObs, step.terminated()[i], step.truncated()[i], store);
        episodeReturn[i] += reward;
        episodeLength[i]++;
        if (done) {
            lastEpisodeReturn = episodeReturn[i];
            for (TrainListener l : listeners) {
                l.onEpisodeEnd(t, episodeReturn[i], episodeLength[i]);
            }
            episodeReturn[i] = 0;
            episodeLength[i] = 0;
            obs[i] = Guards.observation(envs.id(), step.observations()[i], t, obsDim);
        } else {
            obs[i] = nextObs;
        }
    }
}
