package io.sac4j.sac;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.nn.Mlp;
import io.sac4j.nn.Polyak;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Matrix;

import java.util.List;

/**
 * SAC v1's state-value network {@code V(s)} and its polyak target {@code Vbar(s)} (seed 000 §1.1-1.3,
 * seed 001 Algorithm 1), with their Adam, tapes and checkpoint entries ({@code vf}, {@code vf.adam},
 * {@code vf_target}). V has the critics' hidden sizes and learning rate.
 */
final class ValueNetwork implements PartGroup {
    private final Mlp value;
    private final Mlp valueTarget;
    private final Adam optimizer;
    private final List<SavedNetwork> saved;
    private final KernelThreads threads;
    private final Tape tape;
    private final Tape targetTape;

    /** Draws V then Vbar from {@code rng}; Vbar is then set to V. V's work runs on {@code threads}. */
    ValueNetwork(int obsDim, SacConfig config, Rng rng, KernelThreads threads) {
        this.threads = threads;
        this.tape = new Tape(threads);
        this.targetTape = new Tape(threads);
        int[] sizes = Mlp.sizes(obsDim, config.hiddenSizes(), 1);
        this.value = new Mlp("vf", sizes, rng);
        this.valueTarget = new Mlp("vf_target", sizes, rng);
        valueTarget.copyFrom(value);
        this.optimizer = new Adam(value.parameters(), config.criticLr());
        this.saved = List.of(SavedNetwork.trained("vf", value.parameters(), optimizer),
                SavedNetwork.target("vf_target", valueTarget.parameters()));
    }

    /** {@code V(s)}. */
    Mlp value() {
        return value;
    }

    /** {@code Vbar(s)}. */
    Mlp valueTarget() {
        return valueTarget;
    }

    Adam optimizer() {
        return optimizer;
    }

    /** J3: one Adam step on {@code 0.5 mean((V(s) - v)^2)} towards {@code v} (batch x 1, not modified); returns the loss. */
    double learn(Matrix obs, Matrix v) {
        tape.reset();
        optimizer.zeroGrad();
        Var out = value.forward(tape, tape.constant(obs), true);
        Var loss = SacLosses.valueLoss(tape, out, tape.constant(v));
        double l = loss.item();
        tape.backward(loss);
        optimizer.step(threads);
        return l;
    }

    /** {@code Vbar(s')}, no gradients (batch x 1, valid until the next call). */
    Matrix targetValue(Matrix nextObs) {
        targetTape.reset();
        return valueTarget.forward(targetTape, targetTape.constant(nextObs), false).value();
    }

    /** J4: {@code Vbar <- (1 - tau) Vbar + tau V}, the polyak form of minimising 0.5 ||psi - psibar||^2. */
    void polyak(float tau) {
        Polyak.update(value.parameters(), valueTarget.parameters(), tau);
    }

    @Override
    public List<SavedNetwork> parts() {
        return saved;
    }
}
