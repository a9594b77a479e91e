package io.sac4j.sac;

import io.sac4j.game.DifferentiableGame;
import io.sac4j.game.GameGradients;
import io.sac4j.game.GradientAdjustment;
import io.sac4j.policy.Actor;
import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.distributions.GaussianEntropy;
import io.sac4j.distributions.TanhGaussian;
import io.sac4j.buffer.Batch;
import io.sac4j.nn.Parameter;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Matrix;
import io.sac4j.tensor.Ops;

import java.util.List;

/**
 * The networks of a continuous SAC learner as a {@link DifferentiableGame} (seed 000 §1.4), so that
 * {@link GameGradients} can adjust their joint gradient, and the adjusted update itself: every player
 * steps at once along its block of the direction, the trained networks through their own Adam, the
 * target networks by {@code theta_t <- theta_t - tau d_t} (with no adjustment {@code d_t = theta_t -
 * theta_src}, which is exactly the polyak average: J4 = 1/2 ||theta_src - theta_t||^2 descended with
 * step tau). Subclasses ({@link SacV1Game}, {@link SacV2Game}) say who the players are and record
 * their losses.
 *
 * <p>The float32 networks are the game's state: {@link #gradient} writes theta (double) into them,
 * records the player's loss on a tape and reads the parameters' gradients back as doubles. Every
 * evaluation of one update uses the minibatch and the noise fixed by {@link #prepare}, as
 * {@link DifferentiableGame} requires. The game is simultaneous: all gradients are taken at the same
 * theta, unlike the sequential order of the published algorithms (Algorithm 1 updates V, then Q, then
 * the policy against the new Q); with {@code lambda = 0} the adjusted learner is that simultaneous
 * form, the control for what the adjustment itself changes.
 *
 * <p>Not thread-safe; allocates its buffers once (the tapes reuse theirs).
 */
abstract class SacGame implements DifferentiableGame {
    /** A player: its parameters, and its optimiser (null for a target network, stepped by tau). */
    record Player(String name, List<Parameter> params, List<Adam> optimizers) {
    }

    final List<Player> players;
    final Rng rng;
    final float tau;
    final double gamma;
    /** {@link EntropyEstimate#CLOSED_FORM}: the policy's and temperature's {@code log pi} is {@code -H}. */
    final boolean closedForm;
    final Tape tape;
    private final int[] starts;
    private final int dim;
    private final double[] losses;
    private int unrecorded;
    private GameGradients gradients;
    private double[] theta;
    private double[] direction;
    private double lastXiNorm;
    private double lastAdjustmentNorm;
    Batch batch;
    float alpha;
    /** {@code gamma^k (1 - d)} of the batch's transitions (batch x 1), the TD target's discount. */
    Matrix discount = new Matrix(0, 0);
    /** Each row's {@code (|Q_1 - y| + |Q_2 - y|) / 2} at the unmoved theta (prioritized replay's signal). */
    private float[] tdErrors = new float[0];
    private Matrix logPiAtTheta = new Matrix(0, 0);
    private double meanQAtTheta;

    SacGame(List<Player> players, Rng rng, SacConfig config, KernelThreads threads) {
        this.tape = new Tape(threads);
        this.players = List.copyOf(players);
        this.rng = rng;
        this.tau = (float) config.tau();
        this.gamma = config.gamma();
        this.closedForm = config.entropyEstimate() == EntropyEstimate.CLOSED_FORM;
        starts = new int[players.size() + 1];
        for (int i = 0; i < players.size(); i++) {
            int n = 0;
            for (Parameter p : players.get(i).params()) {
                n += p.value.size();
            }
            starts[i + 1] = starts[i] + n;
        }
        dim = starts[players.size()];
        losses = new double[players.size()];
    }

    @Override
    public final int dimension() {
        return dim;
    }

    @Override
    public final int[] blockStarts() {
        return starts;
    }

    /**
     * Fixes this update's data: the minibatch, the temperature in force, and (in the subclass) fresh
     * reparameterisation noise from the learner's generator. The first evaluation of each player
     * afterwards records its loss ({@link #loss}); {@link GameGradients} evaluates every player at the
     * unmoved theta first.
     */
    void prepare(Batch batch, float alpha) {
        this.batch = batch;
        this.alpha = alpha;
        unrecorded = (1 << players.size()) - 1;
        discount = Matrix.reuseOrNew(discount, batch.size, 1);
        for (int i = 0; i < batch.size; i++) {
            discount.data[i] = (float) (SacLosses.discount(gamma, batch.steps[i]) * (1.0 - batch.terminated.data[i]));
        }
        drawNoise(batch.size);
    }

    /** Draws this update's reparameterisation noise from {@link #rng}. */
    abstract void drawNoise(int n);

    /**
     * The policy loss's {@code log pi(a|s)} at the unmoved theta (batch x 1): the sample's, or
     * {@code -H} in closed form; the temperature step takes it.
     */
    final Matrix logPiAtTheta() {
        return logPiAtTheta;
    }

    /** Each row's {@code (|Q_1(s, a_D) - y| + |Q_2(s, a_D) - y|) / 2} at the unmoved theta. */
    final float[] tdErrors() {
        return tdErrors;
    }

    /** {@code mean Q_1(s, a_D)} at the unmoved theta. */
    final double meanQAtTheta() {
        return meanQAtTheta;
    }

    /** Keeps the policy loss's {@code log pi} of the first evaluation (see {@link #logPiAtTheta}). */
    final void keepLogPi(Matrix logPi) {
        logPiAtTheta = Matrix.reuseOrNew(logPiAtTheta, logPi.rows, 1);
        System.arraycopy(logPi.data, 0, logPiAtTheta.data, 0, logPi.rows);
    }

    /** {@code min_j Q_j(s, a)} of the twin critics on the tape, their weights trainable or frozen. */
    final Var minQ(TwinCritics critics, Var obs, Var action, boolean trainable) {
        return tape.min(critics.q(0).forward(tape, obs, action, trainable),
                critics.q(1).forward(tape, obs, action, trainable));
    }

    /**
     * The twin critics' loss {@code 0.5 sum_j mean(w (Q_j(s, a_D) - y)^2)} towards {@code y} (recorded on
     * {@link #tape}), {@code w} the batch's importance weights, its backward pass, and on the first
     * evaluation the mean Q and the TD errors kept; returns the loss.
     */
    final double criticLoss(TwinCritics critics, Var obs, Var y, boolean first) {
        Var act = tape.constant(batch.actions);
        Var q1 = critics.q(0).forward(tape, obs, act, true);
        Var q2 = critics.q(1).forward(tape, obs, act, true);
        Var loss = SacLosses.weightedCriticLoss(tape, q1, q2, y, tape.constant(batch.weights));
        double l = loss.item();
        if (first) {
            meanQAtTheta = Ops.mean(q1.value());
            if (tdErrors.length != batch.size) {
                tdErrors = new float[batch.size];
            }
            SacLosses.meanAbsTdError(q1.value(), q2.value(), y.value(), tdErrors);
        }
        tape.backward(loss);
        return l;
    }

    /**
     * {@code log pi(a|s)} for the policy and temperature losses: the sample's, or {@code -H(pi(.|s))}
     * in closed form (seed 000 §1.7).
     */
    final Var logPi(Actor.Output out, TanhGaussian.Sample a) {
        return closedForm ? tape.scale(GaussianEntropy.tanhGaussian(tape, out.mu(), out.logStd()), -1f) : a.logProb();
    }

    /**
     * Records player {@code i}'s loss on {@link #tape} at the networks' current values and runs the
     * backward pass into the parameters' gradients (zeroed by the caller); with {@code full}, into every
     * parameter the loss depends on, otherwise only into the player's own (the others frozen).
     * {@code first} marks the player's first evaluation since {@link #prepare}, at the unmoved theta,
     * where a subclass keeps what the update reports. Returns the loss. A target player writes its
     * gradient directly.
     */
    abstract double record(int player, boolean full, boolean first);

    /** The loss of player i at the theta of its first evaluation since {@link #prepare}. */
    final double loss(int player) {
        return losses[player];
    }

    @Override
    public final void gradient(int player, double[] theta, double[] out) {
        evaluate(player, theta, true);
        collect(out, 0, players.size());
    }

    /** Only the player's own block is needed (and written): the other networks are frozen. */
    @Override
    public final void ownGradient(int player, double[] theta, double[] out) {
        evaluate(player, theta, false);
        collect(out, player, player + 1);
    }

    private void evaluate(int player, double[] theta, boolean full) {
        load(theta);
        zeroGrads();
        boolean first = (unrecorded & (1 << player)) != 0;
        double l = record(player, full, first);
        if (first) {
            losses[player] = l;
            unrecorded &= ~(1 << player);
        }
    }

    /**
     * One adjusted update: fixes the data ({@link #prepare}), computes the direction of
     * {@code adjustment} at the current parameters ({@link GameGradients#adjustedDirection}; with
     * {@code lambda = 0} and no normalisation or alignment just xi, without the second-order
     * evaluations) and steps every player along it ({@link #step}). Afterwards {@link #loss} holds each
     * player's loss at the parameters before the step.
     *
     * @throws NumericalInstabilityException when the direction is not finite (nothing is stepped then)
     */
    final void update(Batch b, float a, GradientAdjustment adjustment) {
        if (gradients == null) {
            gradients = new GameGradients(this);
            theta = new double[dim];
            direction = new double[dim];
        }
        prepare(b, a);
        read(theta);
        if (adjustment.lambda() == 0 && adjustment.normalisation() == GradientAdjustment.Normalisation.NONE
                && !adjustment.alignSign()) {
            gradients.xi(theta, direction);
            lastXiNorm = GameGradients.norm(direction, 0, dim);
            lastAdjustmentNorm = 0;
        } else {
            gradients.adjustedDirection(theta, adjustment, direction);
            lastXiNorm = GameGradients.norm(gradients.lastXi(), 0, dim);
            lastAdjustmentNorm = GameGradients.norm(gradients.lastAdjustment(), 0, dim);
        }
        for (int i = 0; i < players.size(); i++) {
            for (int k = starts[i]; k < starts[i + 1]; k++) {
                if (!Double.isFinite(direction[k])) {
                    load(theta);
                    throw new NumericalInstabilityException("adjusted gradient of player " + players.get(i).name()
                            + " is not finite (component " + (k - starts[i]) + ": " + direction[k] + remedy(adjustment)
                            + ")");
                }
            }
        }
        step(theta, direction);
        batch = null;
    }

    /**
     * What to change when the adjusted direction blew up: unscaled, {@code lambda A^T xi} was measured at
     * 10 to 10^5 times {@code |xi|} on Pendulum (seed 000 §1.4.1's scale mismatch, docs/dynamic-matrix.md).
     */
    private static String remedy(GradientAdjustment adjustment) {
        return adjustment.normalisation() == GradientAdjustment.Normalisation.NONE && adjustment.lambda() != 0
                ? "; the adjustment, lambda " + adjustment.lambda() + ", is not scaled to the players' gradients:"
                        + " scale it per player (normalisation MATCH_OWN_GRADIENT, --adjust-norm match) or lower lambda"
                : "";
    }

    /** The finite-difference machinery (xi and the adjustment of the last {@link #update}); null before the first. */
    final GameGradients gradients() {
        return gradients;
    }

    /**
     * Per player, {@code {||xi_i||, ||a_i||}} of the last {@link #update}: its own gradient's norm and the
     * adjustment term's ({@code A^T xi} or {@code H^T xi}, before lambda and normalisation; 0 at lambda 0).
     */
    final double[][] lastBlockNorms() {
        double[][] out = new double[players.size()][2];
        if (gradients == null) {
            return out;
        }
        boolean second = lastAdjustmentNorm > 0;
        for (int i = 0; i < players.size(); i++) {
            double[] xi = second ? gradients.lastXi() : direction;
            out[i][0] = GameGradients.norm(xi, starts[i], starts[i + 1]);
            out[i][1] = second ? GameGradients.norm(gradients.lastAdjustment(), starts[i], starts[i + 1]) : 0;
        }
        return out;
    }

    /** The players' names, in block order. */
    final List<String> playerNames() {
        return players.stream().map(Player::name).toList();
    }

    /** {@code ||xi||} of the last {@link #update}. */
    final double lastXiNorm() {
        return lastXiNorm;
    }

    /** {@code ||A^T xi||} (or {@code ||H^T xi||}) of the last {@link #update}, before lambda and normalisation; 0 at lambda 0. */
    final double lastAdjustmentNorm() {
        return lastAdjustmentNorm;
    }

    /** Player i's loss at theta (for checks; moves the networks to theta and leaves them there). */
    final double lossAt(int player, double[] theta) {
        load(theta);
        zeroGrads();
        return record(player, false, false);
    }

    /** The networks' parameters as one vector. */
    final void read(double[] theta) {
        int k = 0;
        for (Player p : players) {
            for (Parameter q : p.params()) {
                float[] v = q.value.data;
                for (int j = 0; j < q.value.size(); j++) {
                    theta[k++] = v[j];
                }
            }
        }
    }

    /** Writes theta into the networks. */
    final void load(double[] theta) {
        int k = 0;
        for (Player p : players) {
            for (Parameter q : p.params()) {
                float[] v = q.value.data;
                for (int j = 0; j < q.value.size(); j++) {
                    v[j] = (float) theta[k++];
                }
            }
        }
    }

    private void zeroGrads() {
        for (Player p : players) {
            for (Parameter q : p.params()) {
                q.zeroGrad();
            }
        }
    }

    private void collect(double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            int k = starts[i];
            for (Parameter q : players.get(i).params()) {
                float[] g = q.grad.data;
                for (int j = 0; j < q.value.size(); j++) {
                    out[k++] = g[j];
                }
            }
        }
    }

    /**
     * Steps every player from theta along its block of {@code direction}: the networks are set back
     * to theta (the evaluations moved them), then each trained player's Adam takes the block as its
     * gradient, and each target player moves by {@code -tau} times its block.
     */
    final void step(double[] theta, double[] direction) {
        load(theta);
        for (int i = 0; i < players.size(); i++) {
            Player p = players.get(i);
            int k = starts[i];
            for (Parameter q : p.params()) {
                float[] g = q.grad.data;
                float[] v = q.value.data;
                for (int j = 0; j < q.value.size(); j++, k++) {
                    if (p.optimizers() == null) {
                        v[j] = (float) (theta[k] - tau * direction[k]);
                    } else {
                        g[j] = (float) direction[k];
                    }
                }
            }
            if (p.optimizers() != null) {
                for (Adam a : p.optimizers()) {
                    a.step(tape.threads());
                }
            }
        }
    }
}
