package io.sac4j.sac;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.buffer.Batch;
import io.sac4j.distributions.TanhGaussian;
import io.sac4j.nn.Parameter;
import io.sac4j.nn.Polyak;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Kernels;
import io.sac4j.tensor.Matrix;
import io.sac4j.tensor.Ops;

import java.util.List;

/**
 * SAC as practised today (seed 003; Haarnoja et al. 2018b): twin soft Q networks with polyak-averaged
 * targets, a tanh-Gaussian policy with state-dependent log-std, and a learned temperature.
 *
 * <p>Each {@link #update} is one gradient step, in this order: the critics towards the soft TD
 * target; then the policy against the updated critics, and the temperature; then the targets. The
 * learner owns its networks, optimisers, tapes (one per phase, so each records the same graph and
 * reuses its buffers) and noise generator. An update allocates nothing in steady state (measured
 * with JMH's gc profiler in {@code sac4j-bench}).
 */
public final class SacLearner {
    private final SacConfig config;
    private final int obsDim;
    private final int actDim;
    private final Actor actor;
    private final CriticSide[] critics;
    private final Adam actorOptimizer;
    private final Adam alphaOptimizer;
    private final Parameter logAlpha;
    private final float targetEntropy;
    private final Rng rng;
    // One tape per phase, so each records the same graph every update and reuses its buffers.
    private final Tape targetTape = new Tape();
    private final Tape actorTape = new Tape();
    private final Tape alphaTape = new Tape();
    private Matrix noiseNext = new Matrix(0, 0);
    private Matrix noise = new Matrix(0, 0);
    private Matrix target = new Matrix(0, 0);
    private Matrix minQNext = new Matrix(0, 0);
    private Matrix minQ = new Matrix(0, 0);
    private Matrix dActionQ = new Matrix(0, 0);
    private long updates;
    private double lastCriticLoss = Double.NaN;
    private double lastActorLoss = Double.NaN;
    private double lastAlpha = Double.NaN;
    private double lastTemperatureLoss = Double.NaN;
    private double lastEntropy = Double.NaN;
    private double lastMeanQ = Double.NaN;
    // The phase inputs the critic tasks read (set before each parallel section).
    private Batch batch;
    private Matrix phaseAction;
    private final Kernels.Task targetTask = this::targetPart;
    private final Kernels.Task criticTask = this::criticPart;
    private final Kernels.Task actorForwardTask = this::actorForwardPart;
    private final Kernels.Task actorBackwardTask = this::actorBackwardPart;
    private final Kernels.Task polyakTask = this::polyakPart;

    /**
     * One of the twin critics with everything that is its own: the online and target network, its
     * optimiser (Adam is elementwise, so one per critic is the same update as one over both), and
     * its tapes. The two sides share nothing they write, so they run on two threads at once, each
     * the same arithmetic as on one: results do not depend on the thread count.
     */
    private static final class CriticSide {
        final Critic q;
        final Critic qTarget;
        final List<Parameter> params;
        final List<Parameter> targetParams;
        final Adam optimizer;
        final Tape targetTape = new Tape();
        final Tape learnTape = new Tape();
        final Tape actorTape = new Tape();
        Matrix qNext;
        float loss;
        double meanQ;
        Var qForActor;
        Matrix upstream = new Matrix(0, 0);
        Matrix actionGrad = new Matrix(0, 0);

        CriticSide(Critic q, Critic qTarget, double lr) {
            this.q = q;
            this.qTarget = qTarget;
            this.params = q.parameters();
            this.targetParams = qTarget.parameters();
            this.optimizer = new Adam(params, lr);
        }

        /** {@code Qbar_j(s', a')}, no gradients. */
        void targetQ(Matrix nextObs, Matrix nextAction) {
            targetTape.reset();
            qNext = qTarget.forward(targetTape, targetTape.constant(nextObs), targetTape.constant(nextAction), false)
                    .value();
        }

        /** One step on {@code 0.5 mean((Q_j(s, a) - y)^2)}, this critic's half of the twin loss. */
        void learn(Matrix obs, Matrix act, Matrix y) {
            learnTape.reset();
            optimizer.zeroGrad();
            Var qv = q.forward(learnTape, learnTape.constant(obs), learnTape.constant(act), true);
            Var l = SacLosses.criticLoss(learnTape, qv, learnTape.constant(y));
            loss = l.item();
            meanQ = Ops.mean(qv.value());
            learnTape.backward(l);
            optimizer.step();
        }

        /** {@code Q_j(s, a)} for the policy's actions, frozen weights, recording the path to the action. */
        void forwardForActor(Matrix obs, Matrix action) {
            actorTape.reset();
            actionGrad = ensure(actionGrad, action.rows, action.cols);
            upstream = ensure(upstream, action.rows, 1);
            qForActor = q.forward(actorTape, actorTape.constant(obs), actorTape.param(action, actionGrad), false);
        }

        /** {@code actionGrad = upstream^T dQ_j/da}, upstream set by the caller. */
        void backwardForActor() {
            actionGrad.zeroInPlace();
            actorTape.backward(qForActor, upstream);
        }

        void polyak(float tau) {
            Polyak.update(params, targetParams, tau);
        }
    }

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
        Critic q1 = new Critic("qf1", obsDim, actDim, config.hiddenSizes(), rng);
        Critic q2 = new Critic("qf2", obsDim, actDim, config.hiddenSizes(), rng);
        Critic q1Target = new Critic("qf1_target", obsDim, actDim, config.hiddenSizes(), rng);
        Critic q2Target = new Critic("qf2_target", obsDim, actDim, config.hiddenSizes(), rng);
        q1Target.copyFrom(q1);
        q2Target.copyFrom(q2);
        this.critics = new CriticSide[] {
            new CriticSide(q1, q1Target, config.criticLr()), new CriticSide(q2, q2Target, config.criticLr())};
        this.actorOptimizer = new Adam(actor.parameters(), config.actorLr());
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

    private void targetPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            critics[j].targetQ(batch.nextObservations, phaseAction);
        }
    }

    private void criticPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            critics[j].learn(batch.observations, batch.actions, target);
        }
    }

    private void actorForwardPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            critics[j].forwardForActor(batch.observations, phaseAction);
        }
    }

    private void actorBackwardPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            critics[j].backwardForActor();
        }
    }

    private void polyakPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            critics[j].polyak((float) config.tau());
        }
    }

    private static Matrix ensure(Matrix m, int rows, int cols) {
        return m.rows == rows && m.cols == cols ? m : new Matrix(rows, cols);
    }

    /** What the last {@link #update} measured, as a record (allocated here; the update itself allocates nothing). */
    public SacMetrics lastMetrics() {
        return new SacMetrics(lastCriticLoss, lastActorLoss, lastAlpha, lastTemperatureLoss, lastEntropy, lastMeanQ);
    }

    /** The critic loss of the last update, {@code 0.5 sum_j mean((Q_j - y)^2)}. */
    public double lastCriticLoss() {
        return lastCriticLoss;
    }

    /** The actor loss of the last update, {@code mean(alpha log pi - min_j Q_j)}. */
    public double lastActorLoss() {
        return lastActorLoss;
    }

    /** The temperature the last update used. */
    public double lastAlpha() {
        return lastAlpha;
    }

    /** The policy-entropy estimate {@code -mean(log pi)} of the last update. */
    public double lastEntropy() {
        return lastEntropy;
    }

    /**
     * One gradient step on {@code batch}; its losses are then in {@link #lastMetrics()} and the
     * {@code last...} accessors. Allocates nothing once the first step has sized the buffers.
     *
     * @throws NumericalInstabilityException when a loss is not finite (the step's parameter changes
     *                                       are then already applied: stop training)
     */
    public void update(Batch batch) {
        if (batch.observations.cols != obsDim || batch.actions.cols != actDim) {
            throw new IllegalArgumentException("batch has obs " + batch.observations.cols + ", action "
                    + batch.actions.cols + " columns; the learner expects " + obsDim + ", " + actDim);
        }
        int n = batch.size;
        noiseNext = ensure(noiseNext, n, actDim);
        noise = ensure(noise, n, actDim);
        target = ensure(target, n, 1);
        minQNext = ensure(minQNext, n, 1);
        minQ = ensure(minQ, n, 1);
        dActionQ = ensure(dActionQ, n, actDim);
        float alpha = (float) alpha();
        this.batch = batch;

        // Soft TD target, no gradients: y = r + gamma (1 - d) (min_j Qbar_j(s', a') - alpha log pi(a'|s'))
        targetTape.reset();
        Actor.Output next = actor.forward(targetTape, targetTape.constant(batch.nextObservations), false);
        rng.fillGaussian(noiseNext.data, 0, noiseNext.size());
        TanhGaussian.Sample nextSample =
                TanhGaussian.rsample(targetTape, next.mu(), next.logStd(), targetTape.constant(noiseNext));
        phaseAction = nextSample.action().value();
        Kernels.parallel(targetTask);
        Ops.min(critics[0].qNext, critics[1].qNext, minQNext);
        SacLosses.softTdTarget(batch.rewards, batch.terminated, minQNext, nextSample.logProb().value(), alpha,
                config.gamma(), target);

        // Critics, each on its own thread when there are two: 0.5 sum_j mean((Q_j(s, a) - y)^2)
        Kernels.parallel(criticTask);
        // Each half already carries the 1/2; their float sum is 0.5 (l1 + l2) exactly (scaling by 2 is exact).
        double criticLossValue = critics[0].loss + critics[1].loss;
        double meanQ = critics[0].meanQ;

        // Policy: mean(alpha log pi(a|s) - min_j Q_j(s, a)), a reparameterised; critics frozen. The
        // critics' part of the graph runs on their own tapes (in parallel); the gradient of the loss
        // with respect to the action comes back as G = sum_j u_j^T dQ_j/da, u_j = -1/n on the rows
        // where Q_j is the smaller (Q_1 on ties), and enters the policy's tape as sum(G * a), whose
        // gradient in a is G. The loss value reported is the true one.
        actorTape.reset();
        actorOptimizer.zeroGrad();
        Var actorObs = actorTape.constant(batch.observations);
        Actor.Output out = actor.forward(actorTape, actorObs, true);
        rng.fillGaussian(noise.data, 0, noise.size());
        TanhGaussian.Sample sample = TanhGaussian.rsample(actorTape, out.mu(), out.logStd(), actorTape.constant(noise));
        phaseAction = sample.action().value();
        Kernels.parallel(actorForwardTask);
        float[] q1 = critics[0].qForActor.value().data;
        float[] q2 = critics[1].qForActor.value().data;
        float[] u1 = critics[0].upstream.data;
        float[] u2 = critics[1].upstream.data;
        float share = -(1f / n);
        for (int i = 0; i < n; i++) {
            boolean first = q1[i] <= q2[i];
            minQ.data[i] = first ? q1[i] : q2[i];
            u1[i] = first ? share : 0f;
            u2[i] = first ? 0f : share;
        }
        Var actorLoss = SacLosses.actorLoss(actorTape, sample.logProb(), actorTape.constant(minQ), alpha);
        double actorLossValue = actorLoss.item();
        double entropy = -Ops.mean(sample.logProb().value());
        Kernels.parallel(actorBackwardTask);
        Ops.add(critics[0].actionGrad, critics[1].actionGrad, dActionQ);
        Var surrogate = actorTape.add(actorLoss,
                actorTape.sum(actorTape.mul(sample.action(), actorTape.constant(dActionQ))));
        actorTape.backward(surrogate);
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

        Kernels.parallel(polyakTask);
        this.batch = null;
        this.phaseAction = null;
        updates++;

        if (!Double.isFinite(criticLossValue) || !Double.isFinite(actorLossValue)
                || !Double.isFinite(temperatureLossValue)) {
            throw new NumericalInstabilityException("SAC update " + updates + ": non-finite loss (critic "
                    + criticLossValue + ", actor " + actorLossValue + ", temperature " + temperatureLossValue + ")");
        }
        lastCriticLoss = criticLossValue;
        lastActorLoss = actorLossValue;
        lastAlpha = alpha;
        lastTemperatureLoss = temperatureLossValue;
        lastEntropy = entropy;
        lastMeanQ = meanQ;
    }
}
