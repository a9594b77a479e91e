package io.sac4j.sac;

import io.sac4j.policy.CategoricalPolicy;
import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.buffer.Batch;
import io.sac4j.distributions.Categorical;
import io.sac4j.nn.Mlp;
import io.sac4j.nn.Polyak;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Matrix;
import io.sac4j.tensor.Ops;

import java.util.ArrayList;
import java.util.List;

/**
 * SAC for a discrete action space (seed 002, "Use cases"; Christodoulou 2019, "Soft Actor-Critic
 * for Discrete Action Settings"). The policy is categorical, {@code pi(.|s) = softmax(logits(s))},
 * and the twin critics output {@code Q(s, .)}, one value per action; with finitely many actions
 * every expectation over the policy is an exact sum instead of a sampled estimate:
 * <pre>
 *   y        = r + gamma^k (1 - d) sum_a' pi(a'|s') [min_j Qbar_j(s', a') - alpha log pi(a'|s')]
 *   J_Q      = 0.5 sum_j mean(w (Q_j(s, a) - y)^2)
 *   J_pi     = mean_s sum_a pi(a|s) [alpha log pi(a|s) - min_j Q_j(s, a)]
 *   J_alpha  = -mean_s log alpha (sum_a pi(a|s) log pi(a|s) + Hbar)
 * </pre>
 * with {@code k} each transition's number of steps (1 unless {@link SacConfig#nStep()} > 1), {@code w} its
 * importance weight (1 unless replay is prioritized) and {@code Hbar} = {@link SacConfig#discreteTargetEntropyFor} (0.98 log |A| by default). No
 * reparameterisation is needed: the policy's gradient flows through {@code pi} and {@code log pi}
 * directly. Step order as in {@link SacLearner}: critics, then policy against the updated critics,
 * then temperature, then the polyak targets. Only {@link Variant#V2} has a discrete form here.
 *
 * <p>Its checkpoint state: the actor, both critics and their targets, each trained network's Adam, log
 * alpha and its Adam, the generator (used only to initialise the networks; saved so every learner's
 * checkpoint has the same layout) and the update count.
 */
public final class DiscreteSacLearner extends AbstractLearner {
    /** {@code "sac-discrete"}, the kind a checkpoint of this learner records. */
    static final String KIND = "sac-discrete";

    private final int obsDim;
    private final int nActions;
    private final Mlp actor;
    private final Mlp[] q;
    private final Mlp[] qTarget;
    private final Adam[] criticOptimizers;
    private final Adam actorOptimizer;
    private final TemperatureStep temperature;
    private final KernelThreads threads;
    private final Tape targetTape, criticTape, actorTape;
    private Matrix oneHot = new Matrix(0, 0);
    private Matrix target = new Matrix(0, 0);
    private Matrix minQNext = new Matrix(0, 0);
    private Matrix minQ = new Matrix(0, 0);
    private Matrix expectedLogPi = new Matrix(0, 0);
    /** {@code Q_1(s, a)} of the batch before its step, kept while {@code Q_2} is stepped (for the TD errors). */
    private Matrix q1Taken = new Matrix(0, 0);
    private double meanQ;

    /** The learner on one thread: {@code this(config, obsDim, nActions, rng, KernelThreads.single())}. */
    public DiscreteSacLearner(SacConfig config, int obsDim, int nActions, Rng rng) {
        this(config, obsDim, nActions, rng, KernelThreads.single());
    }

    /**
     * @param nActions the size of the {@link io.sac4j.env.Discrete} action space, >= 2
     * @param rng      the learner's own generator (network initialisation only: the losses draw nothing)
     * @param threads  where its products and optimiser steps run (the caller keeps it and closes it)
     */
    public DiscreteSacLearner(SacConfig config, int obsDim, int nActions, Rng rng, KernelThreads threads) {
        this(config, Networks.draw(config, obsDim, nActions, rng), rng, threads);
    }

    private DiscreteSacLearner(SacConfig config, Networks n, Rng rng, KernelThreads threads) {
        super(config, n.temperature(), n.state(config, rng));
        this.threads = threads;
        this.targetTape = new Tape(threads);
        this.criticTape = new Tape(threads);
        this.actorTape = new Tape(threads);
        this.obsDim = n.obsDim();
        this.nActions = n.nActions();
        this.actor = n.actor();
        this.q = n.q();
        this.qTarget = n.qTarget();
        this.criticOptimizers = n.criticOptimizers();
        this.actorOptimizer = n.actorOptimizer();
        this.temperature = n.temperature();
    }

    /** The discrete learner's parts, drawn before the learner is built from them. */
    private record Networks(int obsDim, int nActions, Mlp actor, Mlp[] q, Mlp[] qTarget, Adam[] criticOptimizers,
                            Adam actorOptimizer, TemperatureStep temperature) {
        /** Draws the actor's weights, then {@code Q_1}, {@code Q_2}, then their targets from {@code rng}. */
        static Networks draw(SacConfig config, int obsDim, int nActions, Rng rng) {
            if (obsDim < 1 || nActions < 2) {
                throw new IllegalArgumentException("DiscreteSacLearner needs obsDim >= 1 and at least 2 actions, got "
                        + obsDim + ", " + nActions);
            }
            if (config.variant() != Variant.V2) {
                throw new IllegalArgumentException("discrete action spaces take SAC " + Variant.V2.cliName()
                        + " only, got " + config.variant().cliName());
            }
            int[] sizes = Mlp.sizes(obsDim, config.hiddenSizes(), nActions);
            Mlp actor = new Mlp("actor", sizes, rng);
            Mlp[] q = new Mlp[2];
            Mlp[] qTarget = new Mlp[2];
            Adam[] criticOptimizers = new Adam[2];
            for (int j = 0; j < 2; j++) {
                q[j] = new Mlp("qf" + (j + 1), sizes, rng);
            }
            for (int j = 0; j < 2; j++) {
                qTarget[j] = new Mlp("qf" + (j + 1) + "_target", sizes, rng);
                qTarget[j].copyFrom(q[j]);
                criticOptimizers[j] = new Adam(q[j].parameters(), config.criticLr());
            }
            Adam actorOptimizer = new Adam(actor.parameters(), config.actorLr());
            TemperatureStep temperature = new TemperatureStep(config.temperature(), config.alphaLr(),
                    config.discreteTargetEntropyFor(nActions));
            return new Networks(obsDim, nActions, actor, q, qTarget, criticOptimizers, actorOptimizer, temperature);
        }

        /** The checkpoint state over these parts: actor, qf1, its target, qf2, its target, log alpha. */
        LearnerState state(SacConfig config, Rng rng) {
            List<StatefulPart> parts = new ArrayList<>();
            parts.add(SavedNetwork.trained("actor", actor.parameters(), actorOptimizer));
            for (int j = 0; j < 2; j++) {
                parts.add(SavedNetwork.trained("qf" + (j + 1), q[j].parameters(), criticOptimizers[j]));
                parts.add(SavedNetwork.target("qf" + (j + 1) + "_target", qTarget[j].parameters()));
            }
            parts.add(temperature);
            return new LearnerState(KIND, LearnerState.dims(obsDim, nActions, config.hiddenSizes()), rng, parts);
        }
    }

    /** The actor network: observation to one logit per action. */
    public Mlp actor() {
        return actor;
    }

    /** Online critic {@code j} (0 or 1): observation to {@code Q(s, .)}. */
    public Mlp critic(int j) {
        return q[j];
    }

    public int actions() {
        return nActions;
    }

    @Override
    public CategoricalPolicy policy() {
        return new CategoricalPolicy(actor);
    }

    @Override
    public void update(Batch batch) {
        int n = batch.size;
        target = Matrix.reuseOrNew(target, n, 1);
        minQNext = Matrix.reuseOrNew(minQNext, n, nActions);
        minQ = Matrix.reuseOrNew(minQ, n, nActions);
        expectedLogPi = Matrix.reuseOrNew(expectedLogPi, n, 1);
        encodeActions(batch);
        float alpha = (float) alpha();

        // Soft TD target, no gradients, the expectation over a' exact:
        // y = r + gamma^k (1 - d) sum_a' pi(a'|s') (min_j Qbar_j(s', a') - alpha log pi(a'|s'))
        targetTape.reset();
        Var nextObs = targetTape.constant(batch.nextObservations);
        Var logPiNext = Categorical.logProbs(targetTape, actor.forward(targetTape, nextObs, false));
        Var q1Next = qTarget[0].forward(targetTape, nextObs, false);
        Var q2Next = qTarget[1].forward(targetTape, nextObs, false);
        Ops.min(q1Next.value(), q2Next.value(), minQNext);
        SacLosses.discreteSoftTdTarget(batch.rewards, batch.terminated, batch.steps, minQNext, logPiNext.value(),
                alpha, config().gamma(), target);

        // Critics: 0.5 mean(w (Q_j(s, a) - y)^2) each, Q_j(s, a) gathered from Q_j(s, .).
        double criticLoss = learnCritics(batch.observations, batch.weights);

        // Policy against the updated critics, held constant: mean_s sum_a pi (alpha log pi - min_j Q_j).
        criticTape.reset();
        Var obsForCritics = criticTape.constant(batch.observations);
        Ops.min(q[0].forward(criticTape, obsForCritics, false).value(),
                q[1].forward(criticTape, obsForCritics, false).value(), minQ);
        actorTape.reset();
        actorOptimizer.zeroGrad();
        Var logPi = Categorical.logProbs(actorTape, actor.forward(actorTape, actorTape.constant(batch.observations),
                true));
        Var actorLoss = SacLosses.discreteActorLoss(actorTape, logPi, actorTape.constant(minQ), alpha);
        double actorLossValue = actorLoss.item();
        actorTape.backward(actorLoss);
        actorOptimizer.step(threads);

        // Temperature: -mean(log alpha (E_pi[log pi] + Hbar)), the expectation exact, from the policy
        // before this step's update.
        double entropy = expectedLogPi(logPi.value(), expectedLogPi);
        double temperatureLoss = temperature.step(expectedLogPi);

        for (int j = 0; j < 2; j++) {
            Polyak.update(q[j].parameters(), qTarget[j].parameters(), (float) config().tau());
        }
        long update = countUpdate();
        lastStep().record("discrete SAC", update, criticLoss, actorLossValue, alpha, temperatureLoss, entropy, meanQ);
    }

    /** Checks the batch and writes its actions' one-hot rows into {@link #oneHot}. */
    private void encodeActions(Batch batch) {
        if (batch.observations.cols != obsDim || batch.actions.cols != 1) {
            throw new IllegalArgumentException("batch has obs " + batch.observations.cols + ", action "
                    + batch.actions.cols + " columns; the discrete learner expects " + obsDim + ", 1 (an index)");
        }
        int k = nActions;
        oneHot = Matrix.reuseOrNew(oneHot, batch.size, k);
        oneHot.zeroInPlace();
        for (int i = 0; i < batch.size; i++) {
            float a = batch.actions.data[i];
            if (a != Math.rint(a) || a < 0 || a >= k) {
                throw new IllegalArgumentException("batch row " + i + ": action " + a + " is not one of 0.." + (k - 1));
            }
            oneHot.data[i * k + (int) a] = 1f;
        }
    }

    /**
     * One Adam step of each critic towards {@link #target}, rows weighted by {@code weights}; returns the twin
     * loss, keeps mean Q_1 in {@link #meanQ} and each row's {@code (|Q_1(s, a) - y| + |Q_2(s, a) - y|) / 2}
     * (before the step) in the stats' TD errors.
     */
    private double learnCritics(Matrix observations, Matrix weights) {
        double criticLoss = 0;
        float[] tdErrors = lastStep().tdErrorsFor(observations.rows);
        for (int j = 0; j < 2; j++) {
            criticTape.reset();
            criticOptimizers[j].zeroGrad();
            Var qTaken = SacLosses.gather(criticTape, q[j].forward(criticTape, criticTape.constant(observations),
                    true), criticTape.constant(oneHot));
            Var loss = SacLosses.weightedCriticLoss(criticTape, qTaken, criticTape.constant(target),
                    criticTape.constant(weights));
            criticLoss += loss.item();
            Matrix qv = qTaken.value();
            if (j == 0) {
                meanQ = Ops.mean(qv);
                q1Taken = Matrix.reuseOrNew(q1Taken, qv.rows, 1);
                System.arraycopy(qv.data, 0, q1Taken.data, 0, qv.rows);
            } else {
                SacLosses.meanAbsTdError(q1Taken, qv, target, tdErrors);
            }
            criticTape.backward(loss);
            criticOptimizers[j].step(threads);
        }
        return criticLoss;
    }

    /**
     * {@code E_pi[log pi] = sum_a pi(a|s) log pi(a|s)} per state into {@code out} (batch x 1) from the
     * log probabilities {@code logPi} (batch x |A|); returns the mean entropy, minus their mean.
     */
    private static double expectedLogPi(Matrix logPi, Matrix out) {
        int n = logPi.rows;
        int k = logPi.cols;
        float[] lp = logPi.data;
        double entropySum = 0;
        for (int i = 0; i < n; i++) {
            double e = 0;
            for (int a = 0; a < k; a++) {
                double l = lp[i * k + a];
                e += StrictMath.exp(l) * l;
            }
            out.data[i] = (float) e;
            entropySum -= e;
        }
        return entropySum / n;
    }
}
