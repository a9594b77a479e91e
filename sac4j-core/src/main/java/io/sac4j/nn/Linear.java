package io.sac4j.nn;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Gemm;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Matrix;

import java.util.List;

/**
 * An affine layer {@code y = x W + b} over row-major batches: x is {@code batch x in}, W is
 * {@code in x out}, b is {@code 1 x out}.
 *
 * <p>Initialised as PyTorch's {@code nn.Linear}: W and b uniform in {@code [-1/sqrt(in), 1/sqrt(in)]}
 * (Kaiming-uniform with {@code a = sqrt(5)} gives that bound for W).
 */
public final class Linear {
    public final int in;
    public final int out;
    public final Parameter weight;
    public final Parameter bias;

    public Linear(String name, int in, int out, Rng rng) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear " + name + ": sizes must be >= 1, got " + in + " -> " + out);
        }
        this.in = in;
        this.out = out;
        this.weight = new Parameter(name + ".weight", in, out);
        this.bias = new Parameter(name + ".bias", 1, out);
        float bound = (float) (1.0 / Math.sqrt(in));
        rng.fillUniform(weight.value.data, 0, weight.value.size(), -bound, bound);
        rng.fillUniform(bias.value.data, 0, bias.value.size(), -bound, bound);
    }

    /** Records {@code x W + b}; the parameters are trainable or frozen constants. */
    public Var forward(Tape tape, Var x, boolean trainable) {
        return forward(tape, x, trainable, false);
    }

    /** Records {@code x W + b}, followed by a ReLU when {@code relu}, as one tape node. */
    public Var forward(Tape tape, Var x, boolean trainable, boolean relu) {
        return tape.linear(x, weight.on(tape, trainable), bias.on(tape, trainable), relu);
    }

    /** {@code y = x W + b} without a tape. y: {@code x.rows x out}, modified. */
    public void apply(Matrix x, Matrix y) {
        apply(x, y, false);
    }

    /**
     * {@code y = x W + b}, then a ReLU when {@code relu}, without a tape, on one thread (acting:
     * a policy is used from whatever thread steps the environment). y: {@code x.rows x out}, modified.
     */
    public void apply(Matrix x, Matrix y, boolean relu) {
        Gemm.linear(KernelThreads.single(), x, weight.value, bias.value, relu, y);
    }

    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
