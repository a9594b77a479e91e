package io.sac4j.sac;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.tensor.Matrix;

/**
 * SAC's objectives as pure functions of their inputs, each written as the equation it implements
 * (seed 003, "Learning the Q functions", "Learning the policy"; seed 002).
 */
public final class SacLosses {
    private SacLosses() {
    }

    /**
     * The soft TD target:
     * {@code y = r + gamma (1 - d) (min_j Qbar_j(s', a') - alpha log pi(a'|s'))}, {@code a' ~ pi(.|s')}
     * (seed 003, "Learning the Q functions"). Writes {@code out} (batch x 1); the others are not modified.
     *
     * @param terminated 1 where {@code s'} is terminal, else 0
     */
    public static void softTdTarget(Matrix rewards, Matrix terminated, Matrix minTargetQNext, Matrix logPiNext,
                                    double alpha, double gamma, Matrix out) {
        int n = rewards.rows;
        for (int i = 0; i < n; i++) {
            double softValue = minTargetQNext.data[i] - alpha * logPiNext.data[i];
            out.data[i] = (float) (rewards.data[i] + gamma * (1.0 - terminated.data[i]) * softValue);
        }
    }

    /**
     * The twin critics' loss {@code 0.5 sum_j mean((Q_j(s, a) - y)^2)} (seed 000 writes the 1/2;
     * the clipped double-Q of seed 003).
     */
    public static Var criticLoss(Tape t, Var q1, Var q2, Var y) {
        return t.add(criticLoss(t, q1, y), criticLoss(t, q2, y));
    }

    /**
     * One critic's half of the twin loss, {@code 0.5 mean((Q_j(s, a) - y)^2)}: the twin loss is the
     * sum over j, and each critic's gradient comes from its own half alone.
     */
    public static Var criticLoss(Tape t, Var q, Var y) {
        return t.scale(t.mean(t.square(t.sub(q, y))), 0.5f);
    }

    /**
     * The policy loss {@code mean(alpha log pi(a|s) - min_j Q_j(s, a))}, {@code a = tanh(mu + sigma eps)}
     * reparameterised (seed 003, "Learning the policy"). {@code alpha} is a constant here.
     */
    public static Var actorLoss(Tape t, Var logPi, Var minQ, float alpha) {
        return t.mean(t.sub(t.scale(logPi, alpha), minQ));
    }

    /**
     * The temperature loss {@code -mean(log alpha (log pi(a|s) + Hbar))} with {@code log pi} a constant,
     * optimised in log alpha (seed 003, "Automating entropy adjustment"; SB3's form). Its gradient
     * {@code -mean(log pi + Hbar)} raises alpha when the policy's entropy {@code -log pi} is below
     * the target {@code Hbar}.
     */
    public static Var temperatureLoss(Tape t, Var logAlpha, Var logPi, float targetEntropy) {
        return t.scale(t.mean(t.mul(t.addScalar(logPi, targetEntropy), logAlpha)), -1f);
    }
}
