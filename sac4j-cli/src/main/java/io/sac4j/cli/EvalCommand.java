package io.sac4j.cli;

import io.sac4j.checkpoint.Checkpoint;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.CheckpointReader;
import io.sac4j.checkpoint.Manifest;
import io.sac4j.env.Env;
import io.sac4j.env.EnvSource;
import io.sac4j.env.Envs;
import io.sac4j.random.Rng;
import io.sac4j.sac.Learner;
import io.sac4j.sac.Learners;
import io.sac4j.train.EvalResult;
import io.sac4j.train.Evaluator;
import io.sac4j.train.OffPolicyLoop;
import io.sac4j.train.RunCheckpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code sac4j eval --checkpoint FILE}: the deterministic policy of a checkpoint of {@code sac4j train},
 * evaluated as the run evaluates (same seeds and episode count by default, so a run's last checkpoint
 * repeats its final evaluation), printed as one JSON line.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate the deterministic policy of a checkpoint written by 'sac4j train'.",
                "Prints one JSON line: checkpoint, env, step, episodes, seed, mean_return, std_return. By default"
                        + " the run's environment, evaluation seed and episode count, so the run's last checkpoint"
                        + " repeats its final evaluation."})
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A checkpoint file (<run>/checkpoints/step-<N>.ckpt).")
    Path checkpoint;

    @Option(names = "--episodes", paramLabel = "K", description = "Episodes to play (default: the run's --eval-episodes).")
    Integer episodes;

    @Option(names = "--env", paramLabel = "ID",
            description = "Evaluate on this environment instead of the run's; it must have the same observation and"
                    + " action spaces.")
    String envId;

    @Option(names = "--seed", paramLabel = "S",
            description = "Reset seeds S, S+1, ... (default: the run's evaluation seed).")
    Long seed;

    /** --python and --env-server for a gym: run; --env-kwargs only with --env (the run's own env takes the run's). */
    @CommandLine.Mixin
    EnvOptionsMixin envOptions = new EnvOptionsMixin();

    @Override
    public Integer call() throws IOException {
        if (episodes != null && episodes < 1) {
            throw new IllegalArgumentException("--episodes must be >= 1, got " + episodes);
        }
        try (CheckpointReader in = Checkpoint.open(checkpoint)) {
            Manifest m = in.manifest();
            TrainCommand run = ConfigJson.parse(m.require(RunCheckpoint.MANIFEST_CONFIG),
                    "checkpoint " + checkpoint + " (its config)");
            if (envId == null && !envOptions.kwargs.isEmpty()) {
                throw new IllegalArgumentException("--env-kwargs goes with --env: the run's own environment takes the"
                        + " run's keyword arguments");
            }
            run.envOptions.python = envOptions.python;
            run.envOptions.envServer = envOptions.envServer;
            try (TrainCommand.Setup setup = run.setup(); EvalEnvs evalEnvs = new EvalEnvs(setup, run.envId, envId, envOptions)) {
                return evaluate(in, m, setup, evalEnvs);
            }
        } catch (CheckpointException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Where evaluation copies come from: the run's own (its gym: server, when it had one) or those of
     * {@code --env}, refused unless its spaces are the run's.
     */
    private static final class EvalEnvs implements AutoCloseable {
        final String id;
        final EnvSource other;
        final Supplier<Env> factory;

        /** @param runEnv the registry id the run was started with */
        EvalEnvs(TrainCommand.Setup setup, String runEnv, String envId, EnvOptionsMixin options) {
            Env trained = setup.probe();
            if (envId == null) {
                id = runEnv;
                other = null;
                factory = setup.source() != null ? setup.source()::make : () -> Envs.make(id);
                return;
            }
            id = envId;
            other = envId.indexOf(':') >= 0 ? Envs.open(envId, options.options()) : null;
            factory = other != null ? other::make : () -> Envs.make(envId);
            try (Env probe = factory.get()) {
                if (!probe.observationSpace().toString().equals(trained.observationSpace().toString())
                        || !probe.actionSpace().toString().equals(trained.actionSpace().toString())) {
                    throw new IllegalArgumentException("the checkpoint is of " + runEnv + " (observations "
                            + trained.observationSpace() + ", actions " + trained.actionSpace() + "); --env " + envId
                            + " has observations " + probe.observationSpace() + ", actions " + probe.actionSpace());
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            if (other != null) {
                other.close();
            }
        }
    }

    private Integer evaluate(CheckpointReader in, Manifest m, TrainCommand.Setup setup, EvalEnvs evalEnvs)
            throws IOException {
        Env probe = setup.probe();
        Learner learner = Learners.create(setup.sac(), probe.observationSpace(), probe.actionSpace(), new Rng(0));
        learner.restoreState(in);
        long s = seed != null ? seed : RunCheckpoint.evaluationSeed(in);
        int k = episodes != null ? episodes : setup.run().evalEpisodes();
        EvalResult r = Evaluator.evaluate(evalEnvs.factory, learner, s, k);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("checkpoint", checkpoint.toString());
        out.put("env", evalEnvs.id);
        out.put("step", m.requireLong(RunCheckpoint.MANIFEST_STEP));
        out.put("episodes", r.episodes());
        out.put("seed", s);
        out.put("mean_return", r.meanReturn());
        out.put("std_return", r.stdReturn());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(Json.writeCompact(out));
        stdout.flush();
        return 0;
    }
}
