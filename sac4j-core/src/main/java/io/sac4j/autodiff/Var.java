package io.sac4j.autodiff;

import io.sac4j.tensor.Matrix;

/**
 * A node of a {@link Tape}: a value, the operation that produced it, and (during
 * {@link Tape#backward}) its gradient. Owned and recycled by its tape: a {@code Var} is valid until
 * the tape's next {@link Tape#reset()}.
 */
public final class Var {
    Op op;
    Var a;
    Var b;
    /** A third input (the bias of {@link Op#LINEAR}). */
    Var c;
    float p0;
    float p1;
    boolean flag;
    int index;
    boolean requiresGrad;
    /** The value; either {@link #own} or, for a leaf, a matrix owned by the caller. */
    Matrix value;
    /** The gradient; a leaf's is the caller's, an inner node's is {@link #ownGrad}. */
    Matrix grad;
    Matrix own;
    Matrix ownGrad;
    Matrix tmp;
    /** A second scratch matrix (the partial derivatives with respect to {@code b} of {@link Op#POINTWISE2}). */
    Matrix tmp2;
    /** The backward pass of {@link Op#EXTERNAL}. */
    Tape.External external;

    Var() {
    }

    /** The value. Not to be modified by the caller, except for leaves the caller owns. */
    public Matrix value() {
        return value;
    }

    /** The gradient of the last {@link Tape#backward} target with respect to this node, or null. */
    public Matrix grad() {
        return grad;
    }

    public int rows() {
        return value.rows;
    }

    public int cols() {
        return value.cols;
    }

    /** The value of a 1x1 node. */
    public float item() {
        if (value.rows != 1 || value.cols != 1) {
            throw new IllegalStateException("item() needs a 1x1 value, this is " + value.shape());
        }
        return value.data[0];
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    @Override
    public String toString() {
        return "Var(" + op + ", " + value.shape() + ")";
    }
}
