package io.sac4j.sac;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.nn.Parameter;
import io.sac4j.nn.Polyak;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Matrix;
import io.sac4j.tensor.Ops;

import java.util.ArrayList;
import java.util.List;

/**
 * The twin soft Q networks of continuous SAC (the clipped double-Q of seed 003; seed 000 §1.3) with
 * everything that is theirs: the online networks {@code Q_1, Q_2}, their polyak targets
 * {@code Qbar_1, Qbar_2} (SAC v2; v1 has none, its target is a V network), one Adam per critic (Adam
 * is elementwise, so one per critic is the same update as one over both), their tapes and scratch
 * buffers, and their checkpoint entries ({@code qf1}, {@code qf1_target}, {@code qf2},
 * {@code qf2_target}).
 *
 * <p>The two critics share nothing they write, so each phase runs them on two threads at once when
 * the kernels have two, each the same arithmetic as on one: results do not depend on the thread count.
 * Not thread-safe otherwise; allocates nothing once the batch size is fixed.
 */
final class TwinCritics implements PartGroup {
    private final Side[] sides;
    private final List<SavedNetwork> saved = new ArrayList<>();
    private final KernelThreads threads;
    private final KernelThreads.Task forwardTask = this::forwardPart;
    private final KernelThreads.Task learnTask = this::learnPart;
    private final KernelThreads.Task polyakTask = this::polyakPart;
    private final KernelThreads.Task actorForwardTask = this::actorForwardPart;
    private final KernelThreads.Task actorBackwardTask = this::actorBackwardPart;
    private final Tape.External actorBackward = this::actorBackward;
    private Matrix minForActor = new Matrix(0, 0);
    private Var actorAction;
    // The phase inputs the tasks read, set just before each parallel section.
    private Matrix obs;
    private Matrix action;
    private Matrix y;
    private Matrix w;
    private float tau;
    private boolean targets;

    /**
     * Draws {@code Q_1}, {@code Q_2} and then (when {@code withTargets}) {@code Qbar_1}, {@code Qbar_2}
     * from {@code rng}, the targets then set to their sources; each phase runs on {@code threads}.
     */
    TwinCritics(int obsDim, int actDim, List<Integer> hidden, double lr, boolean withTargets, Rng rng,
                KernelThreads threads) {
        this.threads = threads;
        Critic q1 = new Critic("qf1", obsDim, actDim, hidden, rng);
        Critic q2 = new Critic("qf2", obsDim, actDim, hidden, rng);
        Critic q1Target = null;
        Critic q2Target = null;
        if (withTargets) {
            q1Target = new Critic("qf1_target", obsDim, actDim, hidden, rng);
            q2Target = new Critic("qf2_target", obsDim, actDim, hidden, rng);
            q1Target.copyFrom(q1);
            q2Target.copyFrom(q2);
        }
        sides = new Side[] {new Side("qf1", q1, q1Target, lr, threads), new Side("qf2", q2, q2Target, lr, threads)};
        for (Side s : sides) {
            saved.add(SavedNetwork.trained(s.name, s.params, s.optimizer));
            if (s.qTarget != null) {
                saved.add(SavedNetwork.target(s.name + "_target", s.targetParams));
            }
        }
    }

    /** Online critic {@code j} (0 or 1). */
    Critic q(int j) {
        return sides[j].q;
    }

    /** Target critic {@code j} (0 or 1); only with targets. */
    Critic target(int j) {
        return sides[j].qTarget;
    }

    /** Both online critics' parameters, {@code Q_1}'s first. */
    List<Parameter> parameters() {
        return both(sides[0].params, sides[1].params);
    }

    /** Both target critics' parameters, {@code Qbar_1}'s first; only with targets. */
    List<Parameter> targetParameters() {
        return both(sides[0].targetParams, sides[1].targetParams);
    }

    private static List<Parameter> both(List<Parameter> a, List<Parameter> b) {
        List<Parameter> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * {@code min_j Qbar_j(s', a')}, no gradients, into {@code out} (batch x 1); the targets' part of
     * the soft TD target (seed 003, "Learning the Q functions"). Inputs not modified.
     */
    void minTargetQ(Matrix nextObs, Matrix nextAction, Matrix out) {
        min(true, nextObs, nextAction, out);
    }

    /**
     * {@code min_j Q_j(s, a)} of the online critics as they are now, no gradients, into {@code out}
     * (batch x 1): SAC v1's state-value target reads it (seed 000 §1.2-1.3). Inputs not modified.
     */
    void minQ(Matrix observations, Matrix actions, Matrix out) {
        min(false, observations, actions, out);
    }

    /** {@code min_j Qbar_j(s, a)} when {@code targets}, else {@code min_j Q_j(s, a)}; no gradients. */
    private void min(boolean targets, Matrix observations, Matrix actions, Matrix out) {
        this.targets = targets;
        obs = observations;
        action = actions;
        threads.parallel(forwardTask);
        Ops.min(sides[0].qNoGrad, sides[1].qNoGrad, out);
        obs = null;
        action = null;
    }

    /**
     * One Adam step of each critic on its half of {@code 0.5 sum_j mean(w (Q_j(s, a) - y)^2)}, {@code w}
     * the rows' importance weights (all 1 unless replay is prioritized); the loss is then in {@link #loss()},
     * {@code mean Q_1(s, a)} in {@link #meanQ()} and each row's priority signal in {@link #tdErrors}.
     * Inputs not modified.
     */
    void learn(Matrix observations, Matrix actions, Matrix target, Matrix weights) {
        obs = observations;
        action = actions;
        y = target;
        w = weights;
        threads.parallel(learnTask);
        obs = null;
        action = null;
        y = null;
        w = null;
    }

    /**
     * Writes {@code (|Q_1(s, a) - y| + |Q_2(s, a) - y|) / 2} of the last {@link #learn}'s rows (Q before
     * its step) into {@code out[0..batch)}: prioritized replay's priority signal ({@link ReplaySampling}).
     */
    void tdErrors(Matrix target, float[] out) {
        SacLosses.meanAbsTdError(sides[0].qTaken, sides[1].qTaken, target, out);
    }

    /** The twin loss of the last {@link #learn}, {@code 0.5 sum_j mean((Q_j - y)^2)}. */
    double loss() {
        // Each half already carries the 1/2; their float sum is 0.5 (l1 + l2) exactly (scaling by 2 is exact).
        return sides[0].loss + sides[1].loss;
    }

    /** {@code mean Q_1(s, a)} over the batch of the last {@link #learn}, before its step. */
    double meanQ() {
        return sides[0].meanQ;
    }

    /**
     * {@code min_j Q_j(s, a)} on the actor's {@code tape}, the critics' weights frozen: each critic's
     * forward, and in the tape's backward pass its backward, on a tape of its own, the two run as the
     * parts of one task (a critic per thread). The same arithmetic as recording both critics on
     * {@code tape} (the policy loss's one-tape form, which {@link ActorStep} uses on one thread): the
     * min routes the gradient as {@link Tape#min} does, and the action's gradient receives
     * {@code Q_2}'s share, then {@code Q_1}'s, the order the one tape's backward pass adds them in.
     */
    Var minQForActor(Tape tape, Matrix observations, Var action) {
        obs = observations;
        actorAction = action;
        threads.parallel(actorForwardTask);
        minForActor = Matrix.reuseOrNew(minForActor, observations.rows, 1);
        Ops.min(sides[0].qForActor.value(), sides[1].qForActor.value(), minForActor);
        obs = null;
        return tape.external(action, minForActor, actorBackward);
    }

    private void actorForwardPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            sides[j].forwardForActor(obs, actorAction.value());
        }
    }

    /** The backward pass of {@link #minQForActor}'s node: {@code g} to the smaller critic of each row. */
    private void actorBackward(Matrix g) {
        float[] x = sides[0].qForActor.value().data, y = sides[1].qForActor.value().data, gs = g.data;
        Matrix up0 = sides[0].upstream(g.rows), up1 = sides[1].upstream(g.rows);
        for (int i = 0; i < gs.length; i++) {
            // Tape.min's routing into zeroed gradients: 0 + g on the chosen side, 0 on the other.
            boolean first = x[i] <= y[i];
            up0.data[i] = first ? 0f + gs[i] : 0f;
            up1.data[i] = first ? 0f : 0f + gs[i];
        }
        threads.parallel(actorBackwardTask);
        Ops.addInPlace(actorAction.grad(), sides[1].actionGrad);
        Ops.addInPlace(actorAction.grad(), sides[0].actionGrad);
        actorAction = null;
    }

    private void actorBackwardPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            sides[j].backwardForActor();
        }
    }

    /** {@code Qbar_j <- (1 - tau) Qbar_j + tau Q_j} for both critics. */
    void polyak(float tau) {
        this.tau = tau;
        threads.parallel(polyakTask);
    }

    private void forwardPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            sides[j].forwardNoGrad(targets, obs, action);
        }
    }

    private void learnPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            sides[j].learn(obs, action, y, w);
        }
    }

    private void polyakPart(int part, int parts) {
        for (int j = part; j < 2; j += parts) {
            Polyak.update(sides[j].params, sides[j].targetParams, tau);
        }
    }

    /** {@code qf1}, {@code qf1_target}, {@code qf2}, {@code qf2_target} (the targets when there are). */
    @Override
    public List<SavedNetwork> parts() {
        return saved;
    }

    /** Critic {@code j}'s optimiser. */
    Adam optimizer(int j) {
        return sides[j].optimizer;
    }

    /** One critic with its target, optimiser, tapes and buffers: what one thread of a phase touches. */
    private static final class Side {
        final Critic q;
        final Critic qTarget;
        final List<Parameter> params;
        final List<Parameter> targetParams;
        final Adam optimizer;
        final String name;
        private final KernelThreads threads;
        private final Tape targetTape;
        private final Tape learnTape;
        private final Tape onlineTape;
        private final Tape actorTape;
        /** {@code Q_j(s, a)} of the actor's action, on {@link #actorTape}. */
        Var qForActor;
        private Matrix upstream = new Matrix(0, 0);
        /** {@code dQ_j/da} times the upstream gradient, after {@link #backwardForActor}. */
        Matrix actionGrad = new Matrix(0, 0);
        /** The output of the last {@link #forwardNoGrad}. */
        Matrix qNoGrad;
        /** {@code Q_j(s, a)} of the last {@link #learn}, before its step. */
        Matrix qTaken;
        float loss;
        double meanQ;

        Side(String name, Critic q, Critic qTarget, double lr, KernelThreads threads) {
            this.threads = threads;
            this.targetTape = new Tape(threads);
            this.learnTape = new Tape(threads);
            this.onlineTape = new Tape(threads);
            this.actorTape = new Tape(threads);
            this.q = q;
            this.qTarget = qTarget;
            this.params = q.parameters();
            this.targetParams = qTarget == null ? null : qTarget.parameters();
            this.optimizer = new Adam(params, lr);
            this.name = name;
        }

        /** {@code Qbar_j(s, a)} when {@code target} (on its own tape), else {@code Q_j(s, a)}; no gradients. */
        void forwardNoGrad(boolean target, Matrix obs, Matrix act) {
            Tape tape = target ? targetTape : onlineTape;
            Critic net = target ? qTarget : q;
            tape.reset();
            qNoGrad = net.forward(tape, tape.constant(obs), tape.constant(act), false).value();
        }

        /** {@code Q_j(s, a)} with the weights frozen and {@code a} a leaf whose gradient is {@link #actionGrad}. */
        void forwardForActor(Matrix obs, Matrix action) {
            actorTape.reset();
            actionGrad = Matrix.reuseOrNew(actionGrad, action.rows, action.cols);
            qForActor = q.forward(actorTape, actorTape.constant(obs), actorTape.param(action, actionGrad), false);
        }

        Matrix upstream(int rows) {
            upstream = Matrix.reuseOrNew(upstream, rows, 1);
            return upstream;
        }

        /** {@code actionGrad = 0 + upstream^T dQ_j/da}. */
        void backwardForActor() {
            actionGrad.zeroInPlace();
            actorTape.backward(qForActor, upstream);
        }

        /** One step on {@code 0.5 mean(w (Q_j(s, a) - y)^2)}, this critic's half of the twin loss. */
        void learn(Matrix obs, Matrix act, Matrix y, Matrix w) {
            learnTape.reset();
            optimizer.zeroGrad();
            Var qv = q.forward(learnTape, learnTape.constant(obs), learnTape.constant(act), true);
            Var l = SacLosses.weightedCriticLoss(learnTape, qv, learnTape.constant(y), learnTape.constant(w));
            loss = l.item();
            qTaken = qv.value();
            meanQ = Ops.mean(qTaken);
            learnTape.backward(l);
            optimizer.step(threads);
        }
    }
}
