package io.sac4j.autodiff;

/**
 * An elementwise function of two arguments with its partial derivatives, for
 * {@link Tape#pointwise(Var, Var, Pointwise2)}. An implementation should hold no state (a constant
 * lambda or a static method reference), so recording it allocates nothing.
 */
@FunctionalInterface
public interface Pointwise2 {
    /**
     * For every {@code i < n}: {@code y[i] = f(a[i], b[i])}, {@code dfda[i] = df/da (a[i], b[i])},
     * {@code dfdb[i] = df/db (a[i], b[i])}.
     *
     * @param a    first arguments. Not modified.
     * @param b    second arguments. Not modified.
     * @param y    values. Modified.
     * @param dfda partial derivatives with respect to a. Modified.
     * @param dfdb partial derivatives with respect to b. Modified.
     * @param n    the number of elements
     */
    void apply(float[] a, float[] b, float[] y, float[] dfda, float[] dfdb, int n);
}
