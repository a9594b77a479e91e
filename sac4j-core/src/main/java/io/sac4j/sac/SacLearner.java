package io.sac4j.sac;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.buffer.Batch;
import io.sac4j.distributions.TanhGaussian;
import io.sac4j.nn.Parameter;
import io.sac4j.nn.Polyak;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;
import io.sac4j.tensor.Ops;

import java.util.ArrayList;
import java.util.List;

/**
 * SAC as practised today (seed 003; Haarnoja et al. 2018b): twin soft Q networks with polyak-averaged
 * targets, a tanh-Gaussian policy with state-dependent log-std, and a learned temperature.
 *
 * <p>Each {@link #update} is one gradient step, in this order: the critics towards the soft TD
 * target; then the policy against the updated critics, and the temperature; then the targets. The
 * learner owns its networks, optimisers, tapes (one per phase, so each records the same graph and
 * reuses its buffers) and noise generator. Allocation per update is not yet measured to zero (see
 * the speed issue): the returned metrics record is one known allocation.
 */
public final class SacLearner {
    private final SacConfig config;
    private final int obsDim;
    private final int actDim;
    private final Actor actor;
    private final Critic q1;
    private final Critic q2;
    private final Critic q1Target;
    private final Critic q2Target;
    private final Adam actorOptimizer;
    private final Adam criticOptimizer;
    private final Adam alphaOptimizer;
    private final Parameter logAlpha;
    private final float targetEntropy;
    private final Rng rng;
    // One tape per phase, so each records the same graph every update and reuses its buffers.
    private final Tape targetTape = new Tape();
    private final Tape criticTape = new Tape();
    private final Tape actorTape = new Tape();
    private final Tape alphaTape = new Tape();
    private Matrix noiseNext = new Matrix(0, 0);
    private Matrix noise = new Matrix(0, 0);
    private Matrix target = new Matrix(0, 0);
    private long updates;

    /**
     * @param rng the learner's own generator (network initialisation, then policy noise); split it
     *            from the run's generator
     */
    public SacLearner(SacConfig config, int obsDim, int actDim, Rng rng) {
        if (obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("SacLearner needs obsDim, actDim >= 1, got " + obsDim + ", " + actDim);
        }
        this.config = config;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.rng = rng;
        this.actor = new Actor(obsDim, actDim, config.hiddenSizes(), config.logStdMin(), config.logStdMax(), rng);
        this.q1 = new Critic("qf1", obsDim, actDim, config.hiddenSizes(), rng);
        this.q2 = new Critic("qf2", obsDim, actDim, config.hiddenSizes(), rng);
        this.q1Target = new Critic("qf1_target", obsDim, actDim, config.hiddenSizes(), rng);
        this.q2Target = new Critic("qf2_target", obsDim, actDim, config.hiddenSizes(), rng);
        q1Target.copyFrom(q1);
        q2Target.copyFrom(q2);
        this.actorOptimizer = new Adam(actor.parameters(), config.actorLr());
        List<Parameter> criticParams = new ArrayList<>(q1.parameters());
        criticParams.addAll(q2.parameters());
        this.criticOptimizer = new Adam(criticParams, config.criticLr());
        this.logAlpha = new Parameter("log_alpha", 1, 1);
        logAlpha.value.data[0] = (float) Math.log(config.temperature().initialAlpha());
        this.alphaOptimizer = new Adam(List.of(logAlpha), config.alphaLr());
        this.targetEntropy = (float) config.targetEntropyFor(actDim);
    }

    public SacConfig config() {
        return config;
    }

    public Actor actor() {
        return actor;
    }

    /** A policy that acts with this learner's current actor weights. */
    public Policy policy() {
        return new Policy(actor);
    }

    /** The temperature in force: {@code exp(log alpha)} if learned, else the fixed value. */
    public double alpha() {
        return config.temperature() instanceof Temperature.Fixed f ? f.value() : Math.exp(logAlpha.value.data[0]);
    }

    /** The number of gradient steps taken. */
    public long updates() {
        return updates;
    }

    private static Matrix ensure(Matrix m, int rows, int cols) {
        return m.rows == rows && m.cols == cols ? m : new Matrix(rows, cols);
    }

    /**
     * One gradient step on {@code batch}.
     *
     * @throws NumericalInstabilityException when a loss is not finite (the step's parameter changes
     *                                       are then already applied: stop training)
     */
    public SacMetrics update(Batch batch) {
        if (batch.observations.cols != obsDim || batch.actions.cols != actDim) {
            throw new IllegalArgumentException("batch has obs " + batch.observations.cols + ", action "
                    + batch.actions.cols + " columns; the learner expects " + obsDim + ", " + actDim);
        }
        int n = batch.size;
        noiseNext = ensure(noiseNext, n, actDim);
        noise = ensure(noise, n, actDim);
        target = ensure(target, n, 1);
        float alpha = (float) alpha();

        // Soft TD target, no gradients: y = r + gamma (1 - d) (min_j Qbar_j(s', a') - alpha log pi(a'|s'))
        targetTape.reset();
        Var nextObs = targetTape.constant(batch.nextObservations);
        Actor.Output next = actor.forward(targetTape, nextObs, false);
        rng.fillGaussian(noiseNext.data, 0, noiseNext.size());
        TanhGaussian.Sample nextSample =
                TanhGaussian.rsample(targetTape, next.mu(), next.logStd(), targetTape.constant(noiseNext));
        Var minTargetQ = targetTape.min(q1Target.forward(targetTape, nextObs, nextSample.action(), false),
                q2Target.forward(targetTape, nextObs, nextSample.action(), false));
        SacLosses.softTdTarget(batch.rewards, batch.terminated, minTargetQ.value(), nextSample.logProb().value(), alpha,
                config.gamma(), target);

        // Critics: 0.5 sum_j mean((Q_j(s, a) - y)^2)
        criticTape.reset();
        criticOptimizer.zeroGrad();
        Var obs = criticTape.constant(batch.observations);
        Var act = criticTape.constant(batch.actions);
        Var q1Value = q1.forward(criticTape, obs, act, true);
        Var q2Value = q2.forward(criticTape, obs, act, true);
        Var criticLoss = SacLosses.criticLoss(criticTape, q1Value, q2Value, criticTape.constant(target));
        double criticLossValue = criticLoss.item();
        double meanQ = Ops.mean(q1Value.value());
        criticTape.backward(criticLoss);
        criticOptimizer.step();

        // Policy: mean(alpha log pi(a|s) - min_j Q_j(s, a)), a reparameterised; critics frozen.
        actorTape.reset();
        actorOptimizer.zeroGrad();
        Var actorObs = actorTape.constant(batch.observations);
        Actor.Output out = actor.forward(actorTape, actorObs, true);
        rng.fillGaussian(noise.data, 0, noise.size());
        TanhGaussian.Sample sample = TanhGaussian.rsample(actorTape, out.mu(), out.logStd(), actorTape.constant(noise));
        Var minQ = actorTape.min(q1.forward(actorTape, actorObs, sample.action(), false),
                q2.forward(actorTape, actorObs, sample.action(), false));
        Var actorLoss = SacLosses.actorLoss(actorTape, sample.logProb(), minQ, alpha);
        double actorLossValue = actorLoss.item();
        double entropy = -Ops.mean(sample.logProb().value());
        actorTape.backward(actorLoss);
        actorOptimizer.step();

        // Temperature: -mean(log alpha (log pi + Hbar)), log pi from this step's policy sample.
        double temperatureLossValue = 0.0;
        if (config.temperature() instanceof Temperature.Learned) {
            alphaTape.reset();
            alphaOptimizer.zeroGrad();
            Var loss = SacLosses.temperatureLoss(alphaTape, alphaTape.param(logAlpha.value, logAlpha.grad),
                    alphaTape.constant(sample.logProb().value()), targetEntropy);
            temperatureLossValue = loss.item();
            alphaTape.backward(loss);
            alphaOptimizer.step();
        }

        Polyak.update(q1.parameters(), q1Target.parameters(), (float) config.tau());
        Polyak.update(q2.parameters(), q2Target.parameters(), (float) config.tau());
        updates++;

        if (!Double.isFinite(criticLossValue) || !Double.isFinite(actorLossValue)
                || !Double.isFinite(temperatureLossValue)) {
            throw new NumericalInstabilityException("SAC update " + updates + ": non-finite loss (critic "
                    + criticLossValue + ", actor " + actorLossValue + ", temperature " + temperatureLossValue + ")");
        }
        return new SacMetrics(criticLossValue, actorLossValue, alpha, temperatureLossValue, entropy, meanQ);
    }
}
