package io.sac4j.bench;

import io.sac4j.buffer.Batch;
import io.sac4j.random.Rng;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.SacLearner;
import io.sac4j.tensor.KernelThreads;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One full SAC update (critics, actor, temperature, polyak) with 256 x 256 networks and batch 256 on
 * a fixed random batch, the same work as {@code sac4j bench update}. Run with {@code -prof gc} to see
 * the allocation per update.
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SacUpdateBench extends BenchDefaults {
    /** observation x action dimensions. */
    @Param({"17x6", "3x1"})
    public String dims;

    @Param({"1", "2"})
    public int threads;

    @Param({"vector"})
    public String kernel;

    private KernelThreads on;
    private SacLearner learner;
    private Batch batch;

    @Setup
    public void setup() {
        String[] s = dims.split("x");
        int obs = Integer.parseInt(s[0]);
        int act = Integer.parseInt(s[1]);
        SacConfig cfg = SacConfig.builder().hiddenSizes(256, 256).batchSize(256).build();
        on = Bench.threads(kernel, threads);
        learner = new SacLearner(cfg, obs, act, new Rng(0), on);
        batch = new Batch(256, obs, act);
        Rng r = new Rng(1);
        r.fillGaussian(batch.observations.data, 0, batch.observations.size());
        r.fillUniform(batch.actions.data, 0, batch.actions.size(), -1, 1);
        r.fillGaussian(batch.rewards.data, 0, batch.rewards.size());
        r.fillGaussian(batch.nextObservations.data, 0, batch.nextObservations.size());
    }

    @TearDown
    public void tearDown() {
        on.close();
    }

    @Benchmark
    public double update() {
        learner.update(batch);
        return learner.lastCriticLoss();
    }
}
