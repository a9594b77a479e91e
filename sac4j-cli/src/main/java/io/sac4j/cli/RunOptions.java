package io.sac4j.cli;

import io.sac4j.train.RunConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options of {@code sac4j train} that shape the run around the algorithm: its length, seed,
 * evaluations, checkpoints, threads and run directory.
 */
final class RunOptions {
    /** Beyond a few threads a 256-wide network has too few rows per thread to gain. */
    static final int MAX_DEFAULT_THREADS = 4;

    @Option(names = "--steps", description = "Environment steps to train for, counted over all --n-envs copies"
            + " (preset: 20000 for Pendulum-v1).")
    Long steps;

    @Option(names = "--n-envs", paramLabel = "N", defaultValue = "1",
            description = "Copies of the environment stepped together, one batched policy call per vector step and"
                    + " N transitions stored; --steps, --eval-every, --train-freq and --learning-starts count"
                    + " transitions, so the default is one gradient step per transition (default: ${DEFAULT-VALUE}).")
    int nEnvs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of everything random (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads",
            description = "Threads for large matrix products and the optimiser; results do not depend on it"
                    + " (default: the available processors, at most " + MAX_DEFAULT_THREADS + ").")
    Integer threads;

    @Option(names = "--out", description = "Run directory (default: runs/<env>-seed<seed>, numbered if taken).")
    Path out;

    @Option(names = "--overwrite", description = "Replace the files of an existing run directory given with --out.")
    boolean overwrite;

    @Option(names = "--eval-every", defaultValue = "1000",
            description = "Evaluate and write a metrics row every N steps (default: ${DEFAULT-VALUE}).")
    long evalEvery;

    @Option(names = "--stop-at-return",
            description = "End training at the first evaluation whose mean return reaches this value.")
    Double stopAtReturn;

    @Option(names = "--eval-episodes", defaultValue = "10",
            description = "Deterministic episodes per evaluation and for the final one (default: ${DEFAULT-VALUE}).")
    int evalEpisodes;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Write a checkpoint (<out>/checkpoints/step-<N>.ckpt, the newest 2 kept) every N steps"
                    + " and at the end of the run; 0: none (default: every evaluation).")
    Long checkpointEvery;

    @Option(names = "--no-buffer-in-checkpoint",
            description = "Leave the replay buffer out of checkpoints: smaller files, but a resume starts with an"
                    + " empty buffer and no longer repeats the uninterrupted run.")
    boolean noBufferInCheckpoint;

    /** Refuses --n-envs below 1 (checked before the environment opens). */
    void checkEnvCount() {
        if (nEnvs < 1) {
            throw new IllegalArgumentException("--n-envs must be >= 1, got " + nEnvs);
        }
    }

    /**
     * The run these options ask for, {@code presetSteps} long unless --steps says otherwise; checks the
     * other run options and settles --threads (the available processors, at most {@link #MAX_DEFAULT_THREADS}).
     */
    RunConfig runConfig(long presetSteps) {
        RunConfig run = new RunConfig(steps != null ? steps : presetSteps, evalEvery, evalEpisodes, seed, nEnvs);
        if (stopAtReturn != null && !Double.isFinite(stopAtReturn)) {
            throw new IllegalArgumentException("--stop-at-return must be a finite number, got " + stopAtReturn);
        }
        if (checkpointEvery != null && checkpointEvery < 0) {
            throw new IllegalArgumentException("--checkpoint-every must be >= 0 (0: no checkpoints), got "
                    + checkpointEvery);
        }
        if (threads == null) {
            threads = Math.min(MAX_DEFAULT_THREADS, Runtime.getRuntime().availableProcessors());
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        return run;
    }

    /** Steps between checkpoints, 0 for none. */
    long checkpointInterval(RunConfig run) {
        return checkpointEvery != null ? checkpointEvery : run.evalEvery();
    }
}
