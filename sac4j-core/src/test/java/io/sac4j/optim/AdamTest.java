package io.sac4j.optim;

import io.sac4j.nn.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdamTest {
    /** Three steps of gradients 0.5, -1, 0.25 from p = 1 with lr 0.1, worked out by hand (PyTorch's update). */
    @Test
    void matchesHandComputedSteps() {
        Parameter p = new Parameter("p", 1, 1);
        p.value.data[0] = 1f;
        Adam adam = new Adam(List.of(p), 0.1);
        double[] grads = {0.5, -1.0, 0.25};
        double[] expected = {0.9000000019999999, 0.9366103542405653, 0.950279420338976};
        for (int t = 0; t < 3; t++) {
            adam.zeroGrad();
            p.grad.data[0] += (float) grads[t];
            adam.step();
            assertEquals(expected[t], p.value.data[0], 1e-6, "step " + (t + 1));
        }
        assertEquals(3, adam.steps());
    }

    /** Runs 5 steps on two large parameters with random gradients; returns the final values. */
    private static float[] run(io.sac4j.tensor.GemmKernel kernel, int threads) {
        io.sac4j.random.Rng rng = new io.sac4j.random.Rng(11);
        Parameter a = new Parameter("a", 150, 301);
        Parameter b = new Parameter("b", 1, 37);
        rng.fillUniform(a.value.data, 0, a.value.size(), -1f, 1f);
        Adam adam = new Adam(List.of(a, b), 1e-3);
        try (io.sac4j.tensor.KernelThreads on = io.sac4j.tensor.KernelThreads.create(threads, kernel)) {
            for (int t = 0; t < 5; t++) {
                adam.zeroGrad();
                rng.fillUniform(a.grad.data, 0, a.grad.size(), -1f, 1f);
                rng.fillUniform(b.grad.data, 0, b.grad.size(), -1e-6f, 1e-6f);
                adam.step(on);
            }
        }
        float[] out = java.util.Arrays.copyOf(a.value.data, a.value.size() + b.value.size());
        System.arraycopy(b.value.data, 0, out, a.value.size(), b.value.size());
        return out;
    }

    @Test
    void sameBitsOnEitherKernelAndAnyThreadCount() {
        float[] reference = run(io.sac4j.tensor.GemmKernel.java(), 1);
        org.junit.jupiter.api.Assertions.assertArrayEquals(reference, run(io.sac4j.tensor.GemmKernel.java(), 2));
        io.sac4j.tensor.GemmKernel vector = io.sac4j.tensor.GemmKernel.vector();
        if (vector != null) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(reference, run(vector, 1));
            org.junit.jupiter.api.Assertions.assertArrayEquals(reference, run(vector, 3));
        }
    }

    @Test
    void minimisesAQuadratic() {
        Parameter p = new Parameter("p", 1, 3);
        p.value.data[0] = 3f;
        p.value.data[1] = -2f;
        p.value.data[2] = 0.5f;
        Adam adam = new Adam(List.of(p), 0.05);
        for (int i = 0; i < 2000; i++) {
            adam.zeroGrad();
            for (int j = 0; j < 3; j++) {
                p.grad.data[j] = 2f * (p.value.data[j] - j); // d/dp (p - j)^2
            }
            adam.step();
        }
        for (int j = 0; j < 3; j++) {
            assertEquals(j, p.value.data[j], 1e-3);
        }
    }

    @Test
    void rejectsBadHyperparameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(), -1));
        assertEquals("Adam: need lr > 0, 0 <= beta < 1, eps > 0; got lr=-1.0 beta1=0.9 beta2=0.999 eps=1.0E-8",
                e.getMessage());
    }

    /** Steps of gradients 0.5, -1, 0.25 at lr {@code lr}, the factor set before each; the values after each. */
    private static float[] steps(double lr, double... factors) {
        Parameter p = new Parameter("p", 1, 1);
        p.value.data[0] = 1f;
        Adam adam = new Adam(List.of(p), lr);
        double[] grads = {0.5, -1.0, 0.25};
        float[] out = new float[factors.length];
        for (int t = 0; t < factors.length; t++) {
            adam.setLearningRateFactor(factors[t]);
            adam.zeroGrad();
            p.grad.data[0] += (float) grads[t];
            adam.step();
            out[t] = p.value.data[0];
        }
        return out;
    }

    /**
     * A factor scales the step as the smaller rate would (0.1 x 0.25 is 0.025 exactly: a power of two), bit
     * for bit; factor 1 is the configured rate; the first step of Adam is lr * sign(g) whatever g is.
     */
    @Test
    void aFactorStepsAsTheScaledRate() {
        org.junit.jupiter.api.Assertions.assertArrayEquals(steps(0.025, 1, 1, 1), steps(0.1, 0.25, 0.25, 0.25));
        org.junit.jupiter.api.Assertions.assertArrayEquals(steps(0.1, 1, 1, 1), steps(0.1, 1.0, 1.0, 1.0));
        assertEquals(1 - 0.05, steps(0.1, 0.5)[0], 1e-7, "first step: lr * factor * sign(g)");
        Adam adam = new Adam(List.of(new Parameter("p", 1, 1)), 0.1);
        assertEquals(0.1, adam.learningRate());
        adam.setLearningRateFactor(0.5);
        assertEquals(0.05, adam.learningRate());
    }

    /** At factor 0 the parameter stays, but the step count and moments advance (as PyTorch's lr = 0 does). */
    @Test
    void factorZeroLeavesTheParameterAndAdvancesTheMoments() {
        float[] frozenFirst = steps(0.1, 0, 1);
        assertEquals(1f, frozenFirst[0]);
        // Step 2 from p = 1 with both gradients in the moments: not the first-step move of a fresh Adam.
        // m2 = 0.9 (0.1 * 0.5) + 0.1 (-1), v2 = 0.999 (0.001 * 0.25) + 0.001 (1); a fresh Adam would go to 1.1.
        assertEquals(1.0 - 0.1 * (0.9 * 0.1 * 0.5 - 0.1) / (1 - 0.81)
                / (Math.sqrt((0.999 * 0.001 * 0.25 + 0.001) / (1 - 0.998001)) + 1e-8), frozenFirst[1], 1e-6);
        for (double bad : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            Adam adam = new Adam(List.of(new Parameter("p", 1, 1)), 0.1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> adam.setLearningRateFactor(bad));
            assertEquals("Adam: the learning-rate factor must be finite and >= 0, got " + bad, e.getMessage());
        }
    }
}
