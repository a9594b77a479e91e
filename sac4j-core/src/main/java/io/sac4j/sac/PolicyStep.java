package io.sac4j.sac;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.buffer.Batch;
import io.sac4j.distributions.GaussianEntropy;
import io.sac4j.distributions.TanhGaussian;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Kernels;
import io.sac4j.tensor.Matrix;
import io.sac4j.tensor.Ops;

/**
 * The reparameterised policy step that SAC v1 and v2 share: {@code mean(alpha log pi(a|s) -
 * min_j Q_j(s, a))}, {@code a = tanh(mu(s) + sigma(s) eps)}, the critics frozen (seed 003,
 * "Learning the policy"; seed 000 §1.3, J2 times alpha).
 *
 * <p>Call order per update: {@link #sample} (records the actor and the draw on this step's tape),
 * then optionally read the sample, then {@link #step}. The critics' part of the graph runs on their
 * own tapes (in parallel); the gradient of the loss with respect to the action comes back as
 * {@code G = sum_j u_j^T dQ_j/da}, {@code u_j = -1/n} on the rows where {@code Q_j} is the smaller
 * ({@code Q_1} on ties), and enters the policy's tape as {@code sum(G * a)}, whose gradient in
 * {@code a} is {@code G}. The loss value reported is the true one.
 *
 * <p>With {@link EntropyEstimate#CLOSED_FORM} the loss is {@code mean(-alpha H(pi(.|s)) - min_j Q_j(s, a))},
 * H the tanh-Gaussian entropy of seed 000 §1.7 in closed form, and the temperature step receives
 * {@code -H} in place of {@code log pi(a|s)} ({@link #temperatureLogPi}).
 */
final class PolicyStep {
    private final Actor actor;
    private final Adam optimizer;
    private final CriticSide[] critics;
    private final Rng rng;
    private final boolean closedFormEntropy;
    private final Tape tape = new Tape();
    private final Kernels.Task forwardTask = this::forwardPart;
    private final Kernels.Task backwardTask = this::backwardPart;
    private Matrix noise = new Matrix(0, 0);
    private Matrix minQ = new Matrix(0, 0);
    private Matrix dActionQ = new Matrix(0, 0);
    private Matrix obs;
    private Matrix action;
    private TanhGaussian.Sample sample;
    private Actor.Output output;
    private Matrix logPiEstimate;
    private double loss;
    private double entropy;

    PolicyStep(Actor actor, Adam optimizer, CriticSide[] critics, Rng rng, EntropyEstimate entropyEstimate) {
        this.actor = actor;
        this.optimizer = optimizer;
        this.critics = critics;
        this.rng = rng;
        this.closedFormEntropy = entropyEstimate == EntropyEstimate.CLOSED_FORM;
    }

    /** Records {@code a ~ pi(.|s)} for the batch's observations, reparameterised, noise from the rng. */
    TanhGaussian.Sample sample(Batch batch) {
        int n = batch.size;
        int actDim = actor.actDim();
        noise = CriticSide.ensure(noise, n, actDim);
        minQ = CriticSide.ensure(minQ, n, 1);
        dActionQ = CriticSide.ensure(dActionQ, n, actDim);
        tape.reset();
        optimizer.zeroGrad();
        obs = batch.observations;
        output = actor.forward(tape, tape.constant(obs), true);
        rng.fillGaussian(noise.data, 0, noise.size());
        sample = TanhGaussian.rsample(tape, output.mu(), output.logStd(), tape.constant(noise));
        action = sample.action().value();
        return sample;
    }

    /**
     * Evaluates both critics (as they are now) at the sampled actions, recording the path to the
     * action, and writes {@code min_j Q_j(s, a)} into {@code out} (batch x 1) if it is not null.
     * {@link #step} calls it; SAC v1 also calls it before its critic step for the V target.
     */
    void evaluateCritics(Matrix out) {
        Kernels.parallel(forwardTask);
        float[] q1 = critics[0].qForActor.value().data;
        float[] q2 = critics[1].qForActor.value().data;
        if (out != null) {
            for (int i = 0; i < out.rows; i++) {
                out.data[i] = q1[i] <= q2[i] ? q1[i] : q2[i];
            }
        }
    }

    /** One Adam step of the policy on the recorded sample against the critics as they are now. */
    void step(float alpha) {
        evaluateCritics(null);
        int n = action.rows;
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
        // log pi(a|s), or -H(pi(.|s)) in closed form: the loss below is the same expression in either.
        Var logPi = closedFormEntropy
                ? tape.scale(GaussianEntropy.tanhGaussian(tape, output.mu(), output.logStd()), -1f)
                : sample.logProb();
        logPiEstimate = logPi.value();
        Var actorLoss = SacLosses.actorLoss(tape, logPi, tape.constant(minQ), alpha);
        loss = actorLoss.item();
        entropy = -Ops.mean(logPiEstimate);
        Kernels.parallel(backwardTask);
        Ops.add(critics[0].actionGrad, critics[1].actionGrad, dActionQ);
        Var surrogate = tape.add(actorLoss, tape.sum(tape.mul(sample.action(), tape.constant(dActionQ))));
        tape.backward(surrogate);
        optimizer.step();
        obs = null;
        action = null;
    }

    /**
     * What the last {@link #step} used for {@code log pi(a|s)} (batch x 1): the sample's log
     * probabilities, or {@code -H} in closed form; the temperature step takes the same.
     */
    Matrix temperatureLogPi() {
        return logPiEstimate;
    }

    /** The policy's optimiser (for checkpoints). */
    Adam optimizer() {
        return optimizer;
    }

    /** The policy loss of the last {@link #step}. */
    double loss() {
        return loss;
    }

    /** {@code -mean(log pi(a|s))} of the last step's sample. */
    double entropy() {
        return entropy;
    }

    private void forwardPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            critics[j].forwardForActor(obs, action);
        }
    }

    private void backwardPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            critics[j].backwardForActor();
        }
    }
}
