package io.sac4j.sac;

import io.sac4j.nn.Polyak;
import io.sac4j.policy.Actor;
import io.sac4j.autodiff.Var;
import io.sac4j.distributions.TanhGaussian;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;

import java.util.ArrayList;
import java.util.List;

/**
 * SAC v2 (today's SAC) as a game on one minibatch, the noise of the next action {@code eps'} and of
 * the policy's action {@code eps} fixed per update. The players:
 * <pre>
 *   0  theta_Q = (Q_1, Q_2)   J_Q  = 0.5 sum_j mean(w (Q_j(s, a_D) - y)^2),
 *                                   y = r + gamma^k (1 - d) (min_j Qbar_j(s', a') - alpha log pi(a'|s')),  a' = tanh(mu(s') + sigma(s') eps')
 *   1  theta_pi               J_pi = mean(alpha log pi(a|s) - min_j Q_j(s, a)),   a = tanh(mu(s) + sigma(s) eps)
 *   2  log alpha (if learned) J_a  = -mean(log alpha (log pi(a|s) + Hbar))
 *   3  theta_Qbar             J_t  = 1/2 ||theta_Q - theta_Qbar||^2   (descended with step tau: polyak)
 * </pre>
 * (with a fixed alpha the temperature is no player and the targets are player 2). J_Q depends on
 * theta_Q, theta_Qbar, theta_pi (through a' and log pi(a'|s')) and alpha; J_pi on theta_pi, theta_Q and
 * alpha; J_a on alpha and theta_pi; J_t on theta_Q and theta_Qbar. The full gradients carry every one
 * of these dependencies; the own gradients are the published ones (targets and alpha constants).
 * With {@link EntropyEstimate#CLOSED_FORM}, J_pi's and J_a's {@code log pi(a|s)} is {@code -H(pi(.|s))}
 * in closed form; the TD target keeps the sample.
 */
final class SacV2Game extends SacGame {
    private final TwinCritics critics;
    private final Actor actor;
    private final TemperatureStep temperature;
    private final boolean learnedAlpha;
    private final int targetPlayer;
    private final Matrix alphaValue = new Matrix(1, 1);
    private Matrix noise = new Matrix(0, 0);
    private Matrix noiseNext = new Matrix(0, 0);

    SacV2Game(ContinuousParts parts, SacConfig config, Rng rng) {
        super(players(parts.critics(), parts.actor(), parts.temperature()), rng, config, parts.threads());
        this.critics = parts.critics();
        this.actor = parts.actor().actor();
        this.temperature = parts.temperature();
        this.learnedAlpha = temperature.learned();
        this.targetPlayer = learnedAlpha ? 3 : 2;
    }

    private static List<Player> players(TwinCritics critics, ActorStep actor, TemperatureStep temperature) {
        List<Player> ps = new ArrayList<>();
        ps.add(new Player("q", critics.parameters(), critics.optimizers()));
        ps.add(new Player("pi", actor.actor().parameters(), actor.optimizers()));
        if (temperature.learned()) {
            ps.add(new Player("log_alpha", List.of(temperature.logAlpha()), List.of(temperature.optimizer())));
        }
        ps.add(new Player("q_target", critics.targetParameters(), null));
        return ps;
    }

    @Override
    void drawNoise(int n) {
        // The order of the draws follows the plain learner's: the next action's noise, then the policy's.
        noiseNext = Matrix.reuseOrNew(noiseNext, n, actor.actDim());
        rng.fillGaussian(noiseNext.data, 0, noiseNext.size());
        noise = Matrix.reuseOrNew(noise, n, actor.actDim());
        rng.fillGaussian(noise.data, 0, noise.size());
    }

    /** Whether player 2 is the temperature. */
    boolean alphaIsPlayer() {
        return learnedAlpha;
    }

    /** alpha on the tape: {@code exp(log alpha)}, a function of the parameter when {@code trainable}. */
    private Var alpha(boolean trainable) {
        if (learnedAlpha) {
            return tape.exp(temperature.logAlpha().on(tape, trainable));
        }
        alphaValue.data[0] = alpha;
        return tape.constant(alphaValue);
    }

    @Override
    double record(int player, boolean full, boolean first) {
        tape.reset();
        Var obs = tape.constant(batch.observations);
        if (player == 0) {
            Var nextObs = tape.constant(batch.nextObservations);
            Actor.Output next = actor.forward(tape, nextObs, full);
            TanhGaussian.Sample a = TanhGaussian.rsample(tape, next.mu(), next.logStd(), tape.constant(noiseNext));
            Var minQNext = tape.min(critics.target(0).forward(tape, nextObs, a.action(), full),
                    critics.target(1).forward(tape, nextObs, a.action(), full));
            Var soft = tape.sub(minQNext, tape.mul(a.logProb(), alpha(full)));
            Var y = tape.add(tape.constant(batch.rewards), tape.mul(tape.constant(discount), soft));
            return criticLoss(critics, obs, y, first);
        }
        if (player == 1 || (player == 2 && learnedAlpha)) {
            boolean policy = player == 1;
            Actor.Output out = actor.forward(tape, obs, policy || full);
            TanhGaussian.Sample a = TanhGaussian.rsample(tape, out.mu(), out.logStd(), tape.constant(noise));
            Var logPi = logPi(out, a);
            Var loss;
            if (policy) {
                if (first) {
                    keepLogPi(logPi.value());
                }
                Var minQ = minQ(critics, obs, a.action(), full);
                loss = tape.mean(tape.sub(tape.mul(logPi, alpha(full)), minQ));
            } else {
                loss = SacLosses.temperatureLoss(tape, temperature.logAlpha().on(tape, true), logPi,
                        temperature.targetEntropy());
            }
            double l = loss.item();
            tape.backward(loss);
            return l;
        }
        if (player == targetPlayer) {
            return Polyak.distance(players.get(0).params(), players.get(targetPlayer).params(), full);
        }
        throw new IllegalArgumentException("SacV2Game has players 0.." + targetPlayer + ", got " + player);
    }
}
