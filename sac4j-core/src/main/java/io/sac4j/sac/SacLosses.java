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
     * The bootstrap discount of a transition spanning {@code k} environment steps, {@code gamma^k}
     * (Sutton and Barto 2018, §7.1): {@code gamma} itself, exactly, for one step.
     */
    public static double discount(double gamma, int k) {
        return k == 1 ? gamma : StrictMath.pow(gamma, k);
    }

    /**
     * The soft TD target of n-step transitions:
     * {@code y = r + gamma^k (1 - d) (min_j Qbar_j(s', a') - alpha log pi(a'|s'))}, {@code a' ~ pi(.|s')}
     * (seed 003, "Learning the Q functions"; {@code k = 1} there), where {@code r} is the discounted sum of
     * the row's k rewards and {@code s'} the state after them. Writes {@code out} (batch x 1); the others
     * are not modified.
     *
     * @param terminated 1 where {@code s'} is terminal, else 0
     * @param steps      each row's k ({@link io.sac4j.buffer.Batch#steps})
     */
    public static void softTdTarget(Matrix rewards, Matrix terminated, int[] steps, Matrix minTargetQNext,
                                    Matrix logPiNext, double alpha, double gamma, Matrix out) {
        int n = rewards.rows;
        for (int i = 0; i < n; i++) {
            double softValue = minTargetQNext.data[i] - alpha * logPiNext.data[i];
            out.data[i] = (float) (rewards.data[i] + discount(gamma, steps[i]) * (1.0 - terminated.data[i]) * softValue);
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
     * The twin critics' importance-weighted loss {@code 0.5 sum_j mean(w (Q_j(s, a) - y)^2)}, {@code w} a
     * constant (batch x 1): prioritized replay's correction of its non-uniform draws (Schaul et al. 2016,
     * Algorithm 1, line 12: {@code w_i delta_i} in the gradient). With every {@code w = 1} it is
     * {@link #criticLoss(Tape, Var, Var, Var)}, bit for bit.
     */
    public static Var weightedCriticLoss(Tape t, Var q1, Var q2, Var y, Var w) {
        return t.add(weightedCriticLoss(t, q1, y, w), weightedCriticLoss(t, q2, y, w));
    }

    /** One critic's half of the weighted twin loss, {@code 0.5 mean(w (Q_j(s, a) - y)^2)}. */
    public static Var weightedCriticLoss(Tape t, Var q, Var y, Var w) {
        return t.scale(t.mean(t.mul(w, t.square(t.sub(q, y)))), 0.5f);
    }

    /**
     * The priority signal of prioritized replay for twin critics, per row:
     * {@code (|Q_1(s, a) - y| + |Q_2(s, a) - y|) / 2}, the mean of the two absolute TD errors (see
     * {@link ReplaySampling} for why the mean). Writes {@code out[0..rows)}; the matrices are not modified.
     */
    public static void meanAbsTdError(Matrix q1, Matrix q2, Matrix y, float[] out) {
        for (int i = 0; i < y.rows; i++) {
            out[i] = (float) ((Math.abs((double) q1.data[i] - y.data[i]) + Math.abs((double) q2.data[i] - y.data[i]))
                    / 2);
        }
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

    /**
     * The soft TD target of discrete SAC, with the expectation over the next action exact:
     * {@code y = r + gamma^k (1 - d) sum_a' pi(a'|s') (min_j Qbar_j(s', a') - alpha log pi(a'|s'))}
     * (seed 002, "Use cases"; Christodoulou 2019, eq. 10, there {@code k = 1}). Writes {@code out} (batch x 1).
     *
     * @param steps          each row's k ({@link io.sac4j.buffer.Batch#steps})
     * @param minTargetQNext {@code min_j Qbar_j(s', .)}, batch x |A|
     * @param logPiNext      {@code log pi(.|s')}, batch x |A|
     */
    public static void discreteSoftTdTarget(Matrix rewards, Matrix terminated, int[] steps, Matrix minTargetQNext,
                                            Matrix logPiNext, double alpha, double gamma, Matrix out) {
        int n = rewards.rows;
        int k = minTargetQNext.cols;
        for (int i = 0; i < n; i++) {
            double softValue = 0;
            for (int a = 0; a < k; a++) {
                double lp = logPiNext.data[i * k + a];
                softValue += StrictMath.exp(lp) * (minTargetQNext.data[i * k + a] - alpha * lp);
            }
            out.data[i] = (float) (rewards.data[i] + discount(gamma, steps[i]) * (1.0 - terminated.data[i]) * softValue);
        }
    }

    /**
     * The policy loss of discrete SAC, the exact expectation over actions:
     * {@code mean_s sum_a pi(a|s) (alpha log pi(a|s) - min_j Q_j(s, a))} (Christodoulou 2019, eq. 12),
     * {@code pi = exp(log pi)}; {@code minQ} (batch x |A|) and {@code alpha} are constants.
     */
    public static Var discreteActorLoss(Tape t, Var logPi, Var minQ, float alpha) {
        return t.mean(t.sumCols(t.mul(t.exp(logPi), t.sub(t.scale(logPi, alpha), minQ))));
    }

    /**
     * {@code Q(s, a)} for the actions taken, from {@code Q(s, .)} (batch x |A|) and the one-hot rows
     * of those actions (batch x |A|): {@code sum_b Q(s, b) [b = a]}, batch x 1.
     */
    public static Var gather(Tape t, Var qAll, Var oneHot) {
        return t.sumCols(t.mul(qAll, oneHot));
    }

    /**
     * SAC v1's critic target, {@code y = r + gamma^k (1 - d) Vbar(s')}: the sample estimate of
     * {@code sum_s' p(s'|s, a) (r + gamma V(s'; theta_Vtarget))} in J1 (seed 000 §1.1, §1.3; seed 001
     * Algorithm 1; there {@code k = 1}), for rows spanning {@code steps[i]} environment steps. Writes
     * {@code out} (batch x 1).
     */
    public static void valueTdTarget(Matrix rewards, Matrix terminated, int[] steps, Matrix targetVNext, double gamma,
                                     Matrix out) {
        int n = rewards.rows;
        for (int i = 0; i < n; i++) {
            out.data[i] = (float) (rewards.data[i]
                    + discount(gamma, steps[i]) * (1.0 - terminated.data[i]) * targetVNext.data[i]);
        }
    }

    /**
     * SAC v1's state-value target, {@code min_j Q_j(s, a) - alpha log pi(a|s)}, {@code a ~ pi(.|s)}:
     * the one-sample estimate of {@code E_{a ~ pi}[Q(s, a) - alpha log pi(a|s)]} in J3 (seed 000
     * §1.2-1.3, with the double-Q minimum). Writes {@code out} (batch x 1).
     */
    public static void softValueTarget(Matrix minQ, Matrix logPi, double alpha, Matrix out) {
        for (int i = 0; i < out.rows; i++) {
            out.data[i] = (float) (minQ.data[i] - alpha * logPi.data[i]);
        }
    }

    /** SAC v1's J3, {@code 0.5 mean((V(s) - v)^2)} towards {@link #softValueTarget} {@code v} (seed 000 §1.1). */
    public static Var valueLoss(Tape t, Var v, Var target) {
        return criticLoss(t, v, target);
    }
}
