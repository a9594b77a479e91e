package io.sac4j.policy;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.nn.Linear;
import io.sac4j.nn.Mlp;
import io.sac4j.nn.Parameter;
import io.sac4j.random.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * The SAC policy network: a ReLU trunk and two linear heads, the mean {@code mu(s)} and the
 * state-dependent {@code log sigma(s)}, clamped to {@code [logStdMin, logStdMax]} (seed 003,
 * "Policy"). The action distribution is {@link io.sac4j.distributions.TanhGaussian}.
 */
public final class Actor {
    private final Mlp trunk;
    private final Linear mu;
    private final Linear logStd;
    private final float logStdMin;
    private final float logStdMax;
    /** The last outputs (one per tape the learner uses), see {@link #forward}. */
    private final Output[] recent = new Output[4];
    private int next;

    /** The two heads' outputs for a batch, each {@code batch x actDim}. */
    public record Output(Var mu, Var logStd) {
    }

    public Actor(int obsDim, int actDim, List<Integer> hidden, double logStdMin, double logStdMax, Rng rng) {
        int[] sizes = new int[hidden.size() + 1];
        sizes[0] = obsDim;
        for (int i = 0; i < hidden.size(); i++) {
            sizes[i + 1] = hidden.get(i);
        }
        this.trunk = new Mlp("actor.trunk", sizes, true, rng);
        int last = sizes[sizes.length - 1];
        this.mu = new Linear("actor.mu", last, actDim, rng);
        this.logStd = new Linear("actor.log_std", last, actDim, rng);
        this.logStdMin = (float) logStdMin;
        this.logStdMax = (float) logStdMax;
    }

    public Output forward(Tape tape, Var obs, boolean trainable) {
        Var h = trunk.forward(tape, obs, trainable);
        Var m = mu.forward(tape, h, trainable);
        Var ls = tape.clamp(logStd.forward(tape, h, trainable), logStdMin, logStdMax);
        // A tape hands out the same Var slots each time it records the same graph, so the record of
        // the last call on that tape usually fits again; reusing it keeps a SAC update allocation-free.
        // Two tapes may record at once (SAC's two samples, each on a thread of its own).
        synchronized (recent) {
            for (int i = 0; i < recent.length; i++) {
                Output o = recent[i];
                if (o != null && o.mu == m && o.logStd == ls) {
                    return o;
                }
            }
            Output o = new Output(m, ls);
            recent[next] = o;
            next = (next + 1) % recent.length;
            return o;
        }
    }

    public int obsDim() {
        return trunk.inputSize();
    }

    public int actDim() {
        return mu.out;
    }

    public float logStdMin() {
        return logStdMin;
    }

    public float logStdMax() {
        return logStdMax;
    }

    Mlp trunk() {
        return trunk;
    }

    Linear muHead() {
        return mu;
    }

    Linear logStdHead() {
        return logStd;
    }

    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(trunk.parameters());
        ps.addAll(mu.parameters());
        ps.addAll(logStd.parameters());
        return ps;
    }
}
