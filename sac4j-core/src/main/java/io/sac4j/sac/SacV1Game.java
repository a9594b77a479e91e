package io.sac4j.sac;

import io.sac4j.nn.Polyak;
import io.sac4j.policy.Actor;
import io.sac4j.autodiff.Var;
import io.sac4j.distributions.TanhGaussian;
import io.sac4j.nn.Mlp;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;

import java.util.List;

/**
 * SAC v1 as a game (seed 000 §1.4): four players on one minibatch, the policy noise {@code eps}
 * fixed per update, alpha a constant of the update (the temperature steps after the game, as in the
 * plain learner; it is not a player here).
 * <pre>
 *   0  theta_Q = (Q_1, Q_2)  J1: 0.5 sum_j mean(w (Q_j(s, a_D) - y)^2),  y = r + gamma^k (1 - d) Vbar(s')
 *   1  theta_pi              J2: mean(alpha log pi(a|s) - min_j Q_j(s, a)),  a = tanh(mu + sigma eps)
 *   2  theta_V               J3: 0.5 mean((V(s) - [min_j Q_j(s, a) - alpha log pi(a|s)])^2)
 *   3  theta_Vbar            J4: 1/2 ||theta_V - theta_Vbar||^2   (descended with step tau: polyak)
 * </pre>
 * Each loss is a function of all parameters it reads: J1 of theta_Q and theta_Vbar (through y), J2 of
 * theta_pi and theta_Q, J3 of theta_V, theta_Q and theta_pi (through its target), J4 of theta_V and
 * theta_Vbar. The full gradients ({@link #gradient}, for {@code H^T xi}) carry all of these
 * dependencies, i.e. the targets are not treated as constants there; the own gradients (for xi and
 * {@code H xi}) are the published ones. With {@link EntropyEstimate#CLOSED_FORM}, J2's
 * {@code log pi(a|s)} is {@code -H(pi(.|s))} in closed form; J3's target keeps the sample.
 */
final class SacV1Game extends SacGame {
    private final TwinCritics critics;
    private final Actor actor;
    private final Mlp value;
    private final Mlp valueTarget;
    private Matrix noise = new Matrix(0, 0);
    private Matrix target = new Matrix(0, 0);

    SacV1Game(ContinuousParts parts, ValueNetwork v, SacConfig config, Rng rng) {
        super(List.of(
                new Player("q", parts.critics().parameters(), parts.critics().optimizers()),
                new Player("pi", parts.actor().actor().parameters(), parts.actor().optimizers()),
                new Player("v", v.value().parameters(), v.optimizers()),
                new Player("v_target", v.valueTarget().parameters(), null)), rng, config, parts.threads());
        this.critics = parts.critics();
        this.actor = parts.actor().actor();
        this.value = v.value();
        this.valueTarget = v.valueTarget();
    }

    @Override
    void drawNoise(int n) {
        noise = Matrix.reuseOrNew(noise, n, actor.actDim());
        rng.fillGaussian(noise.data, 0, noise.size());
    }

    @Override
    double record(int player, boolean full, boolean first) {
        tape.reset();
        Var obs = tape.constant(batch.observations);
        switch (player) {
            case 0 -> {
                Var y;
                Var vNext = valueTarget.forward(tape, tape.constant(batch.nextObservations), full);
                if (full) {
                    y = tape.add(tape.constant(batch.rewards), tape.mul(tape.constant(discount), vNext));
                } else {
                    target = Matrix.reuseOrNew(target, batch.size, 1);
                    SacLosses.valueTdTarget(batch.rewards, batch.terminated, batch.steps, vNext.value(), gamma, target);
                    y = tape.constant(target);
                }
                return criticLoss(critics, obs, y, first);
            }
            case 1 -> {
                Actor.Output out = actor.forward(tape, obs, true);
                TanhGaussian.Sample a = TanhGaussian.rsample(tape, out.mu(), out.logStd(), tape.constant(noise));
                Var minQ = minQ(critics, obs, a.action(), full);
                Var logPi = logPi(out, a);
                if (first) {
                    keepLogPi(logPi.value());
                }
                Var loss = SacLosses.actorLoss(tape, logPi, minQ, alpha);
                double l = loss.item();
                tape.backward(loss);
                return l;
            }
            case 2 -> {
                Actor.Output out = actor.forward(tape, obs, full);
                TanhGaussian.Sample a = TanhGaussian.rsample(tape, out.mu(), out.logStd(), tape.constant(noise));
                Var minQ = minQ(critics, obs, a.action(), full);
                Var soft = tape.sub(minQ, tape.scale(a.logProb(), alpha));
                Var v = value.forward(tape, obs, true);
                Var loss = SacLosses.valueLoss(tape, v, soft);
                double l = loss.item();
                tape.backward(loss);
                return l;
            }
            case 3 -> {
                return Polyak.distance(value.parameters(), valueTarget.parameters(), full);
            }
            default -> throw new IllegalArgumentException("SacV1Game has players 0..3, got " + player);
        }
    }
}
