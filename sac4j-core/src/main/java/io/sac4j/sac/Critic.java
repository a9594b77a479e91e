package io.sac4j.sac;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.nn.Mlp;
import io.sac4j.nn.Parameter;
import io.sac4j.random.Rng;

import java.util.List;

/** A soft Q network {@code Q(s, a)}: an MLP over the concatenation {@code [s | a]} with one output. */
public final class Critic {
    private final Mlp net;

    public Critic(String name, int obsDim, int actDim, List<Integer> hidden, Rng rng) {
        this.net = new Mlp(name, Mlp.sizes(obsDim + actDim, hidden, 1), rng);
    }

    /** {@code Q(s, a)}, {@code batch x 1}. */
    public Var forward(Tape tape, Var obs, Var action, boolean trainable) {
        return net.forward(tape, tape.concatCols(obs, action), trainable);
    }

    public List<Parameter> parameters() {
        return net.parameters();
    }

    /** Copies the weights of a critic of the same shape. */
    public void copyFrom(Critic other) {
        net.copyFrom(other.net);
    }
}
