package io.sac4j.sac;

import io.sac4j.policy.Actor;
import io.sac4j.policy.Policy;
import io.sac4j.policy.TanhGaussianPolicy;
import io.sac4j.buffer.Batch;
import io.sac4j.distributions.TanhGaussian;
import io.sac4j.random.Rng;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Matrix;

/**
 * SAC as practised today (seed 003; Haarnoja et al. 2018b): twin soft Q networks with polyak-averaged
 * targets, a tanh-Gaussian policy with state-dependent log-std, and a learned temperature.
 *
 * <p>The learner is the composition of its parts ({@link ContinuousParts}: {@link ActorStep},
 * {@link TwinCritics} with targets, {@link TemperatureStep}), each owning its networks, optimiser,
 * tapes and checkpoint entries. Each {@link #update} is one gradient step, in this order: the critics
 * towards the soft TD target; then the policy against the updated critics, and the temperature; then
 * the targets. An update allocates nothing in steady state (measured with JMH's gc profiler in
 * {@code sac4j-bench}). With {@link SacConfig#adjustment()} on, {@link Learners#create} builds an
 * {@link AdjustedSacLearner} instead. Its checkpoint state: the actor, both critics and their targets,
 * each trained network's Adam, log alpha and its Adam, the noise generator and the update count.
 */
public final class SacLearner extends AbstractLearner {
    /** {@code "sac"}, the kind a checkpoint of this learner records. */
    static final String KIND = "sac";

    private final ContinuousParts parts;
    private final ActorStep actor;
    private final TwinCritics critics;
    private final TemperatureStep temperature;
    private Matrix minQNext = new Matrix(0, 0);
    private Matrix target = new Matrix(0, 0);

    /** The learner on one thread: {@code this(config, obsDim, actDim, rng, KernelThreads.single())}. */
    public SacLearner(SacConfig config, int obsDim, int actDim, Rng rng) {
        this(config, obsDim, actDim, rng, KernelThreads.single());
    }

    /**
     * @param rng     the learner's own generator (network initialisation, then policy noise)
     * @param threads where its products and optimiser steps run (the caller keeps it and closes it)
     * @throws IllegalArgumentException when {@link SacConfig#adjusted()} (that is {@link AdjustedSacLearner})
     */
    public SacLearner(SacConfig config, int obsDim, int actDim, Rng rng, KernelThreads threads) {
        this(config, ContinuousParts.create(ContinuousParts.requireUnadjusted(config), obsDim, actDim, true, rng,
                threads), rng);
    }

    private SacLearner(SacConfig config, ContinuousParts parts, Rng rng) {
        super(config, parts.temperature(), parts.state(KIND, config, rng));
        this.parts = parts;
        this.actor = parts.actor();
        this.critics = parts.critics();
        this.temperature = parts.temperature();
    }

    /**
     * One gradient step on {@code batch}; its losses are then in {@link #lastMetrics()} and the
     * {@code last...} accessors. Allocates nothing once the first step has sized the buffers.
     *
     * @throws NumericalInstabilityException when a loss is not finite (the step's parameter changes
     *                                       are then already applied: stop training)
     */
    @Override
    public void update(Batch batch) {
        parts.checkBatch(batch);
        minQNext = Matrix.reuseOrNew(minQNext, batch.size, 1);
        target = Matrix.reuseOrNew(target, batch.size, 1);
        float alpha = (float) alpha();

        // a' ~ pi(.|s') for the target, and a ~ pi(.|s) for the policy step (the policy is not changed
        // by the critics' step): on two threads, one on each.
        TanhGaussian.Sample next = actor.samples(batch.nextObservations, batch.observations);

        // Soft TD target, no gradients: y = r + gamma^k (1 - d) (min_j Qbar_j(s', a') - alpha log pi(a'|s'))
        critics.minTargetQ(batch.nextObservations, next.action().value(), minQNext);
        SacLosses.softTdTarget(batch.rewards, batch.terminated, batch.steps, minQNext, next.logProb().value(), alpha,
                config().gamma(), target);

        // Critics, each on its own thread when there are two: 0.5 sum_j mean(w (Q_j(s, a) - y)^2)
        critics.learn(batch.observations, batch.actions, target, batch.weights);
        critics.tdErrors(target, lastStep().tdErrorsFor(batch.size));

        // Policy: mean(alpha log pi(a|s) - min_j Q_j(s, a)), a reparameterised, against the updated critics.
        actor.step(alpha, critics);

        // Temperature: -mean(log alpha (log pi + Hbar)), log pi as the policy step estimated it.
        double temperatureLoss = temperature.step(actor.temperatureLogPi());

        // Targets: Qbar_j <- (1 - tau) Qbar_j + tau Q_j
        critics.polyak((float) config().tau());
        long update = countUpdate();
        lastStep().record("SAC", update, critics.loss(), actor.loss(), alpha, temperatureLoss, actor.entropy(),
                critics.meanQ());
    }

    public Actor actor() {
        return actor.actor();
    }

    /** A policy that acts with this learner's current actor weights. */
    @Override
    public Policy policy() {
        return new TanhGaussianPolicy(actor.actor());
    }
}
