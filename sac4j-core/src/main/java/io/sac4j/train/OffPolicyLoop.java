package io.sac4j.train;

import io.sac4j.buffer.Batch;
import io.sac4j.buffer.ReplayBuffer;
import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Env;
import io.sac4j.env.RescaleAction;
import io.sac4j.env.Step;
import io.sac4j.random.Rng;
import io.sac4j.sac.Learner;
import io.sac4j.sac.Learners;
import io.sac4j.sac.Policy;
import io.sac4j.sac.SacConfig;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Off-policy training: act, store, sample, update, evaluate.
 *
 * <p>The learner comes from {@link Learners#create}: continuous SAC ({@link SacConfig#variant()} v2
 * or v1) for a {@link Box} action space, discrete SAC for a {@link Discrete} one.
 *
 * <p>Per environment step {@code t = 1..totalSteps}: the action is uniform (in {@code [-1, 1]^|A|},
 * or over the discrete actions) while {@code t <= learningStarts}, else drawn from the policy; the transition goes into the
 * replay buffer ({@code terminated} as the bootstrap mask, the real next observation on
 * truncation); once {@code t > learningStarts}, on every step with {@code t % trainFreq == 0},
 * {@code gradientSteps} updates follow (SB3's {@code train_freq} and {@code gradient_steps}). Every
 * {@code evalEvery} steps the deterministic policy ({@code tanh(mu)}) plays {@code evalEpisodes}
 * episodes on a separate environment instance (continuous: {@code tanh(mu)}; discrete: the most
 * likely action), and a metrics row goes to the listeners.
 *
 * <p>Continuous actions pass through {@link RescaleAction}, so the agent always acts in {@code [-1, 1]}.
 * Everything random derives from {@link RunConfig#seed()}: the same seed and thread count give the
 * same run, bit for bit.
 */
public final class OffPolicyLoop {
    private final Env env;
    private final Env evalEnv;
    private final SacConfig sac;
    private final RunConfig run;
    private final List<TrainListener> listeners;

    /**
     * @param envFactory makes the training and the evaluation environment (called twice)
     */
    public OffPolicyLoop(Supplier<Env> envFactory, SacConfig sac, RunConfig run, List<TrainListener> listeners) {
        Env raw = envFactory.get();
        if (raw.actionSpace() instanceof Box) {
            this.env = new RescaleAction(raw);
            this.evalEnv = new RescaleAction(envFactory.get());
        } else if (raw.actionSpace() instanceof Discrete) {
            this.env = raw;
            this.evalEnv = envFactory.get();
        } else {
            throw new IllegalArgumentException(raw.id() + ": SAC needs a Box or Discrete action space, got "
                    + raw.actionSpace());
        }
        if (!(env.observationSpace() instanceof Box)) {
            throw new IllegalArgumentException(env.id() + ": SAC needs a Box observation space, got "
                    + env.observationSpace());
        }
        this.sac = sac;
        this.run = run;
        this.listeners = List.copyOf(listeners);
    }

    public TrainResult run() {
        long start = System.nanoTime();
        int obsDim = env.observationSpace().flatSize();
        int actDim = env.actionSpace().flatSize();
        Rng master = new Rng(run.seed());
        Learner learner = Learners.create(sac, env.observationSpace(), env.actionSpace(), master.split());
        int discreteActions = env.actionSpace() instanceof Discrete d ? d.n() : 0;
        Rng actRng = master.split();
        Rng sampleRng = master.split();
        long envSeed = master.nextLong();
        long evalSeed = master.nextLong();

        int capacity = (int) Math.min(sac.bufferSize(), run.totalSteps());
        ReplayBuffer buffer = new ReplayBuffer(capacity, obsDim, actDim);
        Batch batch = new Batch(sac.batchSize(), obsDim, actDim);
        Policy policy = learner.policy();
        Policy evalPolicy = learner.policy();

        float[] action = new float[actDim];
        float[] obs = checkObservation(env.reset(envSeed), 0, obsDim);
        double episodeReturn = 0;
        int episodeLength = 0;
        double lastEpisodeReturn = Double.NaN;
        MetricsWindow window = new MetricsWindow();

        long stepsDone = 0;
        for (long t = 1; t <= run.totalSteps(); t++) {
            if (t <= sac.learningStarts()) {
                if (discreteActions > 0) {
                    action[0] = actRng.nextInt(discreteActions);
                } else {
                    actRng.fillUniform(action, 0, actDim, -1f, 1f);
                }
            } else {
                policy.act(obs, action, actRng);
            }
            Step step = env.step(action);
            float[] nextObs = checkObservation(step.observation(), t, obsDim);
            if (!Double.isFinite(step.reward())) {
                throw new IllegalStateException(env.id() + " returned a non-finite reward " + step.reward()
                        + " at step " + t);
            }
            buffer.add(obs, action, step.reward(), nextObs, step.terminated());
            episodeReturn += step.reward();
            episodeLength++;
            if (step.done()) {
                lastEpisodeReturn = episodeReturn;
                for (TrainListener l : listeners) {
                    l.onEpisodeEnd(t, episodeReturn, episodeLength);
                }
                episodeReturn = 0;
                episodeLength = 0;
                obs = checkObservation(env.reset(), t, obsDim);
            } else {
                obs = nextObs;
            }

            if (t > sac.learningStarts() && t % sac.trainFreq() == 0) {
                for (int g = 0; g < sac.gradientSteps(); g++) {
                    buffer.sample(batch, sampleRng);
                    learner.update(batch);
                    window.add(learner);
                }
            }

            if (t % run.evalEvery() == 0) {
                EvalResult e = evaluate(evalPolicy, evalSeed, run.evalEpisodes());
                EvalRecord record = new EvalRecord(t, seconds(start), e.meanReturn(), e.stdReturn(),
                        lastEpisodeReturn, window.mean(0), window.mean(1), window.mean(2), window.mean(3));
                window.clear();
                for (TrainListener l : listeners) {
                    l.onEvaluation(record);
                }
            }
            stepsDone = t;
            if (stopRequested()) {
                break;
            }
        }
        EvalResult finalEval = evaluate(evalPolicy, evalSeed, run.evalEpisodes());
        TrainResult result = new TrainResult(finalEval, stepsDone, seconds(start), learner);
        for (TrainListener l : listeners) {
            l.onFinish(result);
        }
        return result;
    }

    /**
     * Plays {@code episodes} episodes with the deterministic policy, the i-th reset with seed
     * {@code seed + i}, so every evaluation of a run sees the same start states.
     */
    EvalResult evaluate(Policy policy, long seed, int episodes) {
        int obsDim = evalEnv.observationSpace().flatSize();
        float[] action = new float[evalEnv.actionSpace().flatSize()];
        double[] returns = new double[episodes];
        for (int i = 0; i < episodes; i++) {
            float[] obs = checkObservation(evalEnv.reset(seed + i), 0, obsDim);
            double ret = 0;
            long t = 0;
            while (true) {
                policy.actDeterministic(obs, action);
                Step s = evalEnv.step(action);
                t++;
                ret += s.reward();
                if (s.done()) {
                    break;
                }
                obs = checkObservation(s.observation(), t, obsDim);
            }
            returns[i] = ret;
        }
        return summarize(returns);
    }

    static EvalResult summarize(double[] returns) {
        double mean = Arrays.stream(returns).sum() / returns.length;
        double var = 0;
        for (double r : returns) {
            var += (r - mean) * (r - mean);
        }
        return new EvalResult(mean, Math.sqrt(var / returns.length), returns.length);
    }

    private float[] checkObservation(float[] o, long t, int obsDim) {
        if (o == null || o.length != obsDim) {
            throw new IllegalStateException(env.id() + " returned an observation of length "
                    + (o == null ? "null" : o.length) + " at step " + t + ", expected " + obsDim);
        }
        for (int i = 0; i < o.length; i++) {
            if (!Float.isFinite(o[i])) {
                throw new IllegalStateException(env.id() + " returned a non-finite observation at step " + t + ": "
                        + Arrays.toString(o));
            }
        }
        return o;
    }

    private boolean stopRequested() {
        for (TrainListener l : listeners) {
            if (l.shouldStop()) {
                return true;
            }
        }
        return false;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Running means of (critic loss, actor loss, alpha, entropy) between metrics rows. */
    private static final class MetricsWindow {
        private final double[] sums = new double[4];
        private long count;

        void add(Learner l) {
            sums[0] += l.lastCriticLoss();
            sums[1] += l.lastActorLoss();
            sums[2] += l.lastAlpha();
            sums[3] += l.lastEntropy();
            count++;
        }

        double mean(int i) {
            return count == 0 ? Double.NaN : sums[i] / count;
        }

        void clear() {
            Arrays.fill(sums, 0);
            count = 0;
        }
    }
}
