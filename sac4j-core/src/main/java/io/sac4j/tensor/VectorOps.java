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
            FloatVector masked = zero.blend(gv, yv.compare(VectorOperators.GT, 0f));
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
                FloatVector x = zero.blend(FloatVector.fromArray(S, g, base + j), yv.compare(VectorOperators.GT, 0f));
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
}
