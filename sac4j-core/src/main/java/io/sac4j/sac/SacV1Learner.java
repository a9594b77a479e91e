package io.sac4j.sac;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.buffer.Batch;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.ComponentStates;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.checkpoint.StateWriter;
import io.sac4j.distributions.TanhGaussian;
import io.sac4j.nn.Mlp;
import io.sac4j.nn.Polyak;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Kernels;
import io.sac4j.tensor.Matrix;
import io.sac4j.tensor.Ops;

import java.io.IOException;
import java.util.List;


/**
 * SAC as first published (seed 000 §1.1-1.3, seed 001 Algorithm 1; Haarnoja et al. 2018a): twin Q
 * networks (the double-Q form of §1.3) without targets, a state-value network V and its
 * polyak-averaged target Vbar, the tanh-Gaussian policy and the temperature. Each {@link #update}
 * is one gradient step on each objective, in Algorithm 1's order:
 * <pre>
 *   J3  V:      0.5 mean((V(s) - [min_j Q_j(s, a) - alpha log pi(a|s)])^2),   a ~ pi(.|s)
 *   J1  Q_j:    0.5 mean((Q_j(s, a_D) - [r + gamma (1 - d) Vbar(s')])^2)       (each j, J5 for j = 2)
 *   J2  pi:     mean(alpha log pi(a|s) - min_j Q_j(s, a)),   a = tanh(mu + sigma eps), against the new Q
 *   alpha:      -mean(log alpha (log pi(a|s) + Hbar))   (learned temperature, as in v2; or fixed)
 *   J4  Vbar:   Vbar <- (1 - tau) Vbar + tau V          (the polyak form of minimising 0.5 ||psi - psibar||^2)
 * </pre>
 * J2 is the seed's {@code E[log pi - Q / alpha]} multiplied by alpha: the same minimiser, and the
 * same scale as v2's policy loss. One sample {@code a} of the policy serves J3's target and J2.
 * The V network has the critics' hidden sizes and learning rate. Only continuous actions.
 */
public final class SacV1Learner implements Learner {
    private final SacConfig config;
    private final int obsDim;
    private final int actDim;
    private final Actor actor;
    private final CriticSide[] critics;
    private final PolicyStep policyStep;
    private final TemperatureStep temperature;
    private final SacV1Game game;
    private final Mlp value;
    private final Mlp valueTarget;
    private final Adam valueOptimizer;
    private final Rng rng;
    private final Tape targetTape = new Tape();
    private final Tape valueTape = new Tape();
    private final Kernels.Task criticTask = this::criticPart;
    private Matrix target = new Matrix(0, 0);
    private Matrix valueTargets = new Matrix(0, 0);
    private Matrix minQ = new Matrix(0, 0);
    private Batch batch;
    private long updates;
    private final StepStats stats = new StepStats();
    private double lastValueLoss = Double.NaN;

    /** @param rng the learner's own generator (network initialisation, then policy noise) */
    public SacV1Learner(SacConfig config, int obsDim, int actDim, Rng rng) {
        if (obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("SacV1Learner needs obsDim, actDim >= 1, got " + obsDim + ", " + actDim);
        }
        this.config = config;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.rng = rng;
        this.actor = new Actor(obsDim, actDim, config.hiddenSizes(), config.logStdMin(), config.logStdMax(), rng);
        this.critics = new CriticSide[] {
            new CriticSide("qf1", new Critic("qf1", obsDim, actDim, config.hiddenSizes(), rng), null, config.criticLr()),
            new CriticSide("qf2", new Critic("qf2", obsDim, actDim, config.hiddenSizes(), rng), null, config.criticLr())};
        int[] sizes = Mlp.sizes(obsDim, config.hiddenSizes(), 1);
        this.value = new Mlp("vf", sizes, rng);
        this.valueTarget = new Mlp("vf_target", sizes, rng);
        valueTarget.copyFrom(value);
        this.valueOptimizer = new Adam(value.parameters(), config.criticLr());
        this.policyStep = new PolicyStep(actor, new Adam(actor.parameters(), config.actorLr()), critics, rng,
                config.entropyEstimate());
        this.temperature =
                new TemperatureStep(config.temperature(), config.alphaLr(), config.targetEntropyFor(actDim));
        this.game = config.adjusted()
                ? new SacV1Game(critics, actor, policyStep.optimizer(), value, valueOptimizer, valueTarget, config, rng)
                : null;
    }

    @Override
    public SacConfig config() {
        return config;
    }

    public Actor actor() {
        return actor;
    }

    /** The state-value network {@code V(s)}. */
    public Mlp value() {
        return value;
    }

    /** The target state-value network {@code Vbar(s)}. */
    public Mlp valueTarget() {
        return valueTarget;
    }

    @Override
    public Policy policy() {
        return new TanhGaussianPolicy(actor);
    }

    @Override
    public double alpha() {
        return temperature.alpha();
    }

    @Override
    public void setLearningRateFactor(double factor) {
        for (CriticSide c : critics) {
            c.optimizer.setLearningRateFactor(factor);
        }
        valueOptimizer.setLearningRateFactor(factor);
        policyStep.optimizer().setLearningRateFactor(factor);
        temperature.optimizer().setLearningRateFactor(factor);
    }

    @Override
    public StepStats lastStep() {
        return stats;
    }

    @Override
    public long updates() {
        return updates;
    }

    /** J3 of the last update, {@code 0.5 mean((V(s) - v)^2)}. */
    public double lastValueLoss() {
        return lastValueLoss;
    }

    /** {@code "sac-v1"}, the kind a checkpoint of this learner records. */
    static final String KIND = "sac-v1";

    /**
     * Writes the whole state (see {@link LearnerState}): the actor, both critics, V and the target V,
     * each trained network's Adam, log alpha and its Adam, the noise generator and the update count.
     * Refuses, before writing anything, a state with a non-finite parameter. Does not modify the learner.
     */
    @Override
    public void saveState(StateWriter out) throws IOException {
        LearnerState.requireFinite("actor", actor.parameters());
        LearnerState.requireFinite("vf", value.parameters());
        LearnerState.requireFinite("vf_target", valueTarget.parameters());
        LearnerState.putHeader(out, KIND, LearnerState.dims(obsDim, actDim, config.hiddenSizes()), updates, rng);
        LearnerState.putNetwork(out, "actor", actor.parameters(), policyStep.optimizer());
        for (CriticSide c : critics) {
            c.saveState(out);
        }
        LearnerState.putNetwork(out, "vf", value.parameters(), valueOptimizer);
        LearnerState.putNetwork(out, "vf_target", valueTarget.parameters(), null);
        temperature.saveState(out);
    }

    @Override
    public void restoreState(StateReader in) throws CheckpointException {
        long saved = LearnerState.restoreHeader(in, KIND, LearnerState.dims(obsDim, actDim, config.hiddenSizes()));
        LearnerState.restoreNetwork(in, "actor", actor.parameters(), policyStep.optimizer());
        for (CriticSide c : critics) {
            c.restoreState(in);
        }
        LearnerState.restoreNetwork(in, "vf", value.parameters(), valueOptimizer);
        LearnerState.restoreNetwork(in, "vf_target", valueTarget.parameters(), null);
        temperature.restoreState(in);
        ComponentStates.restoreRng(in, LearnerState.PREFIX + ".rng", rng);
        updates = saved;
    }

    private void criticPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            critics[j].learn(batch.observations, batch.actions, target);
        }
    }

    @Override
    public void update(Batch batch) {
        if (batch.observations.cols != obsDim || batch.actions.cols != actDim) {
            throw new IllegalArgumentException("batch has obs " + batch.observations.cols + ", action "
                    + batch.actions.cols + " columns; the learner expects " + obsDim + ", " + actDim);
        }
        int n = batch.size;
        target = CriticSide.ensure(target, n, 1);
        valueTargets = CriticSide.ensure(valueTargets, n, 1);
        minQ = CriticSide.ensure(minQ, n, 1);
        float alpha = (float) alpha();
        if (game != null) {
            adjustedUpdate(batch, alpha);
            return;
        }
        this.batch = batch;

        // a ~ pi(.|s), reparameterised: J3's target uses its values, J2 its gradient.
        TanhGaussian.Sample sample = policyStep.sample(batch);

        // J3: V(s) towards min_j Q_j(s, a) - alpha log pi(a|s).
        policyStep.evaluateCritics(minQ);
        SacLosses.softValueTarget(minQ, sample.logProb().value(), alpha, valueTargets);
        valueTape.reset();
        valueOptimizer.zeroGrad();
        Var v = value.forward(valueTape, valueTape.constant(batch.observations), true);
        Var valueLoss = SacLosses.valueLoss(valueTape, v, valueTape.constant(valueTargets));
        double valueLossValue = valueLoss.item();
        valueTape.backward(valueLoss);
        valueOptimizer.step();

        // J1 (and J5): Q_j(s, a) towards r + gamma (1 - d) Vbar(s').
        targetTape.reset();
        Var vNext = valueTarget.forward(targetTape, targetTape.constant(batch.nextObservations), false);
        SacLosses.valueTdTarget(batch.rewards, batch.terminated, vNext.value(), config.gamma(), target);
        Kernels.parallel(criticTask);
        double criticLossValue = critics[0].loss + critics[1].loss;
        double meanQ = critics[0].meanQ;

        // J2: the policy against the updated critics.
        policyStep.step(alpha);
        double temperatureLossValue = temperature.step(policyStep.temperatureLogPi());

        // J4: the target V follows V.
        Polyak.update(value.parameters(), valueTarget.parameters(), (float) config.tau());
        this.batch = null;
        updates++;

        double actorLossValue = policyStep.loss();
        record(criticLossValue, valueLossValue, actorLossValue, alpha, temperatureLossValue, policyStep.entropy(),
                meanQ);
    }

    /**
     * The update with the dynamic-matrix adjustment ({@link SacConfig#adjustment()}): the four players of
     * {@link SacV1Game} step at once along the adjusted direction, then the temperature steps on the
     * policy's log probabilities at the parameters before the step.
     */
    private void adjustedUpdate(Batch b, float alpha) {
        game.update(b, alpha, config.adjustment());
        Matrix logPi = game.logPiAtTheta();
        double temperatureLossValue = temperature.step(logPi);
        updates++;
        record(game.loss(0), game.loss(2), game.loss(1), alpha, temperatureLossValue, -Ops.mean(logPi),
                game.meanQAtTheta());
    }

    private void record(double criticLoss, double valueLoss, double actorLoss, float alpha, double temperatureLoss,
            double entropy, double meanQ) {
        if (!Double.isFinite(criticLoss) || !Double.isFinite(valueLoss) || !Double.isFinite(actorLoss)
                || !Double.isFinite(temperatureLoss)) {
            throw new NumericalInstabilityException("SAC v1 update " + updates + ": non-finite loss (critic "
                    + criticLoss + ", value " + valueLoss + ", actor " + actorLoss + ", temperature "
                    + temperatureLoss + ")");
        }
        lastValueLoss = valueLoss;
        stats.record(criticLoss, actorLoss, alpha, temperatureLoss, entropy, meanQ);
    }

    /**
     * With the gradient adjustment on: the game's players in block order (see {@link SacV1Game}'s
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
