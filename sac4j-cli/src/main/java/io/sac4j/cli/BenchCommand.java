package io.sac4j.cli;

import io.sac4j.buffer.Batch;
import io.sac4j.env.Box;
import io.sac4j.random.Rng;
import io.sac4j.game.GradientAdjustment;
import io.sac4j.sac.Learner;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Learners;
import io.sac4j.sac.Variant;
import io.sac4j.tensor.GemmKernel;
import io.sac4j.tensor.KernelThreads;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sac4j bench}: speed measurements. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure speed (update, env) and estimator spread (entropy).",
        subcommands = {BenchCommand.Update.class, EntropyBench.class, EnvBench.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code sac4j bench update}: SAC gradient steps per second on random data, the same workload as
     * the PyTorch reference {@code torch_sac_update_bench.py}.
     */
    @Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Time SAC updates (twin critics, tanh-Gaussian actor, learned alpha, three Adams, polyak)"
                    + " on random data and print one JSON line: the median updates per second, the update's"
                    + " multiply-adds as counted (macs_per_update) and the GFLOP/s they run at."})
    static final class Update implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--obs", defaultValue = "17", description = "Observation size (default: ${DEFAULT-VALUE}).")
        int obs;
        @Option(names = "--act", defaultValue = "6", description = "Action size (default: ${DEFAULT-VALUE}).")
        int act;
        @Option(names = "--hidden", split = ",", defaultValue = "256", paramLabel = "W[,W...]",
                description = "Hidden layer widths as in 'train --hidden' (400,300 for the Box2D presets); one width"
                        + " means two layers of it (default: ${DEFAULT-VALUE}).")
        List<Integer> hidden;
        @Option(names = "--batch", defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--threads", defaultValue = "1", description = "Kernel threads (default: ${DEFAULT-VALUE}).")
        int threads;
        @Option(names = "--updates", defaultValue = "500", description = "Updates per timed run (default: ${DEFAULT-VALUE}).")
        int updates;
        @Option(names = "--runs", defaultValue = "5", description = "Timed runs (default: ${DEFAULT-VALUE}).")
        int runs;
        @Option(names = "--algo", defaultValue = "sac", description = "sac or sac-v1 (default: ${DEFAULT-VALUE}).")
        String algo;
        @Option(names = "--adjust-lambda",
                description = "Time the dynamic-matrix adjustment xi + lambda A^T xi (norm match) with this lambda"
                        + " (default: off; 0 times the first-order game alone).")
        Double adjustLambda;
        @Option(names = "--warmup", defaultValue = "200", description = "Untimed updates first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() {
            List<Integer> widths = hidden.size() == 1 ? List.of(hidden.get(0), hidden.get(0)) : hidden;
            if (obs < 1 || act < 1 || widths.stream().anyMatch(h -> h < 1) || batch < 1 || threads < 1 || updates < 1
                    || runs < 1 || warmup < 0) {
                throw new IllegalArgumentException(
                        "bench update: sizes, --threads, --updates and --runs must be >= 1, --warmup >= 0");
            }
            SacConfig.Builder cb = SacConfig.builder().hiddenSizes(widths).batchSize(batch)
                    .variant(Variant.fromCliName(algo));
            if (adjustLambda != null) {
                cb.adjustment(GradientAdjustment.antisymmetric(adjustLambda).withStep(ResearchOptions.DEFAULT_ADJUST_STEP)
                        .withNormalisation(adjustLambda == 0 ? GradientAdjustment.Normalisation.NONE
                                : GradientAdjustment.Normalisation.MATCH_OWN_GRADIENT));
            }
            SacConfig cfg = cb.build();
            double[] rates;
            KernelThreads.Stats used;
            try (KernelThreads kt = KernelThreads.create(threads)) {
                rates = rates(learner(cfg, kt));
                used = kt.stats();
            }
            double[] sorted = rates.clone();
            Arrays.sort(sorted);
            double median = runs % 2 == 1 ? sorted[runs / 2] : 0.5 * (sorted[runs / 2 - 1] + sorted[runs / 2]);
            long macs = macsPerUpdate(cfg);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("obs", obs);
            m.put("act", act);
            m.put("hidden", widths);
            m.put("batch", batch);
            m.put("threads", threads);
            m.put("algo", cfg.variant().cliName());
            m.put("adjust_lambda", adjustLambda);
            m.put("kernel", KernelThreads.single().kernel().name());
            m.put("updates_per_s_median", median);
            m.put("runs", Arrays.stream(rates).boxed().toList());
            // The update's matrix products as counted (m n k of each), and the rate they run at: 2 FLOPs
            // per multiply-add, against a core's FMA peak (PeakBench in sac4j-bench).
            m.put("macs_per_update", macs);
            m.put("gflops_median", 2.0 * macs * median / 1e9);
            // How the threads were used (0 on one thread): parallel tasks run on the caller alone while the
            // workers lagged, and the part of the shared tasks' time the caller waited for a worker.
            long tasks = used.tasksShared() + used.tasksAlone();
            m.put("tasks_alone_share", tasks == 0 ? 0.0 : (double) used.tasksAlone() / tasks);
            m.put("wait_share", used.sharedSeconds() == 0 ? 0.0 : used.waitSeconds() / used.sharedSeconds());
            spec.commandLine().getOut().println(Json.writeCompact(m));
            return 0;
        }

        /** A fresh learner of this shape (network weights from seed 0). */
        private Learner learner(SacConfig cfg, KernelThreads kt) {
            return Learners.create(cfg, Box.uniform(obs, -1, 1), Box.uniform(act, -1, 1), new Rng(0), kt);
        }

        /** A batch of random observations, actions and rewards (the same each call). */
        private Batch randomBatch() {
            Batch b = new Batch(batch, obs, act);
            Rng r = new Rng(1);
            r.fillGaussian(b.observations.data, 0, b.observations.size());
            r.fillUniform(b.actions.data, 0, b.actions.size(), -1, 1);
            r.fillGaussian(b.rewards.data, 0, b.rewards.size());
            r.fillGaussian(b.nextObservations.data, 0, b.nextObservations.size());
            return b;
        }

        /** The multiply-adds of one update's matrix products: one update of a fresh learner on a counting kernel. */
        private long macsPerUpdate(SacConfig cfg) {
            CountingKernel counting = new CountingKernel(KernelThreads.single().kernel());
            try (KernelThreads kt = KernelThreads.create(1, counting)) {
                learner(cfg, kt).update(randomBatch());
            }
            return counting.macs;
        }

        /** {@code runs} timed runs of {@code updates} updates each, after {@code warmup}, on one random batch. */
        private double[] rates(Learner learner) {
            Batch b = randomBatch();
            for (int i = 0; i < warmup; i++) {
                learner.update(b);
            }
            double[] rates = new double[runs];
            for (int k = 0; k < runs; k++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < updates; i++) {
                    learner.update(b);
                }
                rates[k] = updates / ((System.nanoTime() - t0) / 1e9);
            }
            return rates;
        }
    }

    /** A kernel that adds up {@code (i1 - i0) n k} of every product it runs, then runs it on {@code inner}. */
    private static final class CountingKernel implements GemmKernel {
        private final GemmKernel inner;
        long macs;

        CountingKernel(GemmKernel inner) {
            this.inner = inner;
        }

        @Override
        public void gemm(int i0, int i1, int n, int k, float[] a, int aRowStride, int aColStride, float[] b,
                         float[] c, boolean accumulate, float[] bias, boolean relu) {
            macs += (long) (i1 - i0) * n * k;
            inner.gemm(i0, i1, n, k, a, aRowStride, aColStride, b, c, accumulate, bias, relu);
        }

        @Override
        public void transpose(float[] in, int rows, int cols, float[] out) {
            inner.transpose(in, rows, cols, out);
        }

        @Override
        public String name() {
            return "counting(" + inner.name() + ")";
        }
    }
}
