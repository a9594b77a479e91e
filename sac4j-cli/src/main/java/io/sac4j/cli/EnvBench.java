package io.sac4j.cli;

import io.sac4j.env.EnvOptions;
import io.sac4j.env.EnvSource;
import io.sac4j.env.Envs;
import io.sac4j.env.Env;
import io.sac4j.env.PendingStep;
import io.sac4j.env.Space;
import io.sac4j.env.VectorEnv;
import io.sac4j.env.VectorWrapper;
import io.sac4j.env.VectorStep;
import io.sac4j.sac.SacConfig;
import io.sac4j.train.OffPolicyLoop;
import io.sac4j.train.RunConfig;
import io.sac4j.train.TrainResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sac4j bench env}: what the environment protocol costs. First the round trip alone: the
 * median time of a Step call to {@code sac4j_gym/NoOp-v0} (which does nothing) with 1 and with N
 * batched copies. Then its share in training: two short SAC runs on {@code gym:HalfCheetah-v5}, the
 * time the loop waits on the environment (MuJoCo's step plus the round trip) over the run's wall
 * time; first with every step taken before the gradient step, then as training runs, the gradient
 * step made while the environment steps ({@link VectorEnv#startStep}).
 */
@Command(name = "env", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time the environment protocol: median microseconds per Step of the no-op Python env with 1 and"
                + " --copies batched copies, and the share of wall time the training loop waits on gym:HalfCheetah-v5 in"
                + " two short runs: stepping then updating, and updating while the environment steps (as training does)."})
final class EnvBench implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--calls", defaultValue = "2000", description = "Timed Step calls per size (default: ${DEFAULT-VALUE}).")
    int calls;
    @Option(names = "--copies", defaultValue = "16", description = "The batched size (default: ${DEFAULT-VALUE}).")
    int copies;
    @Option(names = "--train-steps", defaultValue = "3000",
            description = "Steps of the HalfCheetah run, the first --learning-starts uniform (default: ${DEFAULT-VALUE}).")
    long trainSteps;
    @Option(names = "--learning-starts", defaultValue = "1000", description = "Warm-up steps of that run (default: ${DEFAULT-VALUE}).")
    int learningStarts;
    @Option(names = "--threads", defaultValue = "1", description = "Kernel threads of that run (default: ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--python", paramLabel = "PATH", description = "The Python interpreter (default: $SAC4J_PYTHON, else sac4j's own).")
    java.nio.file.Path python;

    @Override
    public Integer call() {
        if (calls < 1 || copies < 1 || trainSteps <= learningStarts || learningStarts < 256 || threads < 1) {
            throw new IllegalArgumentException("bench env: --calls, --copies, --threads must be >= 1, --learning-starts"
                    + " >= 256 (one batch) and below --train-steps");
        }
        PrintWriter out = spec.commandLine().getOut();
        EnvOptions o = python == null ? EnvOptions.NONE : EnvOptions.NONE.withPython(python);
        try (EnvSource noop = Envs.open("gym:sac4j_gym/NoOp-v0", o)) {
            for (int n : new int[]{1, copies}) {
                double median = medianMicros(noop, n);
                out.printf(Locale.ROOT, "NoOp-v0, %2d copies: median %.1f us per Step call, %.2f us per env step%n", n,
                        median, median / n);
                out.flush();
            }
        }
        for (boolean overlap : new boolean[]{false, true}) {
            try (EnvSource cheetah = Envs.open("gym:HalfCheetah-v5", o);
                 Env eval = cheetah.make();
                 TimedVector v = new TimedVector(cheetah.makeVector(1), overlap)) {
                SacConfig sac = SacConfig.builder().learningStarts(learningStarts).build();
                long start = System.nanoTime();
                TrainResult r = OffPolicyLoop.builder(sac, new RunConfig(trainSteps, trainSteps, 1, 0, 1)).envs(v)
                        .evalEnv(eval).threads(threads).build().run();
                double wall = (System.nanoTime() - start) / 1e9;
                out.printf(Locale.ROOT, "HalfCheetah-v5 training, %d steps (%d uniform, then one update per step, %d"
                                + " thread(s)), %s: %.1f s wall; the loop waited on the environment %.1f s (%.1f%%, %.0f us"
                                + " per step; %.1f s, %.1f%% of the %.1f s after the warm-up); final evaluation (1"
                                + " episode) included in the wall time%n", r.steps(), learningStarts, threads,
                        overlap ? "updating while the environment steps" : "stepping, then updating", wall,
                        v.nanos / 1e9, 100 * v.nanos / 1e9 / wall, v.nanos / 1e3 / v.calls, v.afterWarmupNanos / 1e9,
                        100 * v.afterWarmupNanos / 1e9 / ((System.nanoTime() - v.warmupEnd) / 1e9),
                        (System.nanoTime() - v.warmupEnd) / 1e9);
                out.flush();
            }
        }
        return 0;
    }

    /** The median microseconds of one Step call of {@code n} copies, after 200 untimed calls. */
    private double medianMicros(EnvSource source, int n) {
        try (VectorEnv v = source.makeVector(n)) {
            float[][] actions = new float[n][v.singleActionSpace().flatSize()];
            v.reset(0);
            long[] t = new long[calls];
            for (int i = -200; i < calls; i++) {
                long s = System.nanoTime();
                v.step(actions);
                if (i >= 0) {
                    t[i] = System.nanoTime() - s;
                }
            }
            Arrays.sort(t);
            return t[calls / 2] / 1e3;
        }
    }

    /**
     * A vector that adds up the time the loop waits on its steps: the whole of each {@link #step}, or,
     * when {@code overlap}, what {@link #startStep} and {@link PendingStep#join} take (the environment's
     * time that the loop's gradient steps do not hide).
     */
    private final class TimedVector extends VectorWrapper {
        private final boolean overlap;
        long nanos;
        long calls;
        /** The waiting after the warm-up's last step, and when that step ended. */
        long afterWarmupNanos;
        long warmupEnd;

        TimedVector(VectorEnv inner, boolean overlap) {
            super(inner);
            this.overlap = overlap;
        }

        @Override
        public VectorStep step(float[][] actions) {
            long s = System.nanoTime();
            try {
                return inner.step(actions);
            } finally {
                add(s);
            }
        }

        @Override
        public PendingStep startStep(float[][] actions) {
            if (!overlap) {
                return super.startStep(actions);   // the default: this.step, at once
            }
            long s = System.nanoTime();
            PendingStep p = inner.startStep(actions);
            long started = System.nanoTime() - s;
            return new PendingStep() {
                @Override
                public boolean isDone() {
                    return p.isDone();
                }

                @Override
                public VectorStep join() {
                    long j = System.nanoTime() - started;
                    try {
                        return p.join();
                    } finally {
                        add(j);
                    }
                }
            };
        }

        private void add(long since) {
            long now = System.nanoTime();
            nanos += now - since;
            if (++calls == learningStarts) {
                warmupEnd = now;
            } else if (calls > learningStarts) {
                afterWarmupNanos += now - since;
            }
        }
    }
}
