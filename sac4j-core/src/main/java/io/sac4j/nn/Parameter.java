package io.sac4j.nn;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.tensor.Matrix;

/** A trainable matrix and the gradient accumulated for it. */
public final class Parameter {
    private final String name;
    public final Matrix value;
    public final Matrix grad;

    public Parameter(String name, int rows, int cols) {
        this.name = name;
        this.value = new Matrix(rows, cols);
        this.grad = new Matrix(rows, cols);
    }

    public String name() {
        return name;
    }

    /** Records this parameter on the tape: trainable (gradient added into {@link #grad}) or frozen (a constant). */
    public Var on(Tape tape, boolean trainable) {
        return trainable ? tape.param(value, grad) : tape.constant(value);
    }

    public void zeroGrad() {
        grad.zeroInPlace();
    }

    @Override
    public String toString() {
        return "Parameter(" + name + ", " + value.shape() + ")";
    }
}
