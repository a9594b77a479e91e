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
import io.sac4j.env.RescaleVectorAction;
import io.sac4j.env.Space;
import io.sac4j.env.Step;
import io.sac4j.env.LocalVectorEnv;
import io.sac4j.env.VectorEnv;
import io.sac4j.env.VectorStep;
import io.sac4j.random.Rng;
import io.sac4j.sac.Learner;
import io.sac4j.sac.Learners;
import io.sac4j.sac.NumericalInstabilityException;
import io.sac4j.policy.Policy;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.StepStats;
import io.sac4j.tensor.Kernels;
import io.sac4j.tensor.Matrix;
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
 * or over the discrete actions) while {@code t <= learningStarts}, each draw held for
 * {@link SacConfig#warmupActionRepeat} steps (1 by default: a new draw every step), else drawn from the
 * policy; the transition goes into the
 * replay buffer ({@code terminated} as the bootstrap mask, the real next observation on
 * truncation); once {@code t > learningStarts}, on every step with {@code t % trainFreq == 0},
 * {@code gradientSteps} updates follow (SB3's {@code train_freq} and {@code gradient_steps}), at the
 * learning rates {@link SacConfig#learningRateSchedule()} gives for {@code t} of {@code totalSteps}. Every
 * {@code evalEvery} steps the deterministic policy ({@code tanh(mu)}) plays {@code evalEpisodes}
 * episodes on a separate environment instance (continuous: {@code tanh(mu)}; discrete: the most
 * likely action), and a metrics row goes to the listeners.
 *
 * <p>With {@link RunConfig#nEnvs()} {@code = N > 1} the loop steps a {@link VectorEnv} of N copies
 * (copy {@code i} first reset with seed {@code envSeed + i}, then continuing its own generator; stepped
 * on the training thread, since a classic-control step costs far less than an update): one batched
 * policy call ({@link Policy#act(Matrix, Matrix, Rng)}) for all N observations per vector step, N
 * transitions stored, in copy order. A transition keeps the same meaning as with one environment: a
 * copy whose episode was truncated stores its real final observation
 * ({@link VectorStep#finalObservations()}), not the first one of the episode the autoreset began.
 * {@code t} counts transitions over all copies (Stable-Baselines3's {@code num_timesteps}): the vector
 * step that collects transitions {@code t0 + 1 .. t0 + N} acts uniformly when {@code t0 < learningStarts}
 * (SB3 decides for the whole vector step too), and the update rule above is applied to each of its
 * transitions {@code t} in turn after all N are stored. With the defaults ({@code trainFreq = 1},
 * {@code gradientSteps = 1}) that is one gradient step per collected transition, N per vector step,
 * which is SB3's {@code train_freq=1, gradient_steps=-1} (as many gradient steps as transitions the
 * rollout collected); SB3 counts {@code train_freq} in vector steps and its default {@code gradient_steps=1}
 * makes one update per vector step, whereas here both count transitions, so the ratio of updates to
 * transitions, and the number of updates in a run of {@code totalSteps}, do not depend on N.
 * Evaluations and checkpoints happen after the vector step during which the transition count
 * passes a multiple of {@code evalEvery} (of the checkpoint interval), recorded at the count after it,
 * and the end of the run (its last step, or the one an early stop ended at) is saved in a checkpoint too
 * when the interval did not just save it;
 * training ends at the first vector step that reaches {@code totalSteps} ({@link RunConfig#collectedSteps}).
 * Episode ends of every copy go to the listeners, each at its transition's {@code t}. With N = 1 this is
 * the single-environment loop, bit for bit.
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

    /** The training copies as the agent sees them (actions in [-1, 1] for a Box action space). */
    private final VectorEnv envs;
    /** The copies' id, as checkpoints record it and messages name it. */
    private final String envId;
    private final Space observationSpace;
    /** The agent's action space: [-1, 1]^|A| for a Box, the Discrete space as it is. */
    private final Space actionSpace;
    private final Env evalEnv;
    private final SacConfig sac;
    private final RunConfig run;
    /** An array, not a list: the loop walks it after every step ({@link TrainListener#onStep}) without an iterator. */
    private final TrainListener[] listeners;
    private final Checkpointing checkpointing;
    private final Path resumeFrom;

    /**
     * @param envFactory makes the training environments and then the evaluation environment (called
     *                   {@link RunConfig#nEnvs()} + 1 times)
     */
    public OffPolicyLoop(Supplier<Env> envFactory, SacConfig sac, RunConfig run, List<TrainListener> listeners) {
        this(VectorEnv.sequential(() -> forAgent(envFactory.get()), run.nEnvs()), forAgent(envFactory.get()), sac, run,
                listeners, null, null);
    }

    /**
     * A loop on copies made elsewhere (for instance an environment server's:
     * {@code io.sac4j.gym.RemoteVectorEnv}), given as they are: the loop puts a {@link Box} action
     * space behind {@link RescaleVectorAction} (and {@code evalEnv} behind {@link RescaleAction}) as
     * it does for its own copies. A vector that is not a {@link LocalVectorEnv} is not restorable: a
     * resume starts new episodes. The caller keeps ownership: it closes both after {@link #run}.
     *
     * @param trainEnvs     {@link RunConfig#nEnvs()} copies for training, reset by the loop
     * @param evalEnv       the copy that evaluations play, of the same spaces
     * @param checkpointing where and how often to write checkpoints; null: none
     * @param resumeFrom    the checkpoint to continue from (see the constructor above); null: from scratch
     */
    public static OffPolicyLoop onVector(VectorEnv trainEnvs, Env evalEnv, SacConfig sac, RunConfig run,
                                         List<TrainListener> listeners, Checkpointing checkpointing,
                                         Path resumeFrom) {
        if (trainEnvs.numEnvs() != run.nEnvs()) {
            throw new IllegalArgumentException(trainEnvs.id() + ": the vector has " + trainEnvs.numEnvs()
                    + " copies, the run configuration asks for " + run.nEnvs());
        }
        return new OffPolicyLoop(forAgent(trainEnvs), forAgent(evalEnv), sac, run, listeners, checkpointing,
                resumeFrom);
    }

    private OffPolicyLoop(VectorEnv agentEnvs, Env agentEvalEnv, SacConfig sac, RunConfig run,
                          List<TrainListener> listeners, Checkpointing checkpointing, Path resumeFrom) {
        this.envs = agentEnvs;
        this.envId = agentEnvs.id();
        this.observationSpace = agentEnvs.singleObservationSpace();
        this.actionSpace = agentEnvs.singleActionSpace();
        this.evalEnv = agentEvalEnv;
        if (!(observationSpace instanceof Box)) {
            throw new IllegalArgumentException(envId + ": SAC needs a Box observation space, got "
                    + observationSpace);
        }
        this.sac = sac;
        this.run = run;
        this.listeners = List.copyOf(listeners).toArray(new TrainListener[0]);
        this.checkpointing = checkpointing;
        this.resumeFrom = resumeFrom;
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
        this(VectorEnv.sequential(() -> forAgent(envFactory.get()), run.nEnvs()), forAgent(envFactory.get()), sac, run,
                listeners, checkpointing, resumeFrom);
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
        int n = envs.numEnvs();
        long totalSteps = run.collectedSteps();
        int obsDim = observationSpace.flatSize();
        int actDim = actionSpace.flatSize();
        Rng master = new Rng(run.seed());
        Learner learner = Learners.create(sac, observationSpace, actionSpace, master.split());
        int discreteActions = actionSpace instanceof Discrete d ? d.n() : 0;
        Rng actRng = master.split();
        Rng sampleRng = master.split();
        long envSeed = master.nextLong();
        long evalSeed = master.nextLong();

        int capacity = (int) Math.min(sac.bufferSize(), totalSteps);
        ReplayBuffer buffer = new ReplayBuffer(capacity, obsDim, actDim);
        lastBuffer = buffer;
        Batch batch = new Batch(sac.batchSize(), obsDim, actDim);
        Policy policy = learner.policy();
        Policy evalPolicy = learner.policy();

        Matrix obsRows = new Matrix(n, obsDim);
        Matrix actionRows = new Matrix(n, actDim);
        Position p = new Position(n, actDim);
        float[][] actions = p.actions;
        if (resumeFrom == null) {
            LOG.info("training {} for {} steps with {} on {} env(s) (seed {}, {} thread(s))", envId, run.totalSteps(),
                    learner.getClass().getSimpleName(), n, run.seed(), Kernels.threads());
            resetAll(p, envSeed, 0, obsDim);
        } else {
            evalSeed = restore(p, learner, actRng, sampleRng, buffer, envSeed, evalSeed, obsDim);
            start -= (long) (p.wallSeconds * 1e9);
            LOG.info("resuming {} from {} at step {} of {} ({} thread(s))", envId, resumeFrom, p.step,
                    run.totalSteps(), Kernels.threads());
        }

        Path lastCheckpoint = resumeFrom;
        try {
            // One vector step collects transitions t0 + 1 .. t1 = t0 + n (one step of one env when n = 1).
            for (long t0 = p.step; t0 < totalSteps; t0 += n) {
                long t1 = t0 + n;
                if (t0 < sac.learningStarts()) {
                    // A new uniform draw every warmupActionRepeat vector steps, held in between; with the
                    // default 1, a new draw every step.
                    if ((t0 / n) % sac.warmupActionRepeat() == 0) {
                        for (float[] action : actions) {
                            if (discreteActions > 0) {
                                action[0] = actRng.nextInt(discreteActions);
                            } else {
                                actRng.fillUniform(action, 0, actDim, -1f, 1f);
                            }
                        }
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(p.obs[i], 0, obsRows.data, i * obsDim, obsDim);
                    }
                    policy.act(obsRows, actionRows, actRng);
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(actionRows.data, i * actDim, actions[i], 0, actDim);
                    }
                }
                for (int i = 0; i < n; i++) {
                    checkAction(actions[i], t0 + 1 + i, actDim, discreteActions);
                }
                VectorStep step;
                try {
                    step = envs.step(actions);
                } catch (IllegalArgumentException e) {
                    String which = n == 1 ? "the action " + Arrays.toString(actions[0]) + " at step " + t1
                            : "one of the actions " + Arrays.deepToString(actions) + " at steps " + (t0 + 1) + ".." + t1;
                    throw new TrainingException(t0 + 1, envId + " refused " + which + ": " + e.getMessage(), e);
                }
                for (int i = 0; i < n; i++) {
                    long t = t0 + 1 + i;
                    boolean done = step.done(i);
                    // On an episode end the copy has already been reset: the stored next observation is the real last one.
                    float[] nextObs = checkObservation(done ? step.finalObservations()[i] : step.observations()[i], t,
                            obsDim);
                    double reward = step.rewards()[i];
                    if (!Double.isFinite(reward)) {
                        throw new TrainingException(t, envId + " returned a non-finite reward " + reward
                                + " at step " + t);
                    }
                    buffer.add(p.obs[i], actions[i], reward, nextObs, step.terminated()[i]);
                    p.episodeReturn[i] += reward;
                    p.episodeLength[i]++;
                    if (done) {
                        p.lastEpisodeReturn = p.episodeReturn[i];
                        for (TrainListener l : listeners) {
                            l.onEpisodeEnd(t, p.episodeReturn[i], p.episodeLength[i]);
                        }
                        p.episodeReturn[i] = 0;
                        p.episodeLength[i] = 0;
                        p.obs[i] = checkObservation(step.observations()[i], t, obsDim);
                    } else {
                        p.obs[i] = nextObs;
                    }
                }

                for (long t = t0 + 1; t <= t1; t++) {
                    if (t > sac.learningStarts() && t % sac.trainFreq() == 0) {
                        // SB3 sets the scheduled rates at the start of each training round, from the
                        // transitions collected so far.
                        learner.setLearningRateFactor(sac.learningRateSchedule().factor(t, run.totalSteps()));
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
                }

                if (passesMultiple(t0, t1, run.evalEvery())) {
                    EvalResult e = evaluate(evalPolicy, evalSeed, run.evalEpisodes());
                    EvalRecord record = new EvalRecord(t1, seconds(start), e.meanReturn(), e.stdReturn(),
                            p.lastEpisodeReturn, p.window.mean(0), p.window.mean(1), p.window.mean(2), p.window.mean(3),
                            p.window.mean(4));
                    p.window.clear();
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("evaluation at step {}: mean return {}", t1, plusMinus(e));
                    }
                    for (TrainListener l : listeners) {
                        l.onEvaluation(record);
                    }
                }
                p.step = t1;
                // The last step is saved too, on the interval or not, so the trained agent is never lost.
                boolean saved = checkpointing != null
                        && (passesMultiple(t0, t1, checkpointing.every()) || t1 >= totalSteps);
                if (saved) {
                    lastCheckpoint = checkpoint(p, start, learner, actRng, sampleRng, buffer, envSeed, evalSeed);
                }
                for (TrainListener l : listeners) {
                    l.onStep(t1);
                }
                if (stopRequested()) {
                    if (checkpointing != null && !saved) {
                        // So is the step an early stop ends at.
                        lastCheckpoint = checkpoint(p, start, learner, actRng, sampleRng, buffer, envSeed, evalSeed);
                    }
                    break;
                }
            }
        } catch (TrainingException e) {
            LOG.warn("training {} stopped by a guard at step {}; the last good checkpoint is {}", envId, e.step(),
                    lastCheckpoint == null ? "none (none written)" : lastCheckpoint, e);
            throw e;
        }
        EvalResult finalEval = evaluate(evalPolicy, evalSeed, run.evalEpisodes());
        TrainResult result = new TrainResult(finalEval, p.step, seconds(start), learner);
        if (LOG.isInfoEnabled()) {
            LOG.info("trained {} to step {} in {} s: final evaluation {} over {} episodes", envId, p.step,
                    String.format(Locale.ROOT, "%.1f", result.wallSeconds()), plusMinus(finalEval), finalEval.episodes());
        }
        for (TrainListener l : listeners) {
            l.onFinish(result);
        }
        return result;
    }

    /** Writes a checkpoint of step {@code p.step} and tells the listeners; returns its file. */
    private Path checkpoint(Position p, long start, Learner learner, Rng actRng, Rng sampleRng, ReplayBuffer buffer,
            long envSeed, long evalSeed) {
        p.wallSeconds = seconds(start);
        Path file = save(p, learner, actRng, sampleRng, buffer, envSeed, evalSeed);
        LOG.info("checkpoint of step {} written: {}", p.step, file);
        for (TrainListener l : listeners) {
            l.onCheckpoint(p.step, file);
        }
        return file;
    }

    /** Whether every copy's mid-episode state can be saved and restored ({@link EnvState#restorable}). */
    private boolean envsRestorable() {
        if (!(envs instanceof LocalVectorEnv local)) {
            return false;
        }
        for (int i = 0; i < envs.numEnvs(); i++) {
            if (!EnvState.restorable(local.env(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code (from, to]} holds a multiple of {@code every}: a schedule point the step passed. */
    static boolean passesMultiple(long from, long to, long every) {
        return to / every > from / every;
    }

    /** Starts a new episode in every copy, copy {@code i} seeded with {@code seed + i}. Modifies p. */
    private void resetAll(Position p, long seed, long t, int obsDim) {
        float[][] first = envs.reset(seed);
        for (int i = 0; i < first.length; i++) {
            p.obs[i] = checkObservation(first[i], t, obsDim);
            p.episodeReturn[i] = 0;
            p.episodeLength[i] = 0;
        }
    }

    /** The replay buffer of the last {@link #run} (for tests: what was stored). */
    ReplayBuffer lastBuffer() {
        return lastBuffer;
    }

    private ReplayBuffer lastBuffer;

    /**
     * The loop's own state between vector steps: what a checkpoint holds besides the components.
     * The arrays have one entry per copy of the environment.
     */
    private static final class Position {
        long step;
        final float[][] obs;
        /**
         * The actions of the last vector step, one row per copy: during the warm-up, the draws held for
         * {@link SacConfig#warmupActionRepeat} steps.
         */
        final float[][] actions;
        final double[] episodeReturn;
        final int[] episodeLength;
        double lastEpisodeReturn = Double.NaN;
        double wallSeconds;
        final MetricsWindow window = new MetricsWindow();

        Position(int n, int actDim) {
            obs = new float[n][];
            actions = new float[n][actDim];
            episodeReturn = new double[n];
            episodeLength = new int[n];
        }
    }

    /**
     * Checkpoint entry of the held warm-up actions, one row per copy; written only with
     * {@link SacConfig#warmupActionRepeat} > 1.
     */
    private static final String HELD_ACTIONS = "loop.held_actions";

    private static float[] flatten(float[][] rows) {
        int width = rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
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
        int n = envs.numEnvs();
        boolean envRestorable = envsRestorable();
        Manifest m = Manifest.empty()
                .with(MANIFEST_FORMAT, Checkpoint.FORMAT_VERSION)
                .with(MANIFEST_ENV, envId)
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
                // Per-copy values sit in the middle, so a single-environment checkpoint keeps its old layout.
                long[] position = new long[n + 2];
                double[] returns = new double[n + 2];
                float[] obs = new float[n * p.obs[0].length];
                position[0] = p.step;
                for (int i = 0; i < n; i++) {
                    position[1 + i] = p.episodeLength[i];
                    returns[i] = p.episodeReturn[i];
                    System.arraycopy(p.obs[i], 0, obs, i * p.obs[i].length, p.obs[i].length);
                }
                position[n + 1] = p.window.count;
                returns[n] = p.lastEpisodeReturn;
                returns[n + 1] = p.wallSeconds;
                out.putLongs("loop.position", position);
                out.putLongs("loop.seeds", envSeed, evalSeed);
                out.putDoubles("loop.returns", returns);
                out.putDoubles("loop.window", p.window.sums);
                out.putFloats("loop.obs", obs);
                if (sac.warmupActionRepeat() > 1) {
                    // Resuming inside a held warm-up action keeps holding it; without the option, the old layout.
                    out.putFloats(HELD_ACTIONS, flatten(p.actions));
                }
                if (envRestorable) {
                    for (int i = 0; i < n; i++) {
                        EnvState.put(out, EnvState.prefix(i), ((LocalVectorEnv) envs).env(i));
                    }
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
            checkResumable(m, where, envId, sac, run);
            long[] seeds = in.longs("loop.seeds");
            if (seeds.length != 2 || seeds[0] != envSeed) {
                throw new CheckpointException(where + ": the environment seed differs from this run's");
            }
            learner.restoreState(in);
            ComponentStates.restoreRng(in, "rng.act", actRng);
            ComponentStates.restoreRng(in, "rng.sample", sampleRng);
            int n = envs.numEnvs();
            long[] pos = in.longs("loop.position");
            double[] returns = in.doubles("loop.returns");
            double[] window = in.doubles("loop.window");
            float[] obs = in.floats("loop.obs");
            boolean consistent = pos.length == n + 2 && returns.length == n + 2 && p.window.restore(window)
                    && obs.length == n * obsDim && pos[0] >= 0 && pos[0] <= run.collectedSteps() && pos[0] % n == 0
                    && pos[n + 1] >= 0;
            for (int i = 0; consistent && i < n; i++) {
                consistent = pos[1 + i] >= 0 && pos[1 + i] <= Integer.MAX_VALUE;
            }
            if (!consistent) {
                throw new CheckpointException(where + " has an inconsistent loop position " + Arrays.toString(pos)
                        + " for " + n + " environment(s)");
            }
            p.step = pos[0];
            p.window.count = pos[n + 1];
            p.lastEpisodeReturn = returns[n];
            p.wallSeconds = returns[n + 1];
            if (sac.warmupActionRepeat() > 1) {
                float[] held = in.floats(HELD_ACTIONS);
                int actDim = p.actions[0].length;
                if (held.length != n * actDim) {
                    throw new CheckpointException(where + " holds " + held.length
                            + " held warm-up action values, expected " + n * actDim);
                }
                for (int i = 0; i < n; i++) {
                    System.arraycopy(held, i * actDim, p.actions[i], 0, actDim);
                }
            }
            if (Boolean.parseBoolean(m.get(MANIFEST_BUFFER).orElse("false"))) {
                ComponentStates.restoreReplayBuffer(in, "buffer", buffer);
            } else {
                LOG.info("{} holds no replay buffer: continuing with an empty one, so the run no longer repeats"
                        + " an uninterrupted one", where);
            }
            if (Boolean.parseBoolean(m.get(MANIFEST_ENV_RESTORABLE).orElse("false")) && envsRestorable()) {
                for (int i = 0; i < n; i++) {
                    float[] saved = Arrays.copyOfRange(obs, i * obsDim, (i + 1) * obsDim);
                    float[] envObs = EnvState.restore(in, EnvState.prefix(i), ((LocalVectorEnv) envs).env(i));
                    if (!Arrays.equals(envObs, saved)) {
                        throw new CheckpointException(where + ": the restored environment observes "
                                + Arrays.toString(envObs) + ", the checkpoint's observation is "
                                + Arrays.toString(saved));
                    }
                    p.obs[i] = saved;
                    p.episodeLength[i] = (int) pos[1 + i];
                    p.episodeReturn[i] = returns[i];
                }
            } else {
                // The environments' state was not saved: continue with new episodes, seeded from the step.
                LOG.warn("{} holds no state of {}: continuing with new episodes, so the run no longer repeats an"
                        + " uninterrupted one", where, envId);
                resetAll(p, envSeed + p.step, p.step, obsDim);
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
        return evaluate(forAgent(envFactory.get()), learner.policy(), seed, episodes);
    }

    /**
     * The environment as the agent sees it: a continuous one through {@link RescaleAction} (the agent
     * acts in {@code [-1, 1]}), a discrete one as it is; any other action space is refused.
     */
    /** {@link #forAgent(Env)} for a vector: {@link RescaleVectorAction} for a Box action space. */
    private static VectorEnv forAgent(VectorEnv raw) {
        if (raw.singleActionSpace() instanceof Box) {
            return new RescaleVectorAction(raw);
        }
        if (raw.singleActionSpace() instanceof Discrete) {
            return raw;
        }
        throw new IllegalArgumentException(raw.id() + ": SAC needs a Box or Discrete action space, got "
                + raw.singleActionSpace());
    }

    private static Env forAgent(Env raw) {
        if (raw.actionSpace() instanceof Box) {
            return new RescaleAction(raw);
        }
        if (raw.actionSpace() instanceof Discrete) {
            return raw;
        }
        throw new IllegalArgumentException(raw.id() + ": SAC needs a Box or Discrete action space, got "
                + raw.actionSpace());
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
        return checkObservation(envId, o, t, obsDim);
    }

    private static float[] checkObservation(Env env, float[] o, long t, int obsDim) {
        return checkObservation(env.id(), o, t, obsDim);
    }

    private static float[] checkObservation(String envId, float[] o, long t, int obsDim) {
        if (o == null || o.length != obsDim) {
            throw new TrainingException(t, envId + " returned an observation of length "
                    + (o == null ? "null" : o.length) + " at step " + t + ", expected " + obsDim);
        }
        for (int i = 0; i < o.length; i++) {
            if (!Float.isFinite(o[i])) {
                throw new TrainingException(t, envId + " returned a non-finite observation at step " + t + ": "
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
