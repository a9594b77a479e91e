package io.sac4j.bench;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.nn.Mlp;
import io.sac4j.nn.Parameter;
import io.sac4j.random.Rng;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Matrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;

/**
 * Forward and backward pass of a critic-shaped MLP ({@code 23 -> 256 -> 256 -> 1}, batch 256) on a
 * tape: about 54 million multiply-adds (forward; weight gradients; input gradients of layers 2 and 3).
 */
@State(Scope.Thread)
public class MlpBench extends BenchDefaults {
    @Param({"1", "2"})
    public int threads;

    @Param({"vector"})
    public String kernel;

    private KernelThreads on;
    private Tape tape;
    private Mlp mlp;
    private List<Parameter> params;
    private Matrix x;

    @Setup
    public void setup() {
        Rng rng = new Rng(2);
        mlp = new Mlp("q", new int[] {23, 256, 256, 1}, rng);
        params = mlp.parameters();
        x = new Matrix(256, 23);
        rng.fillGaussian(x.data, 0, x.size());
        on = Bench.threads(kernel, threads);
        tape = new Tape(on);
    }

    @TearDown
    public void tearDown() {
        on.close();
    }

    @Benchmark
    public float forwardBackward() {
        for (Parameter p : params) {
            p.zeroGrad();
        }
        tape.reset();
        Var loss = tape.mean(mlp.forward(tape, tape.constant(x), true));
        tape.backward(loss);
        return loss.item();
    }
}
