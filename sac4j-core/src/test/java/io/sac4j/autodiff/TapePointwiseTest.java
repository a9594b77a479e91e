package io.sac4j.autodiff;

import io.sac4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

import static io.sac4j.autodiff.GradCheck.check;
import static io.sac4j.autodiff.GradCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Tape#pointwise}: values as given, backward through the supplied partial derivatives. */
class TapePointwiseTest {
    /** f(a, b) = a sin(b) + b^2, df/da = sin(b), df/db = a cos(b) + 2b. */
    private static final Pointwise2 F = (a, b, y, da, db, n) -> {
        for (int i = 0; i < n; i++) {
            y[i] = (float) (a[i] * Math.sin(b[i]) + b[i] * b[i]);
            da[i] = (float) Math.sin(b[i]);
            db[i] = (float) (a[i] * Math.cos(b[i]) + 2 * b[i]);
        }
    };

    @Test
    void gradientMatchesFiniteDifferences() {
        check("pointwise", (t, v) -> t.pointwise(v[0], v[1], F), random(4, 3, -1.5, 1.5, 0.1, 80),
                random(4, 3, -1.5, 1.5, 0.1, 81));
        // Composed with other ops, and the same input in both places.
        check("pointwise composed", (t, v) -> t.sumCols(t.pointwise(t.tanh(v[0]), v[0], F)),
                random(5, 2, -1.5, 1.5, 0.1, 82));
    }

    @Test
    void valuesAreTheFunctionsAndShapesMustMatch() {
        Tape t = new Tape();
        Matrix a = Matrix.of(1, 2, 0.5f, -2f);
        Matrix b = Matrix.of(1, 2, 1f, 0.25f);
        Var y = t.pointwise(t.constant(a), t.constant(b), F);
        assertEquals(0.5 * Math.sin(1) + 1, y.value().get(0, 0), 1e-6);
        assertEquals(-2 * Math.sin(0.25) + 0.0625, y.value().get(0, 1), 1e-6);
        assertThrows(IllegalArgumentException.class,
                () -> t.pointwise(t.constant(a), t.constant(new Matrix(2, 1)), F));
    }
}
