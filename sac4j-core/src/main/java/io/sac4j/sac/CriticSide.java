package io.sac4j.sac;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.checkpoint.StateWriter;
import io.sac4j.nn.Parameter;
import io.sac4j.nn.Polyak;
import io.sac4j.optim.Adam;
import io.sac4j.tensor.Matrix;
import io.sac4j.tensor.Ops;

import java.io.IOException;
import java.util.List;

/**
 * One of the twin critics with everything that is its own: the online network, its target (SAC
 * v2; null for v1, whose target is a V network), its optimiser (Adam is elementwise, so one per
 * critic is the same update as one over both), and its tapes. The two sides share nothing they
 * write, so they run on two threads at once, each the same arithmetic as on one: results do not
 * depend on the thread count.
 */
final class CriticSide {
    final Critic q;
    final Critic qTarget;
    final List<Parameter> params;
    final Adam optimizer;
    final List<Parameter> targetParams;
    private final Tape targetTape = new Tape();
    private final Tape learnTape = new Tape();
    private final Tape actorTape = new Tape();
    Matrix qNext;
    float loss;
    double meanQ;
    Var qForActor;
    Matrix upstream = new Matrix(0, 0);
    Matrix actionGrad = new Matrix(0, 0);

    private final String name;

    CriticSide(String name, Critic q, Critic qTarget, double lr) {
        this.name = name;
        this.q = q;
        this.qTarget = qTarget;
        this.params = q.parameters();
        this.targetParams = qTarget == null ? null : qTarget.parameters();
        this.optimizer = new Adam(params, lr);
    }

    static Matrix ensure(Matrix m, int rows, int cols) {
        return m.rows == rows && m.cols == cols ? m : new Matrix(rows, cols);
    }

    /** {@code Qbar_j(s', a')}, no gradients. */
    void targetQ(Matrix nextObs, Matrix nextAction) {
        targetTape.reset();
        qNext = qTarget.forward(targetTape, targetTape.constant(nextObs), targetTape.constant(nextAction), false)
                .value();
    }

    /** One step on {@code 0.5 mean((Q_j(s, a) - y)^2)}, this critic's half of the twin loss. */
    void learn(Matrix obs, Matrix act, Matrix y) {
        learnTape.reset();
        optimizer.zeroGrad();
        Var qv = q.forward(learnTape, learnTape.constant(obs), learnTape.constant(act), true);
        Var l = SacLosses.criticLoss(learnTape, qv, learnTape.constant(y));
        loss = l.item();
        meanQ = Ops.mean(qv.value());
        learnTape.backward(l);
        optimizer.step();
    }

    /** {@code Q_j(s, a)} for the policy's actions, frozen weights, recording the path to the action. */
    void forwardForActor(Matrix obs, Matrix action) {
        actorTape.reset();
        actionGrad = ensure(actionGrad, action.rows, action.cols);
        upstream = ensure(upstream, action.rows, 1);
        qForActor = q.forward(actorTape, actorTape.constant(obs), actorTape.param(action, actionGrad), false);
    }

    /** {@code actionGrad = upstream^T dQ_j/da}, upstream set by the caller. */
    void backwardForActor() {
        actionGrad.zeroInPlace();
        actorTape.backward(qForActor, upstream);
    }

    void polyak(float tau) {
        Polyak.update(params, targetParams, tau);
    }

    /** Puts {@code learner.<name>} and its {@code .adam}, and {@code learner.<name>_target} if there is a target. */
    void saveState(StateWriter out) throws IOException {
        LearnerState.requireFinite(name, params);
        LearnerState.putNetwork(out, name, params, optimizer);
        if (targetParams != null) {
            LearnerState.requireFinite(name + "_target", targetParams);
            LearnerState.putNetwork(out, name + "_target", targetParams, null);
        }
    }

    /** Restores what {@link #saveState} wrote. Modifies the networks and the optimiser. */
    void restoreState(StateReader in) throws CheckpointException {
        LearnerState.restoreNetwork(in, name, params, optimizer);
        if (targetParams != null) {
            LearnerState.restoreNetwork(in, name + "_target", targetParams, null);
        }
    }
}
