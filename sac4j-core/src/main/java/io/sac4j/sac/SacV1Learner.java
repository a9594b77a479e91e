package io.sac4j.sac;

import io.sac4j.policy.Actor;
import io.sac4j.policy.Policy;
import io.sac4j.policy.TanhGaussianPolicy;
import io.sac4j.buffer.Batch;
import io.sac4j.distributions.TanhGaussian;
import io.sac4j.nn.Mlp;
import io.sac4j.random.Rng;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Matrix;

/**
 * SAC as first published (seed 000 §1.1-1.3, seed 001 Algorithm 1; Haarnoja et al. 2018a): twin Q
 * networks (the double-Q form of §1.3) without targets, a state-value network V and its
 * polyak-averaged target Vbar ({@link ValueNetwork}), the tanh-Gaussian policy and the temperature.
 * Each {@link #update} is one gradient step on each objective, in Algorithm 1's order:
 * <pre>
 *   J3  V:      0.5 mean((V(s) - [min_j Q_j(s, a) - alpha log pi(a|s)])^2),   a ~ pi(.|s)
 *   J1  Q_j:    0.5 mean(w (Q_j(s, a_D) - [r + gamma^k (1 - d) Vbar(s')])^2)   (each j, J5 for j = 2)
 *   J2  pi:     mean(alpha log pi(a|s) - min_j Q_j(s, a)),   a = tanh(mu + sigma eps), against the new Q
 *   alpha:      -mean(log alpha (log pi(a|s) + Hbar))   (learned temperature, as in v2; or fixed)
 *   J4  Vbar:   Vbar <- (1 - tau) Vbar + tau V          (the polyak form of minimising 0.5 ||psi - psibar||^2)
 * </pre>
 * {@code k} is each transition's number of steps (1 unless {@link SacConfig#nStep()} > 1) and {@code w}
 * its importance weight (1 unless replay is prioritized). J2 is the seed's {@code E[log pi - Q / alpha]} multiplied by alpha: the same minimiser, and the
 * same scale as v2's policy loss. One sample {@code a} of the policy serves J3's target and J2.
 * The V network has the critics' hidden sizes and learning rate. Only continuous actions. With
 * {@link SacConfig#adjustment()} on, {@link Learners#create} builds an {@link AdjustedSacLearner} instead.
 * Its checkpoint state: the actor, both critics, V and the target V, each trained network's Adam, log
 * alpha and its Adam, the noise generator and the update count.
 */
public final class SacV1Learner extends AbstractLearner {
    /** {@code "sac-v1"}, the kind a checkpoint of this learner records. */
    static final String KIND = "sac-v1";

    private final ContinuousParts parts;
    private final ActorStep actor;
    private final TwinCritics critics;
    private final ValueNetwork value;
    private final TemperatureStep temperature;
    private Matrix target = new Matrix(0, 0);
    private Matrix valueTargets = new Matrix(0, 0);
    private Matrix minQ = new Matrix(0, 0);
    private double lastValueLoss = Double.NaN;

    /** The learner on one thread: {@code this(config, obsDim, actDim, rng, KernelThreads.single())}. */
    public SacV1Learner(SacConfig config, int obsDim, int actDim, Rng rng) {
        this(config, obsDim, actDim, rng, KernelThreads.single());
    }

    /**
     * @param rng     the learner's own generator (network initialisation, then policy noise)
     * @param threads where its products and optimiser steps run (the caller keeps it and closes it)
     * @throws IllegalArgumentException when {@link SacConfig#adjusted()} (that is {@link AdjustedSacLearner})
     */
    public SacV1Learner(SacConfig config, int obsDim, int actDim, Rng rng, KernelThreads threads) {
        // Arguments are evaluated in order: the parts draw their weights from rng before V does.
        this(config, ContinuousParts.create(ContinuousParts.requireUnadjusted(config), obsDim, actDim, false, rng,
                threads), new ValueNetwork(obsDim, config, rng, threads), rng);
    }

    private SacV1Learner(SacConfig config, ContinuousParts parts, ValueNetwork value, Rng rng) {
        super(config, parts.temperature(), parts.state(KIND, config, rng, value));
        this.parts = parts;
        this.actor = parts.actor();
        this.critics = parts.critics();
        this.value = value;
        this.temperature = parts.temperature();
    }

    @Override
    public void update(Batch batch) {
        parts.checkBatch(batch);
        int n = batch.size;
        target = Matrix.reuseOrNew(target, n, 1);
        valueTargets = Matrix.reuseOrNew(valueTargets, n, 1);
        minQ = Matrix.reuseOrNew(minQ, n, 1);
        float alpha = (float) alpha();

        // a ~ pi(.|s), reparameterised: J3's target uses its values, J2 its gradient.
        TanhGaussian.Sample sample = actor.sample(batch.observations);

        // J3: V(s) towards min_j Q_j(s, a) - alpha log pi(a|s).
        critics.minQ(batch.observations, sample.action().value(), minQ);
        SacLosses.softValueTarget(minQ, sample.logProb().value(), alpha, valueTargets);
        double valueLoss = value.learn(batch.observations, valueTargets);

        // J1 (and J5): Q_j(s, a) towards r + gamma^k (1 - d) Vbar(s'), each row's term weighted by w.
        SacLosses.valueTdTarget(batch.rewards, batch.terminated, batch.steps, value.targetValue(batch.nextObservations),
                config().gamma(), target);
        critics.learn(batch.observations, batch.actions, target, batch.weights);
        critics.tdErrors(target, lastStep().tdErrorsFor(n));

        // J2: the policy against the updated critics; then the temperature on the same log pi.
        actor.step(alpha, critics);
        double temperatureLoss = temperature.step(actor.temperatureLogPi());

        // J4: the target V follows V.
        value.polyak((float) config().tau());
        long update = countUpdate();
        if (!Double.isFinite(valueLoss)) {
            throw new NumericalInstabilityException("SAC v1 update " + update + ": non-finite value loss " + valueLoss);
        }
        lastStep().record("SAC v1", update, critics.loss(), actor.loss(), alpha, temperatureLoss, actor.entropy(),
                critics.meanQ());
        lastValueLoss = valueLoss;
    }

    /** J3 of the last update, {@code 0.5 mean((V(s) - v)^2)}. */
    public double lastValueLoss() {
        return lastValueLoss;
    }

    public Actor actor() {
        return actor.actor();
    }

    /** The state-value network {@code V(s)}. */
    public Mlp value() {
        return value.value();
    }

    /** The target state-value network {@code Vbar(s)}. */
    public Mlp valueTarget() {
        return value.valueTarget();
    }

    @Override
    public Policy policy() {
        return new TanhGaussianPolicy(actor.actor());
    }
}
