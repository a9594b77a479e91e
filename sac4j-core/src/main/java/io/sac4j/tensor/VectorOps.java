package io.sac4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API forms of the elementwise loops that C2 does not vectorise by itself. Each gives the
 * same bits as its scalar twin in {@link Ops}. Called only when the Vector API kernel is active,
 * so this class is never loaded without {@code jdk.incubator.vector}.
 */
final class VectorOps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorOps() {
    }

    /** {@code gi += (y > 0 ? g : 0)}. */
    static void reluBackwardAdd(float[] y, float[] g, float[] gi) {
        int n = y.length;
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (; i < bound; i += S.length()) {
            FloatVector yv = FloatVector.fromArray(S, y, i);
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector giv = FloatVector.fromArray(S, gi, i);
            FloatVector masked = zero.blend(gv, yv.compare(VectorOperators.GT, zero));
            giv.add(masked).intoArray(gi, i);
        }
        for (; i < n; i++) {
            gi[i] += y[i] > 0f ? g[i] : 0f;
        }
    }

    /** {@code o = (y > 0 ? g : 0)} row by row; {@code s[j] += o[i, j]} when s is not null. Same bits as the scalar loop. */
    static void reluGrad(float[] y, float[] g, float[] o, int rows, int cols, float[] s) {
        int bound = S.loopBound(cols);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0, base = 0; i < rows; i++, base += cols) {
            int j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector yv = FloatVector.fromArray(S, y, base + j);
                FloatVector x = zero.blend(FloatVector.fromArray(S, g, base + j), yv.compare(VectorOperators.GT, zero));
                x.intoArray(o, base + j);
                if (s != null) {
                    FloatVector.fromArray(S, s, j).add(x).intoArray(s, j);
                }
            }
            for (; j < cols; j++) {
                float x = y[base + j] > 0f ? g[base + j] : 0f;
                o[base + j] = x;
                if (s != null) {
                    s[j] += x;
                }
            }
        }
    }

    /** The vector part of {@link Ops#adamUpdate}: whole vectors from {@code from}; returns where the scalar tail starts. */
    static int adamUpdate(float[] p, float[] g, float[] m, float[] v, int from, int to, float b1, float c1,
                          float b2, float c2, float stepSize, float invSqrtBc2, float eps) {
        // Vector operands throughout: the scalar-operand overloads (mul(float) and so on) ran the
        // Vector API's Java fallback here instead of the intrinsic.
        FloatVector b1v = FloatVector.broadcast(S, b1);
        FloatVector c1v = FloatVector.broadcast(S, c1);
        FloatVector b2v = FloatVector.broadcast(S, b2);
        FloatVector c2v = FloatVector.broadcast(S, c2);
        FloatVector stepv = FloatVector.broadcast(S, stepSize);
        FloatVector bcv = FloatVector.broadcast(S, invSqrtBc2);
        FloatVector epsv = FloatVector.broadcast(S, eps);
        int j = from;
        for (; j + S.length() <= to; j += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, j);
            FloatVector mv = FloatVector.fromArray(S, m, j).mul(b1v).add(gv.mul(c1v));
            FloatVector vv = FloatVector.fromArray(S, v, j).mul(b2v).add(gv.mul(c2v).mul(gv));
            mv.intoArray(m, j);
            vv.intoArray(v, j);
            FloatVector denom = vv.sqrt().mul(bcv).add(epsv);
            FloatVector.fromArray(S, p, j).sub(mv.mul(stepv).div(denom)).intoArray(p, j);
        }
        return j;
    }
}
