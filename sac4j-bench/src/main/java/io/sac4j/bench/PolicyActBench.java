package io.sac4j.bench;

import io.sac4j.random.Rng;
import io.sac4j.policy.Actor;
import io.sac4j.policy.TanhGaussianPolicy;
import io.sac4j.tensor.KernelThreads;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;

/** {@link TanhGaussianPolicy} at batch 1 (the acting path during training and deployment), 256 x 256 actor. */
@State(Scope.Thread)
public class PolicyActBench extends BenchDefaults {
    /** observation x action dimensions. */
    @Param({"17x6", "3x1"})
    public String dims;

    @Param({"vector"})
    public String kernel;

    private TanhGaussianPolicy policy;
    private float[] obs;
    private float[] action;
    private final Rng rng = new Rng(4);

    @Setup
    public void setup() {
        String[] s = dims.split("x");
        int o = Integer.parseInt(s[0]);
        int a = Integer.parseInt(s[1]);
        policy = new TanhGaussianPolicy(new Actor(o, a, List.of(256, 256), -20, 2, new Rng(3)));
        obs = new float[o];
        action = new float[a];
        new Rng(5).fillGaussian(obs, 0, o);
        if (Bench.threads(kernel, 1) != KernelThreads.single()) {
            throw new IllegalStateException("a policy acts on the default kernel, not " + kernel);
        }
    }

    @Benchmark
    public float[] deterministic() {
        policy.actDeterministic(obs, action);
        return action;
    }

    @Benchmark
    public float[] stochastic() {
        policy.act(obs, action, rng);
        return action;
    }
}
