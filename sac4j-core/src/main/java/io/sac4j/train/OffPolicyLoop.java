package io.sac4j.train;

import io.sac4j.buffer.ReplayBuffer;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.Manifest;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Env;
import io.sac4j.env.EnvironmentsGoneException;
import io.sac4j.env.RescaleAction;
import io.sac4j.env.RescaleVectorAction;
import io.sac4j.env.RestorableEnv;
import io.sac4j.env.VectorEnv;
import io.sac4j.env.VectorStep;
import io.sac4j.sac.Learner;
import io.sac4j.sac.Learners;
import io.sac4j.sac.NumericalInstabilityException;
import io.sac4j.policy.Policy;
import io.sac4j.sac.SacConfig;
import io.sac4j.random.Rng;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Matrix;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Off-policy training: act, store, sample, update, evaluate. Built with {@link #builder}; its parts
 * are the {@link Collector} (act, guard, step, store), the updates of {@link Training}, the
 * {@link Evaluator}, and the run's checkpoint ({@link RunCheckpoint}: the learner, the generators,
 * the loop's {@link LoopState}, the environments' {@link RestorableEnv} state, the buffer).
 *
 * <p>The learner comes from {@link Learners#create}: continuous SAC ({@link SacConfig#variant()} v2
 * or v1) for a {@link Box} action space, discrete SAC for a {@link Discrete} one.
 *
 * <p>Per environment step {@code t = 1..totalSteps}: the action is uniform (in {@code [-1, 1]^|A|},
 * or over the discrete actions) while {@code t <= learningStarts}, each draw held for
 * {@link SacConfig#warmupActionRepeat} steps (1 by default: a new draw every step), else drawn from the
 * policy; the transition goes into the replay buffer ({@code terminated} as the bootstrap mask, the
 * real next observation on truncation); once {@code t > learningStarts}, on every step with
 * {@code t % trainFreq == 0}, {@code gradientSteps} updates follow (SB3's {@code train_freq} and
 * {@code gradient_steps}), at the learning rates {@link SacConfig#learningRateSchedule()} gives for
 * {@code t} of {@code totalSteps}. Every {@code evalEvery} steps the deterministic policy plays
 * {@code evalEpisodes} episodes on a separate evaluation environment (continuous: {@code tanh(mu)};
 * discrete: the most likely action), and a metrics row goes to the listeners.
 *
 * <p>The training environments are a {@link VectorEnv} of N = {@link RunConfig#nEnvs()} copies:
 * built by the loop from a factory ({@link Builder#envs(Supplier)}: copy {@code i} first reset with
 * seed {@code envSeed + i}, then continuing its own generator; stepped on the training thread, since a
 * classic-control step costs far less than an update), or given ({@link Builder#envs(VectorEnv)}: a
 * vector that lives elsewhere, such as a remote one). One batched policy call
 * ({@link Policy#act(Matrix, Matrix, Rng)}) serves all N observations per vector step; N transitions
 * are stored, in copy order, less the copies {@link VectorStep#absent} in it (on a lost env host: t counts
 * only transitions stored, see {@link Collector#collect}). A copy whose episode was truncated stores its real final observation
 * ({@link VectorStep#finalObservations()}), not the first one of the episode the autoreset began.
 * {@code t} counts transitions over all copies (Stable-Baselines3's {@code num_timesteps}): the vector
 * step that collects transitions {@code t0 + 1 .. t0 + N} acts uniformly when {@code t0 < learningStarts}
 * (SB3 decides for the whole vector step too), and the update rule above is applied to each of its
 * transitions {@code t} in turn after all N are stored. With the defaults ({@code trainFreq = 1},
 * {@code gradientSteps = 1}) that is one gradient step per collected transition, N per vector step,
 * which is SB3's {@code train_freq=1, gradient_steps=-1}; SB3 counts {@code train_freq} in vector steps
 * and its default {@code gradient_steps=1} makes one update per vector step, whereas here both count
 * transitions, so the ratio of updates to transitions, and the number of updates in a run of
 * {@code totalSteps}, do not depend on N. Evaluations and checkpoints happen after the vector step
 * during which the transition count passes a multiple of {@code evalEvery} (of the checkpoint
 * interval), recorded at the count after it, and the end of the run (its last step, or the one an
 * early stop ended at) is saved in a checkpoint too when the interval did not just save it; training
 * ends at the first vector step that reaches {@code totalSteps} ({@link RunConfig#collectedSteps}).
 * Episode ends of every copy go to the listeners, each at its transition's {@code t}. With N = 1 this
 * is the single-environment loop, bit for bit.
 *
 * <p>Replay ({@link SacConfig#nStep()}, {@link SacConfig#replaySampling()}): each copy's transitions pass
 * through its own {@link io.sac4j.buffer.NStepWindow}, which stores n-step transitions (the discounted sum
 * of k <= n rewards, the state after them, k; cut at the episode's end, terminated or truncated); with
 * n = 1 every transition is stored at once, unchanged. With prioritized replay
 * ({@link io.sac4j.buffer.PrioritizedReplay}) a transition enters at the largest priority seen, each
 * update draws proportionally to priority with beta annealed linearly from beta0 to 1 over
 * {@code totalSteps}, weights its critic loss by the importance weights, and the drawn transitions'
 * priorities are then set from the update's TD errors ({@link io.sac4j.sac.StepStats#tdErrors()}).
 *
 * <p>Continuous actions pass through {@link RescaleAction} ({@link RescaleVectorAction} for the
 * training vector), so the agent always acts in {@code [-1, 1]}. Everything random derives from
 * {@link RunConfig#seed()}: the same seed and thread count give the same run, bit for bit. The loop
 * closes the environments it built, at the end of each {@link #run}; those it was given, the caller closes.
 */
public final class OffPolicyLoop {
    /**
     * Logs the run's events, never a step: INFO the start, a resume, each checkpoint written and the
     * end; WARN a resume that cannot repeat the run exactly and a guard that stops training; DEBUG
     * each evaluation. Silent without an SLF4J provider ({@link LibraryLog}).
     */
    private static final Logger LOG = LibraryLog.get(OffPolicyLoop.class);

    private final SacConfig sac;
    private final RunConfig run;
    private final Supplier<Env> envFactory;
    private final VectorEnv givenEnvs;
    private final Supplier<Env> evalFactory;
    private final Env givenEvalEnv;
    /** An array, not a list: the loop walks it after every step ({@link TrainListener#onStep}) without an iterator. */
    private final TrainListener[] listeners;
    private final Checkpointing checkpointing;
    private final Path resumeFrom;
    private final int threads;
    private Training last;

    private OffPolicyLoop(Builder b) {
        this.sac = b.sac;
        this.run = b.run;
        this.envFactory = b.envFactory;
        this.givenEnvs = b.givenEnvs;
        this.evalFactory = b.evalFactory != null ? b.evalFactory : b.envFactory;
        this.givenEvalEnv = b.givenEvalEnv;
        this.listeners = b.listeners.toArray(new TrainListener[0]);
        this.checkpointing = b.checkpointing;
        this.resumeFrom = b.resumeFrom;
        this.threads = b.threads;
    }

    /** A loop of {@code sac} and {@code run}; name its environments with {@link Builder#envs}. */
    public static Builder builder(SacConfig sac, RunConfig run) {
        return new Builder(sac, run);
    }

    /**
     * Trains; see the class comment. With a checkpoint to resume from, first restores it, then
     * continues at the step after it.
     *
     * @throws ResumeException   when the checkpoint is of another format, environment or configuration
     *                           (naming each differing field), or its content does not fit this run
     * @throws TrainingException when the environment returns a non-finite or misshapen observation or
     *                           a non-finite reward, refuses an action, or a loss or a parameter is not
     *                           finite; no checkpoint is written after it
     */
    public TrainResult run() {
        try (KernelThreads kernelThreads = KernelThreads.create(threads);
             LoopEnvironments envs = LoopEnvironments.open(envFactory, givenEnvs, evalFactory, givenEvalEnv, run.nEnvs())) {
            Training tr = new Training(sac, run, envs.training(), envs.evaluation(), listeners, kernelThreads);
            last = tr;
            start(tr);
            long total = run.collectedSteps();
            Path lastCheckpoint = resumeFrom;
            try {
                // One vector step collects transitions t0 + 1 .. t1 = t0 + n (one step of one env when n = 1),
                // fewer while copies are absent (on a lost env host).
                for (long t0 = tr.step; t0 < total; t0 = tr.step) {
                    // act, guard, step, store (episode ends to the listeners), and the gradient steps due at t0 + 1 .. t1
                    long t1 = tr.collectAndUpdate(t0);
                    if (passesMultiple(t0, t1, run.evalEvery())) {
                        evaluate(tr, t1);
                    }
                    tr.step = t1;
                    // The last step is saved too, on the interval or not, so the trained agent is never lost.
                    boolean saved = checkpointing != null
                            && (passesMultiple(t0, t1, checkpointing.every()) || t1 >= total);
                    if (saved) {
                        lastCheckpoint = checkpoint(tr);
                    }
                    for (TrainListener l : listeners) {
                        l.onStep(t1);
                    }
                    if (stopRequested()) {
                        if (checkpointing != null && !saved) {
                            lastCheckpoint = checkpoint(tr);   // so is the step an early stop ends at
                        }
                        break;
                    }
                }
            } catch (TrainingException e) {
                throw stopped(tr, e, lastCheckpoint);
            }
            return finish(tr);
        }
    }

    /** Logs a stop; returns {@code e}, naming the last checkpoint too when the environments are gone (to resume from). */
    private static TrainingException stopped(Training tr, TrainingException e, Path lastCheckpoint) {
        String last = lastCheckpoint == null ? "none (none written)" : lastCheckpoint.toString();
        LOG.warn("training {} stopped by a guard at step {}; the last good checkpoint is {}", tr.envs.id(),
                e.step(), last, e);
        return e.getCause() instanceof EnvironmentsGoneException
                ? new TrainingException(e.step(), e.getMessage() + "; the last checkpoint is " + last, e) : e;
    }

    /** A fresh start (every copy reset from the run's environment seed), or the checkpoint's state. */
    private void start(Training tr) {
        if (resumeFrom == null) {
            LOG.info("training {} for {} steps with {} on {} env(s) (seed {}, {} thread(s))", tr.envs.id(),
                    run.totalSteps(), tr.learner.getClass().getSimpleName(), run.nEnvs(), run.seed(), threads);
            tr.collector.resetAll(tr.envSeed, 0);
        } else {
            RunCheckpoint.restore(resumeFrom, tr);
            LOG.info("resuming {} from {} at step {} of {} ({} thread(s))", tr.envs.id(), resumeFrom, tr.step,
                    run.totalSteps(), threads);
        }
    }

    /** Evaluates and hands the metrics row of step {@code t} to the listeners. */
    private void evaluate(Training tr, long t) {
        EvalResult e = tr.evaluate();
        EvalRecord record = tr.window.takeRecord(t, tr.seconds(), e, tr.collector.lastEpisodeReturn, tr.maxPriority());
        if (LOG.isDebugEnabled()) {
            LOG.debug("evaluation at step {}: mean return {}", t, e.plusMinus());
        }
        for (TrainListener l : listeners) {
            l.onEvaluation(record);
        }
    }

    /** The final evaluation, the result, {@link TrainListener#onFinish}. */
    private TrainResult finish(Training tr) {
        EvalResult finalEval = tr.evaluate();
        TrainResult result = new TrainResult(finalEval, tr.step, tr.seconds(), tr.learner, tr.collector.envNanos / 1e9);
        if (LOG.isInfoEnabled()) {
            LOG.info("trained {} to step {} in {} s: final evaluation {} over {} episodes", tr.envs.id(), tr.step,
                    String.format(Locale.ROOT, "%.1f", result.wallSeconds()), finalEval.plusMinus(), finalEval.episodes());
            LOG.info("the loop waited on the training environments (stepping and storing) {} s of its {} s{}",
                    String.format(Locale.ROOT, "%.1f", tr.collector.envNanos / 1e9),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - tr.loopStartNanos) / 1e9),
                    tr.overlappedSteps == 0 ? "" : "; " + tr.overlappedSteps
                            + " vector steps ran all their gradient steps while the environments stepped");
        }
        for (TrainListener l : listeners) {
            l.onFinish(result);
        }
        return result;
    }

    /** Writes a checkpoint of step {@code tr.step} and tells the listeners; returns its file. */
    private Path checkpoint(Training tr) {
        Path file;
        try {
            file = RunCheckpoint.save(checkpointing, tr);
        } catch (NumericalInstabilityException e) {
            throw new TrainingException(tr.step, e.getMessage() + " at step " + tr.step
                    + " (not saved; the last good checkpoint is kept)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        LOG.info("checkpoint of step {} written: {}", tr.step, file);
        for (TrainListener l : listeners) {
            l.onCheckpoint(tr.step, file);
        }
        return file;
    }

    private boolean stopRequested() {
        for (TrainListener l : listeners) {
            if (l.shouldStop()) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code (from, to]} holds a multiple of {@code every}: a schedule point the step passed. */
    static boolean passesMultiple(long from, long to, long every) {
        return to / every > from / every;
    }

    /** The replay buffer of the last {@link #run} (for tests: what was stored). */
    ReplayBuffer lastBuffer() {
        return last.buffer;
    }

    /** The vector steps of the last {@link #run} whose gradient steps ran while the environments stepped. */
    long lastOverlappedSteps() {
        return last.overlappedSteps;
    }

    /**
     * Named parts of a loop. Training environments: a factory ({@link #envs(Supplier)}, which also makes
     * the evaluation environment unless one is named) or a given vector ({@link #envs(VectorEnv)}, which
     * needs {@link #evalEnv}). Listeners, checkpointing and a checkpoint to resume from are optional.
     */
    public static final class Builder {
        private final SacConfig sac;
        private final RunConfig run;
        private Supplier<Env> envFactory;
        private VectorEnv givenEnvs;
        private Supplier<Env> evalFactory;
        private Env givenEvalEnv;
        private final List<TrainListener> listeners = new ArrayList<>();
        private Checkpointing checkpointing;
        private Path resumeFrom;
        private int threads = 1;

        private Builder(SacConfig sac, RunConfig run) {
            this.sac = Objects.requireNonNull(sac, "sac");
            this.run = Objects.requireNonNull(run, "run");
        }

        /**
         * Training on {@link RunConfig#nEnvs()} copies from {@code factory}, built (and closed) by each
         * {@link #run}, and evaluating on one more from it unless {@link #evalEnv} names another.
         */
        public Builder envs(Supplier<Env> factory) {
            this.envFactory = Objects.requireNonNull(factory, "factory");
            this.givenEnvs = null;
            return this;
        }

        /**
         * Training on a vector the caller built and closes (a remote one, say), of
         * {@link RunConfig#nEnvs()} copies; its continuous actions are rescaled by the loop
         * ({@link RescaleVectorAction}). Its copies are saved in checkpoints when it offers them
         * ({@link VectorEnv#restorableCopies()}); otherwise a resumed run starts new episodes.
         */
        public Builder envs(VectorEnv given) {
            this.givenEnvs = Objects.requireNonNull(given, "given");
            this.envFactory = null;
            return this;
        }

        /** Evaluating on environments from {@code factory}: one per {@link #run}, closed after it. */
        public Builder evalEnv(Supplier<Env> factory) {
            this.evalFactory = Objects.requireNonNull(factory, "factory");
            this.givenEvalEnv = null;
            return this;
        }

        /** Evaluating on {@code given}, which the caller closes (its continuous actions rescaled by the loop). */
        public Builder evalEnv(Env given) {
            this.givenEvalEnv = Objects.requireNonNull(given, "given");
            this.evalFactory = null;
            return this;
        }

        public Builder listeners(List<TrainListener> ls) {
            listeners.addAll(List.copyOf(ls));
            return this;
        }

        public Builder listener(TrainListener l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** Writes checkpoints as {@code c} says (without this call: none). */
        public Builder checkpointing(Checkpointing c) {
            this.checkpointing = Objects.requireNonNull(c, "checkpointing");
            return this;
        }

        /**
         * Continues from checkpoint {@code file} (without this call: trains from scratch). The environment
         * id, {@code sac} and {@code run} must be the ones the checkpoint was made with (checked, field by
         * field, when {@link #run} starts); the listeners see the events after the checkpoint's step only,
         * so files they append to must first be cut back with {@link RecordedFiles#truncate}.
         */
        public Builder resumeFrom(Path file) {
            this.resumeFrom = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Runs the learner's products and optimiser steps on {@code n} threads (default 1): the loop
         * creates the {@link KernelThreads} when {@link #run} starts and closes it when it ends. The
         * thread count changes speed, never a bit of the run.
         */
        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + n);
            }
            this.threads = n;
            return this;
        }

        /** @throws IllegalArgumentException when no training environments are named, or a given vector's size or evaluation is missing */
        public OffPolicyLoop build() {
            if (envFactory == null && givenEnvs == null) {
                throw new IllegalArgumentException("OffPolicyLoop needs training environments: envs(factory) or"
                        + " envs(vectorEnv)");
            }
            if (givenEnvs != null && givenEnvs.numEnvs() != run.nEnvs()) {
                throw new IllegalArgumentException("the given VectorEnv has " + givenEnvs.numEnvs()
                        + " copies, RunConfig.nEnvs is " + run.nEnvs());
            }
            if (envFactory == null && evalFactory == null && givenEvalEnv == null) {
                throw new IllegalArgumentException("a loop on a given VectorEnv needs an evaluation environment:"
                        + " evalEnv(env) or evalEnv(factory)");
            }
            return new OffPolicyLoop(this);
        }
    }
}
