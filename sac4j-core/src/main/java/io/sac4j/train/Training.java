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
    /** {@link System#nanoTime} at the run's start (moved back by a resumed run's earlier wall time). */
    long startNanos = System.nanoTime();

    Training(SacConfig sac, RunConfig run, VectorEnv envs, Env evalEnv, TrainListener[] listeners) {
        this.sac = sac;
        this.run = run;
        this.envs = envs;
        this.evalEnv = evalEnv;
        Rng master = new Rng(run.seed());
        this.learner = Learners.create(sac, envs.singleObservationSpace(), envs.singleActionSpace(), master.split());
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
     * The gradient steps due at transitions {@code t0 + 1 .. t1}: at each {@code t > learningStarts}
     * with {@code t % trainFreq == 0}, {@code gradientSteps} updates at the scheduled learning rates
     * (set, as SB3 does, at the start of each training round from the transitions collected so far).
     * With prioritized replay each update draws with beta at {@code t} of the run's total steps and then
     * sets the drawn transitions' priorities from the update's TD errors.
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
