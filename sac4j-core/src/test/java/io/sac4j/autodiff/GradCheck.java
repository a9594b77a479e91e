package io.sac4j.autodiff;

import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;

import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Central finite-difference gradient checks: for a function {@code f} of some matrices, compares
 * the tape's gradient of {@code L = sum(W * f(X))} (W random, fixed) with {@code (L(x + h) - L(x - h)) / 2h}
 * element by element.
 */
public final class GradCheck {
    private GradCheck() {
    }

    public static final double H = 1e-2;

    public static void check(String name, BiFunction<Tape, Var[], Var> f, Matrix... inputs) {
        check(name, f, 2e-2, 2e-3, inputs);
    }

    public static void check(String name, BiFunction<Tape, Var[], Var> f, double rtol, double atol, Matrix... inputs) {
        Tape tape = new Tape();
        Matrix[] grads = new Matrix[inputs.length];
        Var[] vars = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            grads[i] = new Matrix(inputs[i].rows, inputs[i].cols);
            vars[i] = tape.param(inputs[i], grads[i]);
        }
        Var y = f.apply(tape, vars);
        Matrix w = new Matrix(y.rows(), y.cols());
        new Rng(12345).fillUniform(w.data, 0, w.size(), -1f, 1f);
        Var loss = tape.sum(tape.mul(y, tape.constant(w)));
        tape.backward(loss);

        boolean anyNonZero = false;
        for (int i = 0; i < inputs.length; i++) {
            float[] x = inputs[i].data;
            for (int j = 0; j < x.length; j++) {
                float orig = x[j];
                x[j] = (float) (orig + H);
                double plus = weighted(f, inputs, w);
                x[j] = (float) (orig - H);
                double minus = weighted(f, inputs, w);
                x[j] = orig;
                double numeric = (plus - minus) / (2 * H);
                double analytic = grads[i].data[j];
                anyNonZero |= Math.abs(analytic) > 1e-6;
                double tol = atol + rtol * Math.max(Math.abs(numeric), Math.abs(analytic));
                if (!(Math.abs(numeric - analytic) <= tol)) {
                    fail(name + ": input " + i + " element " + j + ": analytic " + analytic + " vs numeric " + numeric);
                }
            }
        }
        assertTrue(anyNonZero, name + ": every gradient is zero, the check proves nothing");
    }

    private static double weighted(BiFunction<Tape, Var[], Var> f, Matrix[] inputs, Matrix w) {
        Tape t = new Tape();
        Var[] vs = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            vs[i] = t.constant(inputs[i]);
        }
        Matrix y = f.apply(t, vs).value();
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            s += (double) y.data[i] * w.data[i];
        }
        return s;
    }

    /** A matrix with entries uniform in {@code [lo, hi]} whose absolute values are at least {@code minAbs}. */
    public static Matrix random(int rows, int cols, double lo, double hi, double minAbs, long seed) {
        Rng r = new Rng(seed);
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            double v;
            do {
                v = r.uniform(lo, hi);
            } while (Math.abs(v) < minAbs);
            m.data[i] = (float) v;
        }
        return m;
    }
}
