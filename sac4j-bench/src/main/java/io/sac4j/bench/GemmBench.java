package io.sac4j.bench;

import io.sac4j.random.Rng;
import io.sac4j.tensor.Gemm;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Matrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One matrix product {@code C (m x n) = op(A) op(B)} with inner dimension k, in the three forms a
 * network uses: NN (forward), TN (weight gradient {@code X^T dY}), NT (input gradient {@code dY W^T}),
 * and NNb, a layer's forward from its bias row ({@code Gemm.linear} without the activation).
 * GFLOP/s = {@code 2 m n k / time}.
 */
@State(Scope.Thread)
public class GemmBench extends BenchDefaults {
    /** m x k x n. */
    @Param({"256x256x256", "256x24x256", "1x256x256"})
    public String mkn;

    /** NN, TN, NT, or NNb: NN from a bias row (a layer's forward, {@code Gemm.linear} without the ReLU). */
    @Param({"NN", "TN", "NT", "NNb"})
    public String form;

    @Param({"1", "2"})
    public int threads;

    @Param({"vector"})
    public String kernel;

    private KernelThreads on;
    private Matrix a;
    private Matrix b;
    private Matrix c;
    private Matrix bias;

    @Setup
    public void setup() {
        String[] s = mkn.split("x");
        int m = Integer.parseInt(s[0]);
        int k = Integer.parseInt(s[1]);
        int n = Integer.parseInt(s[2]);
        Rng rng = new Rng(1);
        a = form.equals("TN") ? new Matrix(k, m) : new Matrix(m, k);
        b = form.equals("NT") ? new Matrix(n, k) : new Matrix(k, n);
        c = new Matrix(m, n);
        bias = new Matrix(1, n);
        rng.fillUniform(bias.data, 0, n, -1f, 1f);
        rng.fillUniform(a.data, 0, a.size(), -1f, 1f);
        rng.fillUniform(b.data, 0, b.size(), -1f, 1f);
        on = Bench.threads(kernel, threads);
    }

    @TearDown
    public void tearDown() {
        on.close();
    }

    @Benchmark
    public Matrix product() {
        switch (form) {
            case "NN" -> Gemm.mult(on, a, b, c, false);
            case "TN" -> Gemm.multTransA(on, a, b, c, false);
            case "NNb" -> Gemm.linear(on, a, b, bias, false, c);
            default -> Gemm.multTransB(on, a, b, c, false);
        }
        return c;
    }
}
