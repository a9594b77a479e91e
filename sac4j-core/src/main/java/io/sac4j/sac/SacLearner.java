package io.sac4j.sac;

import io.sac4j.autodiff.Tape;
import io.sac4j.buffer.Batch;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.ComponentStates;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.checkpoint.StateWriter;
import io.sac4j.distributions.TanhGaussian;
import io.sac4j.nn.Parameter;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Kernels;
import io.sac4j.tensor.Matrix;
import io.sac4j.tensor.Ops;

import java.io.IOException;
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
public final class SacLearner implements Learner {
    private final SacConfig config;
    private final int obsDim;
    private final int actDim;
    private final Actor actor;
    private final CriticSide[] critics;
    private final PolicyStep policyStep;
    private final TemperatureStep temperature;
    private final SacV2Game game;
    private final Rng rng;
    // One tape per phase, so each records the same graph every update and reuses its buffers.
    private final Tape targetTape = new Tape();
    private Matrix noiseNext = new Matrix(0, 0);
    private Matrix target = new Matrix(0, 0);
    private Matrix minQNext = new Matrix(0, 0);
    private long updates;
    private final StepStats stats = new StepStats();
    // The phase inputs the critic tasks read (set before each parallel section).
    private Batch batch;
    private Matrix phaseAction;
    private final Kernels.Task targetTask = this::targetPart;
    private final Kernels.Task criticTask = this::criticPart;
    private final Kernels.Task polyakTask = this::polyakPart;

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
            new CriticSide("qf1", q1, q1Target, config.criticLr()),
            new CriticSide("qf2", q2, q2Target, config.criticLr())};
        this.policyStep = new PolicyStep(actor, new Adam(actor.parameters(), config.actorLr()), critics, rng,
                config.entropyEstimate());
        this.temperature =
                new TemperatureStep(config.temperature(), config.alphaLr(), config.targetEntropyFor(actDim));
        this.game = config.adjusted() ? new SacV2Game(critics, actor, policyStep, temperature, config, rng) : null;
    }

    @Override
    public SacConfig config() {
        return config;
    }

    public Actor actor() {
        return actor;
    }

    /** A policy that acts with this learner's current actor weights. */
    @Override
    public Policy policy() {
        return new TanhGaussianPolicy(actor);
    }

    @Override
    public void setLearningRateFactor(double factor) {
        for (CriticSide c : critics) {
            c.optimizer.setLearningRateFactor(factor);
        }
        policyStep.optimizer().setLearningRateFactor(factor);
        temperature.optimizer().setLearningRateFactor(factor);
    }

    /** The temperature in force: {@code exp(log alpha)} if learned, else the fixed value. */
    @Override
    public double alpha() {
        return temperature.alpha();
    }

    @Override
    public StepStats lastStep() {
        return stats;
    }

    /** The number of gradient steps taken. */
    @Override
    public long updates() {
        return updates;
    }

    /** {@code "sac"}, the kind a checkpoint of this learner records. */
    static final String KIND = "sac";

    /**
     * Writes the whole state (see {@link LearnerState}): the actor, both critics and their targets,
     * each trained network's Adam, log alpha and its Adam, the noise generator and the update count.
     * Refuses, before writing anything, a state with a non-finite parameter. Does not modify the learner.
     */
    @Override
    public void saveState(StateWriter out) throws IOException {
        List<Parameter> actorParams = actor.parameters();
        LearnerState.requireFinite("actor", actorParams);
        LearnerState.putHeader(out, KIND, LearnerState.dims(obsDim, actDim, config.hiddenSizes()), updates, rng);
        LearnerState.putNetwork(out, "actor", actorParams, policyStep.optimizer());
        for (CriticSide c : critics) {
            c.saveState(out);
        }
        temperature.saveState(out);
    }

    @Override
    public void restoreState(StateReader in) throws CheckpointException {
        long saved = LearnerState.restoreHeader(in, KIND, LearnerState.dims(obsDim, actDim, config.hiddenSizes()));
        LearnerState.restoreNetwork(in, "actor", actor.parameters(), policyStep.optimizer());
        for (CriticSide c : critics) {
            c.restoreState(in);
        }
        temperature.restoreState(in);
        ComponentStates.restoreRng(in, LearnerState.PREFIX + ".rng", rng);
        updates = saved;
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

    private void polyakPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            critics[j].polyak((float) config.tau());
        }
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
        if (batch.observations.cols != obsDim || batch.actions.cols != actDim) {
            throw new IllegalArgumentException("batch has obs " + batch.observations.cols + ", action "
                    + batch.actions.cols + " columns; the learner expects " + obsDim + ", " + actDim);
        }
        int n = batch.size;
        noiseNext = CriticSide.ensure(noiseNext, n, actDim);
        target = CriticSide.ensure(target, n, 1);
        minQNext = CriticSide.ensure(minQNext, n, 1);
        float alpha = (float) alpha();
        if (game != null) {
            adjustedUpdate(batch, alpha);
            return;
        }
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

        // Policy: mean(alpha log pi(a|s) - min_j Q_j(s, a)), a reparameterised, against the updated critics.
        policyStep.sample(batch);
        policyStep.step(alpha);
        double actorLossValue = policyStep.loss();
        double entropy = policyStep.entropy();

        // Temperature: -mean(log alpha (log pi + Hbar)), log pi as the policy step estimated it.
        double temperatureLossValue = temperature.step(policyStep.temperatureLogPi());

        Kernels.parallel(polyakTask);
        this.batch = null;
        this.phaseAction = null;
        updates++;

        record(criticLossValue, actorLossValue, alpha, temperatureLossValue, entropy, meanQ);
    }

    /**
     * The update with the dynamic-matrix adjustment ({@link SacConfig#adjustment()}): the players of
     * {@link SacV2Game} (critics, actor, temperature when learned, targets) step at once along the
     * adjusted direction.
     */
    private void adjustedUpdate(Batch b, float alpha) {
        game.update(b, alpha, config.adjustment());
        updates++;
        double temperatureLossValue = game.alphaIsPlayer() ? game.loss(2) : 0.0;
        record(game.loss(0), game.loss(1), alpha, temperatureLossValue, -Ops.mean(game.logPiAtTheta()),
                game.meanQAtTheta());
    }

    private void record(double criticLoss, double actorLoss, float alpha, double temperatureLoss, double entropy,
            double meanQ) {
        if (!Double.isFinite(criticLoss) || !Double.isFinite(actorLoss) || !Double.isFinite(temperatureLoss)) {
            throw new NumericalInstabilityException("SAC update " + updates + ": non-finite loss (critic "
                    + criticLoss + ", actor " + actorLoss + ", temperature " + temperatureLoss + ")");
        }
        stats.record(criticLoss, actorLoss, alpha, temperatureLoss, entropy, meanQ);
    }

    /**
     * With the gradient adjustment on: the game's players in block order (see {@link SacV2Game}'s
     * table), and per player {@code {||xi_i||, ||adjustment_i||}} of the last update (the scale mismatch
     * of seed 000 §1.4.1, measured). Empty lists / arrays when the adjustment is off.
     */
    public List<String> gamePlayers() {
        return game == null ? List.of() : game.playerNames();
    }

    /** See {@link #gamePlayers()}. */
    public double[][] lastGameNorms() {
        return game == null ? new double[0][] : game.lastBlockNorms();
    }

    /** The game of the adjusted update, or null when {@link SacConfig#adjustment()} is off. */
    SacGame game() {
        return game;
    }
}
