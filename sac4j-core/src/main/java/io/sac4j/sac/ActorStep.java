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
 * <p>Call order per update: {@link #sampleNext} (the TD target's {@code a' ~ pi(.|s')}, no gradients),
 * then {@link #sample} (records {@code a ~ pi(.|s)} on the step's tape), then {@link #step}. Each call
 * draws its noise from the generator in that order. Allocates nothing once the batch size is fixed.
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
    private Matrix noiseNext = new Matrix(0, 0);
    private Matrix noise = new Matrix(0, 0);
    private Matrix obs;
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
     * {@code a' ~ pi(.|s')} for the soft TD target, reparameterised, no gradients: its action and
     * {@code log pi(a'|s')} are valid until the next call. Draws the noise from the generator.
     */
    TanhGaussian.Sample sampleNext(Matrix nextObs) {
        noiseNext = Matrix.reuseOrNew(noiseNext, nextObs.rows, actor.actDim());
        nextTape.reset();
        Actor.Output next = actor.forward(nextTape, nextTape.constant(nextObs), false);
        rng.fillGaussian(noiseNext.data, 0, noiseNext.size());
        return TanhGaussian.rsample(nextTape, next.mu(), next.logStd(), nextTape.constant(noiseNext));
    }

    /** Records {@code a ~ pi(.|s)} on the step's tape, reparameterised, noise from the generator. */
    TanhGaussian.Sample sample(Matrix observations) {
        noise = Matrix.reuseOrNew(noise, observations.rows, actor.actDim());
        tape.reset();
        optimizer.zeroGrad();
        obs = observations;
        output = actor.forward(tape, tape.constant(obs), true);
        rng.fillGaussian(noise.data, 0, noise.size());
        sample = TanhGaussian.rsample(tape, output.mu(), output.logStd(), tape.constant(noise));
        return sample;
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
