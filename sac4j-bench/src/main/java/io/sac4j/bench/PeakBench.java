package io.sac4j.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The core's fp32 multiply-add peak as the JVM reaches it: 10^6 steps of 12 independent vector FMA
 * chains (enough to cover the FMA latency on two units), nothing loaded or stored. GFLOP/s =
 * {@code 24 * lanes * 10^6 / time}; the gemm figures are quoted as fractions of this.
 */
@State(Scope.Thread)
public class PeakBench extends BenchDefaults {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Multiply-adds per call: 10^6 steps x 12 chains x lanes. */
    public static final long STEPS = 1_000_000;

    private float a = 0.999f;
    private float b = 1e-4f;

    @Benchmark
    public float fmaPeak() {
        FloatVector va = FloatVector.broadcast(S, a);
        FloatVector vb = FloatVector.broadcast(S, b);
        FloatVector x0 = FloatVector.zero(S), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0;
        FloatVector x6 = x0, x7 = x0, x8 = x0, x9 = x0, x10 = x0, x11 = x0;
        for (long i = 0; i < STEPS; i++) {
            x0 = x0.fma(va, vb);
            x1 = x1.fma(va, vb);
            x2 = x2.fma(va, vb);
            x3 = x3.fma(va, vb);
            x4 = x4.fma(va, vb);
            x5 = x5.fma(va, vb);
            x6 = x6.fma(va, vb);
            x7 = x7.fma(va, vb);
            x8 = x8.fma(va, vb);
            x9 = x9.fma(va, vb);
            x10 = x10.fma(va, vb);
            x11 = x11.fma(va, vb);
        }
        return x0.add(x1).add(x2).add(x3).add(x4).add(x5).add(x6).add(x7).add(x8).add(x9).add(x10).add(x11)
                .lane(0);
    }
}
