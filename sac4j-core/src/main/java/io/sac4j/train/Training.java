package io.sac4j.train;

import io.sac4j.buffer.Batch;
import io.sac4j.buffer.NStepWindow;
import io.sac4j.buffer.PrioritizedReplay;
import io.sac4j.buffer.ReplayBuffer;
import io.sac4j.env.Env;
import io.sac4j.env.VectorEnv;
import io.sac4j.random.Rng;
import io.sac4j.sac.Learner;
import io.sac4j.sac.Learners;
import io.sac4j.sac.NumericalInstabilityException;
import io.sac4j.policy.Policy;
import io.sac4j.sac.ReplaySampling;
import io.sac4j.sac.SacConfig;
import io.sac4j.tensor.KernelThreads;

import java.util.Optional;

/**
 * Everything one {@link OffPolicyLoop#run} builds and changes: the learner, the generators split
 * from the run's seed, the replay buffer (and its prioritized sampler, {@link SacConfig#replaySampling()}),
 * the collector, the metrics window and the step reached.
 * Its construction fixes the order in which the seed is split (learner, acting, sampling, the
 * environments' seed, the evaluation seed), which is what makes a seed repeat a run bit for bit.
 */
final class Training {
    final SacConfig sac;
    final RunConfig run;
    final VectorEnv envs;
    final Env evalEnv;
    final Learner learner;
    final Rng actRng;
    final Rng sampleRng;
    final long envSeed;
    /** The evaluation episodes' first reset seed; a resumed run takes the checkpoint's. */
    long evalSeed;
    final ReplayBuffer buffer;
    /** The prioritized sampler over {@link #buffer}; empty for uniform replay. */
    final Optional<PrioritizedReplay> prioritized;
    private final Batch batch;
    final Collector collector;
    private final Policy evalPolicy;
    final MetricsWindow window = new MetricsWindow();
    /** Transitions collected so far. */
    long step;
    /** Vector steps of this run whose gradient steps all ran before the step was stored (see {@link #collectAndUpdate}). */
    long overlappedSteps;
    /** {@link System#nanoTime} at the run's start (moved back by a resumed run's earlier wall time). */
    long startNanos = System.nanoTime();
    /** {@link System#nanoTime} when this process's part of the run began (not moved by a resume). */
    final long loopStartNanos = startNanos;

    /** The loop's threads, also the run's provenance in checkpoints. */
    final KernelThreads threads;

    Training(SacConfig sac, RunConfig run, VectorEnv envs, Env evalEnv, TrainListener[] listeners,
             KernelThreads threads) {
        this.threads = threads;
        this.sac = sac;
        this.run = run;
        this.envs = envs;
        this.evalEnv = evalEnv;
        Rng master = new Rng(run.seed());
        this.learner = Learners.create(sac, envs.singleObservationSpace(), envs.singleActionSpace(), master.split(),
                threads);
        this.actRng = master.split();
        this.sampleRng = master.split();
        this.envSeed = master.nextLong();
        this.evalSeed = master.nextLong();
        int obsDim = envs.singleObservationSpace().flatSize();
        int actDim = envs.singleActionSpace().flatSize();
        this.buffer = new ReplayBuffer((int) Math.min(sac.bufferSize(), run.collectedSteps()), obsDim, actDim);
        this.prioritized = sac.replaySampling() instanceof ReplaySampling.Prioritized p
                ? Optional.of(new PrioritizedReplay(buffer, p.alpha(), p.eps())) : Optional.empty();
        this.batch = new Batch(sac.batchSize(), obsDim, actDim);
        NStepWindow.Sink store = prioritized.isPresent() ? prioritized.get()::add : buffer::add;
        this.collector = new Collector(envs, store, sac.nStep(), sac.gamma(), learner.policy(), actRng, listeners,
                sac.learningStarts(), sac.warmupActionRepeat());
        this.evalPolicy = learner.policy();
    }

    /**
     * One vector step after {@code t0} transitions and the gradient steps due with it; returns
     * {@code t1}, the transitions collected after it.
     *
     * <p>When the step is still on its way after {@link Collector#start} (environments in another
     * process, {@link io.sac4j.env.VectorEnv#startStep}), the gradient steps run meanwhile: each draws
     * its batch as if the step's {@code n} transitions were stored ({@link ReplayBuffer#drawSlots}), and
     * only a draw that needs one of them waits for the step. The learner sees the same batches in the
     * same order as when the step is stored first, so the bits are the same; the environment's time
     * hides behind the update's. With n-step returns or prioritized replay the step is stored first
     * (a step's n-step transitions, and a sum-tree draw, depend on what it returns).
     */
    long collectAndUpdate(long t0) {
        collector.start(t0);
        boolean overlap = collector.inFlight() && sac.nStep() == 1 && prioritized.isEmpty();
        if (!overlap) {
            long t1 = t0 + collector.finish();
            update(t0, t1);
            return t1;
        }
        int n = envs.numEnvs();
        long t1 = t0 + n;
        long updatesBefore = learner.updates();
        update(t0, t1);
        if (collector.started()) {
            finishPending(n);
            if (learner.updates() > updatesBefore) {
                overlappedSteps++;
            }
        }
        return t1;
    }

    /** Stores the started step, which must bring {@code expected} transitions (see {@link #collectAndUpdate}). */
    private void finishPending(int expected) {
        int k = collector.finish();
        if (k != expected) {
            throw new IllegalStateException(envs.id() + ": a vector step that returned before finishing stored " + k
                    + " transitions, not " + expected + " (VectorEnv.startStep's contract)");
        }
    }

    /**
     * The gradient steps due at transitions {@code t0 + 1 .. t1}: at each {@code t > learningStarts}
     * with {@code t % trainFreq == 0}, {@code gradientSteps} updates at the scheduled learning rates
     * (set, as SB3 does, at the start of each training round from the transitions collected so far).
     * With prioritized replay each update draws with beta at {@code t} of the run's total steps and then
     * sets the drawn transitions' priorities from the update's TD errors. A step the collector has
     * started and not stored is stored before the first draw that needs it.
     */
    void update(long t0, long t1) {
        for (long t = t0 + 1; t <= t1; t++) {
            if (t > sac.learningStarts() && t % sac.trainFreq() == 0) {
                learner.setLearningRateFactor(sac.learningRateSchedule().factor(t, run.totalSteps()));
                for (int g = 0; g < sac.gradientSteps(); g++) {
                    double meanWeight = Double.NaN;
                    if (prioritized.isPresent()) {
                        ReplaySampling.Prioritized p = (ReplaySampling.Prioritized) sac.replaySampling();
                        prioritized.get().sample(batch, p.beta(t, run.totalSteps()), sampleRng);
                        meanWeight = meanWeight(batch);
                    } else if (collector.started()) {
                        int n = envs.numEnvs();
                        if (buffer.drawSlots(batch, sampleRng, n)) {
                            finishPending(n);
                        }
                        buffer.copyDrawn(batch);
                    } else {
                        buffer.sample(batch, sampleRng);
                    }
                    try {
                        learner.update(batch);
                    } catch (NumericalInstabilityException e) {
                        throw new TrainingException(t, e.getMessage() + " at step " + t, e);
                    }
                    if (prioritized.isPresent()) {
                        // Finite: a non-finite TD error makes a non-finite critic loss, which stopped the update above.
                        prioritized.get().updatePriorities(batch.slots, learner.lastStep().tdErrors(), batch.size);
                    }
                    window.add(learner, meanWeight);
                }
            }
        }
    }

    private static double meanWeight(Batch b) {
        double sum = 0;
        for (int i = 0; i < b.size; i++) {
            sum += b.weights.data[i];
        }
        return sum / b.size;
    }

    /** The largest priority of the prioritized sampler, NaN for uniform replay. */
    double maxPriority() {
        return prioritized.isPresent() ? prioritized.get().maxPriority() : Double.NaN;
    }

    /** The run's evaluation ({@link Evaluator#evaluate}) of the current policy. */
    EvalResult evaluate() {
        return Evaluator.evaluate(evalEnv, evalPolicy, evalSeed, run.evalEpisodes());
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
