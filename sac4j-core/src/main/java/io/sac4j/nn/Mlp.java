package io.sac4j.nn;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A multilayer perceptron {@code sizes = [in, h1, ..., out]} with ReLU between layers, and after the
 * last layer too when built with {@code activateOutput} (a trunk that heads are put on).
 */
public final class Mlp {
    private final List<Linear> layers;
    private final int[] sizes;
    private final boolean activateOutput;

    /** The layer sizes {@code [in, hidden_1, ..., hidden_k, out]} of a network with the given hidden widths. */
    public static int[] sizes(int in, List<Integer> hidden, int out) {
        int[] s = new int[hidden.size() + 2];
        s[0] = in;
        for (int i = 0; i < hidden.size(); i++) {
            s[i + 1] = hidden.get(i);
        }
        s[s.length - 1] = out;
        return s;
    }

    public Mlp(String name, int[] sizes, Rng rng) {
        this(name, sizes, false, rng);
    }

    public Mlp(String name, int[] sizes, boolean activateOutput, Rng rng) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("Mlp " + name + " needs at least input and output sizes");
        }
        this.sizes = sizes.clone();
        this.activateOutput = activateOutput;
        List<Linear> ls = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            ls.add(new Linear(name + "." + i, sizes[i], sizes[i + 1], rng));
        }
        this.layers = Collections.unmodifiableList(ls);
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** Whether a ReLU follows the last layer too (a trunk), not only the hidden ones. */
    public boolean activatesOutput() {
        return activateOutput;
    }

    public List<Linear> layers() {
        return layers;
    }

    /** Records the forward pass. */
    public Var forward(Tape tape, Var x, boolean trainable) {
        Var h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(tape, h, trainable, activateOutput || i + 1 < layers.size());
        }
        return h;
    }

    /**
     * Creates the per-layer output buffers for tape-free evaluation of {@code batch} rows with
     * {@link #apply}.
     */
    public Matrix[] newBuffers(int batch) {
        Matrix[] bufs = new Matrix[layers.size()];
        for (int i = 0; i < bufs.length; i++) {
            bufs[i] = new Matrix(batch, layers.get(i).out);
        }
        return bufs;
    }

    /** The forward pass without a tape, into {@code buffers} from {@link #newBuffers}; returns the last. */
    public Matrix apply(Matrix x, Matrix[] buffers) {
        Matrix h = x;
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).apply(h, buffers[i], activateOutput || i + 1 < layers.size());
            h = buffers[i];
        }
        return h;
    }

    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Linear l : layers) {
            ps.addAll(l.parameters());
        }
        return ps;
    }

    /** Copies all parameter values from a network of the same shape. */
    public void copyFrom(Mlp other) {
        Polyak.copy(other.parameters(), parameters());
    }
}
