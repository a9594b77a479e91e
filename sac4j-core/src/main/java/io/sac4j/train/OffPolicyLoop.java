package io.sac4j.train;

import io.sac4j.buffer.Batch;
import io.sac4j.buffer.ReplayBuffer;
import io.sac4j.checkpoint.Checkpoint;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.CheckpointReader;
import io.sac4j.checkpoint.Checkpoints;
import io.sac4j.checkpoint.ComponentStates;
import io.sac4j.checkpoint.Manifest;
import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Env;
import io.sac4j.env.RescaleAction;
import io.sac4j.env.Step;
import io.sac4j.random.Rng;
import io.sac4j.sac.Learner;
import io.sac4j.sac.Learners;
import io.sac4j.sac.NumericalInstabilityException;
import io.sac4j.sac.Policy;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.StepStats;
import io.sac4j.tensor.Kernels;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    /**
     * Logs the run's events, never a step: INFO the start, a resume, each checkpoint written and the
     * end; WARN a resume that cannot repeat the run exactly and a guard that stops training; DEBUG
     * each evaluation. Silent without an SLF4J provider ({@link LibraryLog}).
     */
    private static final Logger LOG = LibraryLog.get(OffPolicyLoop.class);

    private final Env env;
    private final Env evalEnv;
    private final SacConfig sac;
    private final RunConfig run;
    /** An array, not a list: the loop walks it after every step ({@link TrainListener#onStep}) without an iterator. */
    private final TrainListener[] listeners;
    private Checkpointing checkpointing;
    private Path resumeFrom;

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
        this.listeners = List.copyOf(listeners).toArray(new TrainListener[0]);
    }

    /** A loop that trains from scratch and writes checkpoints as {@code checkpointing} says (null: none). */
    public OffPolicyLoop(Supplier<Env> envFactory, SacConfig sac, RunConfig run, List<TrainListener> listeners,
                         Checkpointing checkpointing) {
        this(envFactory, sac, run, listeners, checkpointing, null);
    }

    /**
     * A loop that continues from checkpoint {@code resumeFrom} (null: trains from scratch) and writes
     * checkpoints as {@code checkpointing} says (null: none). The configuration must be the one the
     * checkpoint was made with (checked when {@link #run} starts: the environment id, {@code sac} and
     * {@code run} must equal the saved ones); the listeners see the events after the checkpoint's step
     * only, so files they append to must first be cut back with {@link #truncateRecordedFiles}.
     */
    public OffPolicyLoop(Supplier<Env> envFactory, SacConfig sac, RunConfig run, List<TrainListener> listeners,
                         Checkpointing checkpointing, Path resumeFrom) {
        this(envFactory, sac, run, listeners);
        this.checkpointing = checkpointing;
        this.resumeFrom = resumeFrom;
    }

    /**
     * Trains; see the class comment. With a checkpoint to resume from, first restores it (refusing one
     * of another environment or configuration with a {@link CheckpointException}, wrapped in an
     * {@link UncheckedIOException}), then continues at the step after it.
     *
     * @throws TrainingException when the environment returns a non-finite or misshapen observation or
     *                           a non-finite reward, refuses an action, or a loss or a parameter is not
     *                           finite; no checkpoint is written after it
     */
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
        Position p = new Position();
        if (resumeFrom == null) {
            LOG.info("training {} for {} steps with {} (seed {}, {} thread(s))", env.id(), run.totalSteps(),
                    learner.getClass().getSimpleName(), run.seed(), Kernels.threads());
            p.obs = checkObservation(env.reset(envSeed), 0, obsDim);
        } else {
            evalSeed = restore(p, learner, actRng, sampleRng, buffer, envSeed, evalSeed, obsDim);
            start -= (long) (p.wallSeconds * 1e9);
            LOG.info("resuming {} from {} at step {} of {} ({} thread(s))", env.id(), resumeFrom, p.step,
                    run.totalSteps(), Kernels.threads());
        }

        Path lastCheckpoint = resumeFrom;
        try {
            for (long t = p.step + 1; t <= run.totalSteps(); t++) {
                if (t <= sac.learningStarts()) {
                    if (discreteActions > 0) {
                        action[0] = actRng.nextInt(discreteActions);
                    } else {
                        actRng.fillUniform(action, 0, actDim, -1f, 1f);
                    }
                } else {
                    policy.act(p.obs, action, actRng);
                }
                checkAction(action, t, actDim, discreteActions);
                Step step;
                try {
                    step = env.step(action);
                } catch (IllegalArgumentException e) {
                    throw new TrainingException(t, env.id() + " refused the action " + Arrays.toString(action)
                            + " at step " + t + ": " + e.getMessage(), e);
                }
                float[] nextObs = checkObservation(step.observation(), t, obsDim);
                if (!Double.isFinite(step.reward())) {
                    throw new TrainingException(t, env.id() + " returned a non-finite reward " + step.reward()
                            + " at step " + t);
                }
                buffer.add(p.obs, action, step.reward(), nextObs, step.terminated());
                p.episodeReturn += step.reward();
                p.episodeLength++;
                if (step.done()) {
                    p.lastEpisodeReturn = p.episodeReturn;
                    for (TrainListener l : listeners) {
                        l.onEpisodeEnd(t, p.episodeReturn, p.episodeLength);
                    }
                    p.episodeReturn = 0;
                    p.episodeLength = 0;
                    p.obs = checkObservation(env.reset(), t, obsDim);
                } else {
                    p.obs = nextObs;
                }

                if (t > sac.learningStarts() && t % sac.trainFreq() == 0) {
                    for (int g = 0; g < sac.gradientSteps(); g++) {
                        buffer.sample(batch, sampleRng);
                        try {
                            learner.update(batch);
                        } catch (NumericalInstabilityException e) {
                            throw new TrainingException(t, e.getMessage() + " at step " + t, e);
                        }
                        p.window.add(learner);
                    }
                }

                if (t % run.evalEvery() == 0) {
                    EvalResult e = evaluate(evalPolicy, evalSeed, run.evalEpisodes());
                    EvalRecord record = new EvalRecord(t, seconds(start), e.meanReturn(), e.stdReturn(),
                            p.lastEpisodeReturn, p.window.mean(0), p.window.mean(1), p.window.mean(2), p.window.mean(3),
                            p.window.mean(4));
                    p.window.clear();
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("evaluation at step {}: mean return {}", t, plusMinus(e));
                    }
                    for (TrainListener l : listeners) {
                        l.onEvaluation(record);
                    }
                }
                p.step = t;
                if (checkpointing != null && t % checkpointing.every() == 0) {
                    p.wallSeconds = seconds(start);
                    Path file = save(p, learner, actRng, sampleRng, buffer, envSeed, evalSeed);
                    lastCheckpoint = file;
                    LOG.info("checkpoint of step {} written: {}", t, file);
                    for (TrainListener l : listeners) {
                        l.onCheckpoint(t, file);
                    }
                }
                for (TrainListener l : listeners) {
                    l.onStep(t);
                }
                if (stopRequested()) {
                    break;
                }
            }
        } catch (TrainingException e) {
            LOG.warn("training {} stopped by a guard at step {}; the last good checkpoint is {}", env.id(), e.step(),
                    lastCheckpoint == null ? "none (none written)" : lastCheckpoint, e);
            throw e;
        }
        EvalResult finalEval = evaluate(evalPolicy, evalSeed, run.evalEpisodes());
        TrainResult result = new TrainResult(finalEval, p.step, seconds(start), learner);
        if (LOG.isInfoEnabled()) {
            LOG.info("trained {} to step {} in {} s: final evaluation {} over {} episodes", env.id(), p.step,
                    String.format(Locale.ROOT, "%.1f", result.wallSeconds()), plusMinus(finalEval), finalEval.episodes());
        }
        for (TrainListener l : listeners) {
            l.onFinish(result);
        }
        return result;
    }

    /** The loop's own state between steps: what a checkpoint holds besides the components. */
    private static final class Position {
        long step;
        float[] obs;
        double episodeReturn;
        int episodeLength;
        double lastEpisodeReturn = Double.NaN;
        double wallSeconds;
        final MetricsWindow window = new MetricsWindow();
    }

    /** Manifest keys of a run checkpoint (besides {@link Manifest}'s provenance keys). */
    public static final String MANIFEST_ENV = "env";
    public static final String MANIFEST_STEP = "step";
    public static final String MANIFEST_TOTAL_STEPS = "total_steps";
    public static final String MANIFEST_UPDATES = "updates";
    public static final String MANIFEST_CONFIG = "config";
    public static final String MANIFEST_SAC_CONFIG = "sac.config";
    public static final String MANIFEST_RUN_CONFIG = "run.config";
    public static final String MANIFEST_BUFFER = "buffer.included";
    public static final String MANIFEST_ENV_RESTORABLE = "env.restorable";
    public static final String MANIFEST_FORMAT = "format.version";
    /** Prefix of the manifest keys that record a file's byte length: {@code file:<path relative to the run dir>}. */
    public static final String MANIFEST_FILE_PREFIX = "file:";

    /**
     * Writes the checkpoint of step {@code p.step} and returns its file. A failure (a non-finite
     * parameter, an I/O error) deletes the partial file and leaves earlier checkpoints as they were.
     */
    private Path save(Position p, Learner learner, Rng actRng, Rng sampleRng, ReplayBuffer buffer, long envSeed,
                      long evalSeed) {
        Checkpointing c = checkpointing;
        boolean envRestorable = EnvState.restorable(env);
        Manifest m = Manifest.empty()
                .with(MANIFEST_FORMAT, Checkpoint.FORMAT_VERSION)
                .with(MANIFEST_ENV, env.id())
                .with(MANIFEST_STEP, p.step)
                .with(MANIFEST_TOTAL_STEPS, run.totalSteps())
                .with(MANIFEST_UPDATES, learner.updates())
                .with(MANIFEST_BUFFER, Boolean.toString(c.includeBuffer()))
                .with(MANIFEST_ENV_RESTORABLE, Boolean.toString(envRestorable))
                .with(MANIFEST_SAC_CONFIG, sac.toString())
                .with(MANIFEST_RUN_CONFIG, run.toString())
                .with(MANIFEST_CONFIG, c.configText())
                .withProvenance(run.seed(), Kernels.threads());
        try {
            for (Path f : c.recordedFiles()) {
                m = m.with(MANIFEST_FILE_PREFIX + c.runDir().relativize(f).toString().replace('\\', '/'),
                        Files.size(f));
            }
            Manifest manifest = m;
            return Checkpoints.save(c.runDir(), p.step, manifest, out -> {
                learner.saveState(out);
                ComponentStates.putRng(out, "rng.act", actRng);
                ComponentStates.putRng(out, "rng.sample", sampleRng);
                out.putLongs("loop.position", p.step, p.episodeLength, p.window.count);
                out.putLongs("loop.seeds", envSeed, evalSeed);
                out.putDoubles("loop.returns", p.episodeReturn, p.lastEpisodeReturn, p.wallSeconds);
                out.putDoubles("loop.window", p.window.sums);
                out.putFloats("loop.obs", p.obs);
                if (envRestorable) {
                    EnvState.put(out, env);
                }
                if (c.includeBuffer()) {
                    ComponentStates.putReplayBuffer(out, "buffer", buffer);
                }
            }, c.keep());
        } catch (NumericalInstabilityException e) {
            throw new TrainingException(p.step, e.getMessage() + " at step " + p.step
                    + " (not saved; the last good checkpoint is kept)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Restores everything {@link #save} wrote into the freshly built components; returns the eval seed. */
    private long restore(Position p, Learner learner, Rng actRng, Rng sampleRng, ReplayBuffer buffer, long envSeed,
                         long evalSeed, int obsDim) {
        try (CheckpointReader in = Checkpoint.open(resumeFrom)) {
            Manifest m = in.manifest();
            String where = "checkpoint " + resumeFrom;
            checkResumable(m, where, env.id(), sac, run);
            long[] seeds = in.longs("loop.seeds");
            if (seeds.length != 2 || seeds[0] != envSeed) {
                throw new CheckpointException(where + ": the environment seed differs from this run's");
            }
            learner.restoreState(in);
            ComponentStates.restoreRng(in, "rng.act", actRng);
            ComponentStates.restoreRng(in, "rng.sample", sampleRng);
            long[] pos = in.longs("loop.position");
            double[] returns = in.doubles("loop.returns");
            double[] window = in.doubles("loop.window");
            float[] obs = in.floats("loop.obs");
            if (pos.length != 3 || returns.length != 3 || !p.window.restore(window) || obs.length != obsDim
                    || pos[0] < 0 || pos[0] > run.totalSteps() || pos[1] < 0 || pos[1] > Integer.MAX_VALUE
                    || pos[2] < 0) {
                throw new CheckpointException(where + " has an inconsistent loop position " + Arrays.toString(pos));
            }
            p.step = pos[0];
            p.episodeLength = (int) pos[1];
            p.window.count = pos[2];
            p.episodeReturn = returns[0];
            p.lastEpisodeReturn = returns[1];
            p.wallSeconds = returns[2];
            if (Boolean.parseBoolean(m.get(MANIFEST_BUFFER).orElse("false"))) {
                ComponentStates.restoreReplayBuffer(in, "buffer", buffer);
            } else {
                LOG.info("{} holds no replay buffer: continuing with an empty one, so the run no longer repeats"
                        + " an uninterrupted one", where);
            }
            if (Boolean.parseBoolean(m.get(MANIFEST_ENV_RESTORABLE).orElse("false")) && EnvState.restorable(env)) {
                float[] envObs = EnvState.restore(in, env);
                if (!Arrays.equals(envObs, obs)) {
                    throw new CheckpointException(where + ": the restored environment observes "
                            + Arrays.toString(envObs) + ", the checkpoint's observation is " + Arrays.toString(obs));
                }
                p.obs = obs;
            } else {
                // The environment's state was not saved: continue with a new episode, seeded from the step.
                LOG.warn("{} holds no state of {}: continuing with a new episode, so the run no longer repeats an"
                        + " uninterrupted one", where, env.id());
                p.obs = checkObservation(env.reset(envSeed + p.step), p.step, obsDim);
                p.episodeReturn = 0;
                p.episodeLength = 0;
            }
            return seeds[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Refuses, with a one-line message starting with {@code what}, a checkpoint manifest of another
     * environment or made with another SAC or run configuration than {@code envId}, {@code sac},
     * {@code run}: what a resume must match. Changes nothing.
     */
    public static void checkResumable(Manifest m, String what, String envId, SacConfig sac, RunConfig run)
            throws CheckpointException {
        if (!m.require(MANIFEST_ENV).equals(envId)) {
            throw new CheckpointException(what + " is of " + m.require(MANIFEST_ENV) + ", this run trains " + envId);
        }
        if (!m.require(MANIFEST_SAC_CONFIG).equals(sac.toString())) {
            throw new CheckpointException(what + " was made with another SAC configuration: "
                    + m.require(MANIFEST_SAC_CONFIG) + ", this run has " + sac);
        }
        if (!m.require(MANIFEST_RUN_CONFIG).equals(run.toString())) {
            throw new CheckpointException(what + " was made with another run configuration: "
                    + m.require(MANIFEST_RUN_CONFIG) + ", this run has " + run);
        }
    }

    /**
     * Cuts each file a checkpoint recorded ({@link Checkpointing#recordedFiles}) back to its length
     * at that checkpoint, so rows written after it are not repeated when the run resumes. Refuses,
     * changing nothing, when a recorded file is missing or shorter than recorded. Modifies the files.
     */
    public static void truncateRecordedFiles(Path runDir, Manifest manifest) throws CheckpointException {
        List<Map.Entry<Path, Long>> cuts = new ArrayList<>();
        for (Map.Entry<String, String> e : manifest.values().entrySet()) {
            if (!e.getKey().startsWith(MANIFEST_FILE_PREFIX)) {
                continue;
            }
            Path f = runDir.resolve(e.getKey().substring(MANIFEST_FILE_PREFIX.length()));
            long len = manifest.requireLong(e.getKey());
            long size;
            try {
                size = Files.size(f);
            } catch (IOException ex) {
                throw new CheckpointException("cannot resume: " + f + " recorded by the checkpoint cannot be read: " + ex);
            }
            if (size < len) {
                throw new CheckpointException("cannot resume: " + f + " holds " + size + " bytes, fewer than the "
                        + len + " the checkpoint recorded");
            }
            cuts.add(Map.entry(f, len));
        }
        for (Map.Entry<Path, Long> c : cuts) {
            try (FileChannel ch = FileChannel.open(c.getKey(), StandardOpenOption.WRITE)) {
                ch.truncate(c.getValue());
                ch.force(true);
            } catch (IOException ex) {
                throw new CheckpointException("cannot truncate " + c.getKey() + ": " + ex, ex);
            }
        }
    }

    /**
     * Plays {@code episodes} episodes with the deterministic policy, the i-th reset with seed
     * {@code seed + i}, so every evaluation of a run sees the same start states.
     */
    EvalResult evaluate(Policy policy, long seed, int episodes) {
        return evaluate(evalEnv, policy, seed, episodes);
    }

    /**
     * The evaluation {@link #run} performs, for a saved learner ({@code sac4j eval}): {@code episodes}
     * episodes of the deterministic policy on a new environment from {@code envFactory} (continuous
     * actions through {@link RescaleAction}, as in training), the i-th reset with seed {@code seed + i}.
     * With a run's evaluation seed and episode count, and its final learner, it repeats the run's
     * final evaluation exactly.
     */
    public static EvalResult evaluate(Supplier<Env> envFactory, Learner learner, long seed, int episodes) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        Env raw = envFactory.get();
        Env e = raw.actionSpace() instanceof Box ? new RescaleAction(raw) : raw;
        return evaluate(e, learner.policy(), seed, episodes);
    }

    private static EvalResult evaluate(Env evalEnv, Policy policy, long seed, int episodes) {
        int obsDim = evalEnv.observationSpace().flatSize();
        float[] action = new float[evalEnv.actionSpace().flatSize()];
        double[] returns = new double[episodes];
        for (int i = 0; i < episodes; i++) {
            float[] obs = checkObservation(evalEnv, evalEnv.reset(seed + i), 0, obsDim);
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
                obs = checkObservation(evalEnv, s.observation(), t, obsDim);
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
        return checkObservation(env, o, t, obsDim);
    }

    private static float[] checkObservation(Env env, float[] o, long t, int obsDim) {
        if (o == null || o.length != obsDim) {
            throw new TrainingException(t, env.id() + " returned an observation of length "
                    + (o == null ? "null" : o.length) + " at step " + t + ", expected " + obsDim);
        }
        for (int i = 0; i < o.length; i++) {
            if (!Float.isFinite(o[i])) {
                throw new TrainingException(t, env.id() + " returned a non-finite observation at step " + t + ": "
                        + Arrays.toString(o));
            }
        }
        return o;
    }

    /** Refuses an action outside the agent's space: wrong length, not finite, outside [-1, 1] or not an index. */
    private void checkAction(float[] a, long t, int actDim, int discreteActions) {
        boolean ok = a.length == actDim;
        for (int i = 0; ok && i < a.length; i++) {
            float v = a[i];
            ok = discreteActions > 0 ? v == Math.rint(v) && v >= 0 && v < discreteActions : v >= -1f && v <= 1f;
        }
        if (!ok) {
            throw new TrainingException(t, "the action " + Arrays.toString(a) + " at step " + t + " is outside "
                    + (discreteActions > 0 ? "the actions 0.." + (discreteActions - 1) : "[-1, 1]^" + actDim)
                    + " (length " + a.length + ", expected " + actDim + ")");
        }
    }

    private boolean stopRequested() {
        for (TrainListener l : listeners) {
            if (l.shouldStop()) {
                return true;
            }
        }
        return false;
    }

    /** {@code mean +- std} of an evaluation with two decimals, for the log. */
    private static String plusMinus(EvalResult e) {
        return String.format(Locale.ROOT, "%.2f +- %.2f", e.meanReturn(), e.stdReturn());
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Running means of (critic loss, actor loss, alpha, entropy, temperature loss) between metrics
     * rows. Checkpoints store the sums as {@code loop.window}; those written before the temperature
     * loss was added hold the first {@link #SUMS_WITHOUT_TEMPERATURE_LOSS}, and a resume from one
     * starts the temperature loss's sum at NaN (its first row after the resume has no value).
     */
    private static final class MetricsWindow {
        static final int SUMS_WITHOUT_TEMPERATURE_LOSS = 4;
        private final double[] sums = new double[5];
        private long count;

        void add(Learner l) {
            StepStats s = l.lastStep();
            sums[0] += s.criticLoss();
            sums[1] += s.actorLoss();
            sums[2] += s.alpha();
            sums[3] += s.entropy();
            sums[4] += s.temperatureLoss();
            count++;
        }

        /** Restores the sums a checkpoint holds: all five, or an older checkpoint's first four; false otherwise. */
        boolean restore(double[] saved) {
            if (saved.length != sums.length && saved.length != SUMS_WITHOUT_TEMPERATURE_LOSS) {
                return false;
            }
            Arrays.fill(sums, Double.NaN);
            System.arraycopy(saved, 0, sums, 0, saved.length);
            return true;
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
