package io.sac4j.sac;

import io.sac4j.policy.Actor;
import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.distributions.GaussianEntropy;
import io.sac4j.distributions.TanhGaussian;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Matrix;
import io.sac4j.tensor.Ops;

import java.util.List;

/**
 * The tanh-Gaussian policy of continuous SAC with everything that is its own: the {@link Actor}
 * network, its Adam, its tapes and noise buffers, the noise generator it draws from, and its checkpoint
 * entries ({@code actor}, {@code actor.adam}). Its step is the reparameterised policy loss of seed 003
 * ("Learning the policy"; seed 000 §1.3, J2 times alpha), recorded on one tape with the critics frozen:
 * <pre>
 *   J_pi = mean(alpha log pi(a|s) - min_j Q_j(s, a)),   a = tanh(mu(s) + sigma(s) eps),  eps ~ N(0, I)
 * </pre>
 * so the gradient reaches the policy through {@code a} inside {@code min_j Q_j}, and through
 * {@code log pi}. With {@link EntropyEstimate#CLOSED_FORM}, {@code log pi(a|s)} in the loss is
 * {@code -H(pi(.|s))}, the tanh-Gaussian entropy in closed form (seed 000 §1.7), and the temperature
 * step receives the same ({@link #temperatureLogPi}).
 *
 * <p>Call order per update: {@link #samples} (the TD target's {@code a' ~ pi(.|s')}, no gradients, and
 * {@code a ~ pi(.|s)} recorded on the step's tape; SAC v1 records only the latter, {@link #sample}), then
 * {@link #step}. The noise is drawn from the generator in that order. Allocates nothing once the batch
 * size is fixed.
 */
final class ActorStep implements PartGroup {
    private final Actor actor;
    private final Adam optimizer;
    private final Rng rng;
    private final boolean closedFormEntropy;
    private final List<SavedNetwork> saved;
    private final KernelThreads threads;
    private final Tape nextTape;
    private final Tape tape;
    private final KernelThreads.Task samplesTask = this::samplesPart;
    private Matrix noiseNext = new Matrix(0, 0);
    private Matrix noise = new Matrix(0, 0);
    private Matrix nextObs;
    private Matrix obs;
    private TanhGaussian.Sample nextSample;
    private TanhGaussian.Sample sample;
    private Actor.Output output;
    private Matrix logPiEstimate;
    private double loss;
    private double entropy;

    /**
     * @param rng     the learner's generator: draws the actor's initial weights now, the policy noise later
     * @param threads where the actor's products and Adam step run
     */
    ActorStep(int obsDim, int actDim, SacConfig config, Rng rng, KernelThreads threads) {
        this.threads = threads;
        this.nextTape = new Tape(threads);
        this.tape = new Tape(threads);
        this.actor = new Actor(obsDim, actDim, config.hiddenSizes(), config.logStdMin(), config.logStdMax(), rng);
        this.optimizer = new Adam(actor.parameters(), config.actorLr());
        this.rng = rng;
        this.closedFormEntropy = config.entropyEstimate() == EntropyEstimate.CLOSED_FORM;
        this.saved = List.of(SavedNetwork.trained("actor", actor.parameters(), optimizer));
    }

    Actor actor() {
        return actor;
    }

    /** The policy's optimiser. */
    Adam optimizer() {
        return optimizer;
    }

    /** Whether {@code log pi(a|s)} in the policy and temperature losses is {@code -H(pi(.|s))}. */
    boolean closedFormEntropy() {
        return closedFormEntropy;
    }

    /**
     * Both samples of a SAC update: {@code a' ~ pi(.|s')} for the soft TD target, no gradients (returned,
     * valid until the next call), and {@code a ~ pi(.|s)} recorded on the step's tape for {@link #step}.
     * Neither reads the other and the policy does not change between them, so on two or more threads each
     * runs whole on a thread of its own: no product is split and waited for, and their element-wise passes
     * overlap. The noise is drawn first, {@code a'}'s then {@code a}'s, the order in which the two were drawn
     * when they ran one after the other, so the results do not depend on the thread count.
     */
    TanhGaussian.Sample samples(Matrix nextObservations, Matrix observations) {
        noiseNext = Matrix.reuseOrNew(noiseNext, nextObservations.rows, actor.actDim());
        noise = Matrix.reuseOrNew(noise, observations.rows, actor.actDim());
        rng.fillGaussian(noiseNext.data, 0, noiseNext.size());
        rng.fillGaussian(noise.data, 0, noise.size());
        nextObs = nextObservations;
        obs = observations;
        threads.parallel(samplesTask);
        nextObs = null;
        return nextSample;
    }

    /** Part 0 records {@code a'}, the last part {@code a}: one part on one thread does both, in that order. */
    private void samplesPart(int part, int parts) {
        if (part == 0) {
            recordNext();
        }
        if (part == parts - 1) {
            record();
        }
    }

    /** Records {@code a ~ pi(.|s)} on the step's tape, reparameterised, noise from the generator. */
    TanhGaussian.Sample sample(Matrix observations) {
        noise = Matrix.reuseOrNew(noise, observations.rows, actor.actDim());
        rng.fillGaussian(noise.data, 0, noise.size());
        obs = observations;
        record();
        return sample;
    }

    private void recordNext() {
        nextTape.reset();
        Actor.Output next = actor.forward(nextTape, nextTape.constant(nextObs), false);
        nextSample = TanhGaussian.rsample(nextTape, next.mu(), next.logStd(), nextTape.constant(noiseNext));
    }

    private void record() {
        tape.reset();
        optimizer.zeroGrad();
        output = actor.forward(tape, tape.constant(obs), true);
        sample = TanhGaussian.rsample(tape, output.mu(), output.logStd(), tape.constant(noise));
    }

    /**
     * One Adam step of the policy on the recorded sample, against {@code critics} as they are now (their
     * weights frozen constants of the tape): {@code mean(alpha log pi(a|s) - min_j Q_j(s, a))}.
     */
    void step(float alpha, TwinCritics critics) {
        Var minQ;
        if (threads.threads() == 1) {
            Var s = tape.constant(obs);
            minQ = tape.min(critics.q(0).forward(tape, s, sample.action(), false),
                    critics.q(1).forward(tape, s, sample.action(), false));
        } else {
            // The same min, each critic on a thread of its own (the same bits: TwinCritics.minQForActor).
            minQ = critics.minQForActor(tape, obs, sample.action());
        }
        // log pi(a|s), or -H(pi(.|s)) in closed form: the loss below is the same expression in either.
        Var logPi = closedFormEntropy
                ? tape.scale(GaussianEntropy.tanhGaussian(tape, output.mu(), output.logStd()), -1f)
                : sample.logProb();
        logPiEstimate = logPi.value();
        Var actorLoss = SacLosses.actorLoss(tape, logPi, minQ, alpha);
        loss = actorLoss.item();
        entropy = -Ops.mean(logPiEstimate);
        tape.backward(actorLoss);
        optimizer.step(threads);
        obs = null;
    }

    /**
     * What the last {@link #step} used for {@code log pi(a|s)} (batch x 1): the sample's log
     * probabilities, or {@code -H} in closed form; the temperature step takes the same.
     */
    Matrix temperatureLogPi() {
        return logPiEstimate;
    }

    /** The policy loss of the last {@link #step}. */
    double loss() {
        return loss;
    }

    /** {@code -mean(log pi(a|s))} of the last step's estimate. */
    double entropy() {
        return entropy;
    }

    @Override
    public List<SavedNetwork> parts() {
        return saved;
    }
}
