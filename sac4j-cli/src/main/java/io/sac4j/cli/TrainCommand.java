package io.sac4j.cli;

import io.sac4j.checkpoint.Checkpoint;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.CheckpointReader;
import io.sac4j.checkpoint.Checkpoints;
import io.sac4j.env.Discrete;
import io.sac4j.env.Env;
import io.sac4j.env.EnvOptions;
import io.sac4j.env.EnvSource;
import io.sac4j.env.Envs;
import io.sac4j.env.VectorEnv;
import io.sac4j.sac.EntropyEstimate;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Variant;
import io.sac4j.tensor.Kernels;
import io.sac4j.train.Checkpointing;
import io.sac4j.train.MetricColumn;
import io.sac4j.train.MetricsCsv;
import io.sac4j.train.MetricsJsonl;
import io.sac4j.train.OffPolicyLoop;
import io.sac4j.train.RunCheckpoint;
import io.sac4j.train.Preset;
import io.sac4j.train.Presets;
import io.sac4j.train.RecordedFiles;
import io.sac4j.train.ResumeException;
import io.sac4j.train.RunConfig;
import io.sac4j.train.StopOnRewardThreshold;
import io.sac4j.train.TensorBoardListener;
import io.sac4j.train.TrainListener;
import io.sac4j.train.TrainResult;
import org.slf4j.event.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sac4j train}: trains SAC on a registered environment and writes a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        resourceBundle = "io.sac4j.cli.SacDefaults",
        description = {"Train SAC on a built-in environment.",
                "Writes config.json, metrics.csv and metrics.jsonl (one row per evaluation), TensorBoard event"
                        + " files (tb/), checkpoints (checkpoints/step-<N>.ckpt), learning_curve.png and final_eval.json"
                        + " into the output directory; --resume DIR continues a run from its newest good checkpoint. Options left out take the --config file's value, then the environment's"
                        + " preset ('sac4j presets'; Pendulum-v1: rl-zoo's 20000 steps, lr 1e-3), then the SAC defaults. A discrete action space (CartPole-v1,"
                        + " Acrobot-v1) gets discrete SAC."})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--env", description = "Environment id (see 'sac4j envs'), e.g. Pendulum-v1, or gym:ID for a Gymnasium"
            + " environment served by a Python child process, e.g. gym:HalfCheetah-v5 (required unless --resume).")
    String envId;

    @CommandLine.Mixin
    EnvOptionsMixin envOptions = new EnvOptionsMixin();

    @CommandLine.Mixin
    EnvHostsMixin hosts = new EnvHostsMixin();

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read options from FILE (.yaml, .yml or .json): keys are these options' names without the"
                    + " dashes (steps: 20000, batch-size: 256, hidden: [400, 300], quiet: true); options given on"
                    + " the command line win. config.json records the values, so --resume needs no FILE.")
    Path config;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run in DIR from its newest good checkpoint, with the settings DIR/config.json"
                    + " recorded; only --threads, --quiet and --verbose may be given with it.")
    Path resume;

    @Option(names = "--algo", defaultValue = "sac", converter = Choices.AlgoConverter.class,
            description = "sac (today's SAC: twin Q with target critics) or sac-v1 (the first SAC: twin Q, V and"
                    + " target V); discrete action spaces take sac only (default: ${DEFAULT-VALUE}).")
    Variant algo;

    @CommandLine.Mixin
    RunOptions run = new RunOptions();

    @CommandLine.Mixin
    SacOptions sac = new SacOptions();

    @CommandLine.Mixin
    ResearchOptions research = new ResearchOptions();

    @Option(names = "--quiet", description = "Print only the final result (no progress display).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"},
            description = "Also print the library's run events to stderr (start, each checkpoint written, resume,"
                    + " end, a guard stop); without it only warnings.")
    boolean verbose;

    /**
     * Whether stdout is an interactive terminal, so the progress display redraws one line in place;
     * set by {@link Main#execute} (false for the writers that tests pass).
     */
    boolean terminal;

    /** The options that {@code --resume} takes besides itself: those that cannot change the run's results. */
    static final List<String> RESUME_OPTIONS = List.of("--resume", "--threads", "--quiet", "--verbose", "--python",
            "--env-server", "--env-hosts", "--env-token-file", "--env-tls-ca", "--env-host-timeout", "--env-hosts-wait");
    /**
     * Options not recorded in config.json's {@code args}: where the run goes and how it reports, and where a
     * gym: environment runs ({@code --python}, {@code --env-server}: not what it is, which --env-kwargs say).
     */
    private static final List<String> NOT_RECORDED = List.of("--out", "--overwrite", "--quiet", "--verbose", "--threads",
            "--resume", "--config", "--python", "--env-server", "--env-hosts", "--env-token-file", "--env-tls-ca",
            "--env-host-timeout", "--env-hosts-wait");
    /**
     * Everything a run is made of, built and checked before any file is touched.
     *
     * @param source for a provider's id (gym:), where the copies come from; null for a built-in id, whose
     *               copies the loop makes itself
     * @param probe  a copy for the spaces; with a source, also the evaluation copy
     */
    record Setup(Env probe, EnvSource source, boolean discrete, Variant variant, Preset preset, SacConfig sac,
                 RunConfig run) implements AutoCloseable {
        /** Closes the probe and the source (a gym: server process). */
        @Override
        public void close() {
            if (source != null) {
                try {
                    probe.close();
                } finally {
                    source.close();
                }
            }
        }
    }

    /** Builds and validates the run from the options; touches nothing. */
    Setup setup() {
        if (hosts.given()) {
            return hostsSetup();
        }
        if (envId == null) {
            throw new IllegalArgumentException("Missing required option: '--env=<envId>'");
        }
        run.checkEnvCount();
        EnvOptions options = envOptions.options();
        EnvSource source = envId.indexOf(':') >= 0 ? Envs.open(envId, options) : null;
        if (source == null && !options.isEmpty()) {
            Envs.open(envId, options); // refuses the options, naming them
        }
        Env probe;
        try {
            probe = source != null ? source.make() : Envs.make(envId); // fails first, with the list of known ids
        } catch (RuntimeException e) {
            if (source != null) {
                source.close();
            }
            throw e;
        }
        return setupOrClose(probe, source);
    }

    /** {@link #setup(Env, EnvSource)}, closing the probe and the source when it fails. */
    private Setup setupOrClose(Env probe, EnvSource source) {
        try {
            return setup(probe, source);
        } catch (RuntimeException e) {
            new Setup(probe, source, false, null, null, null, null).close();
            throw e;
        }
    }

    /**
     * The run of {@code --env-hosts}: one session on every host as one vector (spaces checked when it
     * opens), the evaluation copy on the first host, {@code --n-envs} the hosts' total and
     * {@code --env} (when not given) the id the first host serves.
     */
    private Setup hostsSetup() {
        if (!envOptions.options().isEmpty()) {
            throw new IllegalArgumentException("--env-hosts takes its environments from the servers as they were"
                    + " started; --env-kwargs, --python and --env-server do not apply");
        }
        boolean nGiven = spec != null && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--n-envs");
        EnvHostsMixin.Opened opened = hosts.open(envId, nGiven ? run.nEnvs : null);
        envId = opened.envId();
        run.nEnvs = opened.nEnvs();
        return setupOrClose(opened.probe(), opened.source());
    }

    private Setup setup(Env probe, EnvSource source) {
        boolean discrete = probe.actionSpace() instanceof Discrete;
        if (discrete && algo != Variant.V2) {
            throw new IllegalArgumentException(envId + " has " + probe.actionSpace() + " actions; --algo "
                    + algo.cliName() + " is continuous only (discrete action spaces take --algo sac)");
        }
        Preset preset = Presets.forEnv(envId);
        SacConfig sacConfig = sacConfig(preset.sac().toBuilder().variant(algo).build());
        if (discrete && (sacConfig.adjusted() || sacConfig.entropyEstimate() != EntropyEstimate.SAMPLE)) {
            throw new IllegalArgumentException(envId + " has " + probe.actionSpace() + " actions; --adjust and"
                    + " --entropy closed-form are for continuous actions only");
        }
        RunConfig runConfig = run.runConfig(preset.totalSteps());
        return new Setup(probe, source, discrete, algo, preset, sacConfig, runConfig);
    }

    /** {@code base} with the hyperparameters and research options given. */
    SacConfig sacConfig(SacConfig base) {
        return research.applyTo(sac.applyTo(base.toBuilder())).build();
    }

    /**
     * The options as given (a {@code --config} file's values among them, see {@link ConfigMerge#withConfigFile}),
     * minus those in {@link #NOT_RECORDED}: what config.json keeps to rebuild the run.
     */
    private List<String> recordedArgs() {
        List<String> args = givenArgs(NOT_RECORDED);
        if (hosts.given()) { // what the hosts decided, so that --resume rebuilds the same run
            if (!args.contains("--env")) {
                args.addAll(0, List.of("--env", envId));
            }
            if (!args.contains("--n-envs")) {
                args.addAll(List.of("--n-envs", String.valueOf(run.nEnvs)));
            }
        }
        return args;
    }

    /** The matched options as tokens ({@code --steps 300}), in the order given, minus those named in {@code skip}. */
    List<String> givenArgs(List<String> skip) {
        List<String> args = new ArrayList<>();
        for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (skip.contains(o.longestName())) {
                continue;
            }
            if (o.arity().max() == 0) {
                args.add(o.longestName());
            } else {
                for (String v : o.originalStringValues()) {
                    args.add(o.longestName());
                    args.add(v);
                }
            }
        }
        return args;
    }

    @Override
    public Integer call() throws IOException {
        if (verbose) {
            CliLog.setLevel(Level.INFO);
        }
        if (resume != null) {
            return resumeRun();
        }
        if (config != null) {
            return ConfigMerge.withConfigFile(this).call();
        }
        try (Setup s = setup()) {
            Path dir = RunDirectory.prepare(run.out, run.overwrite, envId, run.seed);
            RunDirectory.writeAtomically(dir.resolve(RunDirectory.CONFIG_FILE),
                    Json.write(ConfigJson.of(envId, recordedArgs(), s, run, configSource)));
            return train(s, dir, null, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    /** The {@code --config} file this command's options were partly read from, or null; for config.json. */
    Path configSource;

    /** {@code --resume DIR}: rebuilds the run from DIR/config.json and continues from its newest good checkpoint. */
    private Integer resumeRun() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        List<String> extra = new ArrayList<>();
        for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!RESUME_OPTIONS.contains(o.longestName())) {
                extra.add(o.longestName());
            }
        }
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException("--resume takes every setting from "
                    + resume.resolve(RunDirectory.CONFIG_FILE) + "; " + String.join(", ", extra) + " would change the run (with --resume only --threads,"
                    + " --quiet and --verbose may be given, --python and --env-server for a gym: run, and --env-hosts,"
                    + " --env-token-file, --env-tls-ca, --env-host-timeout and --env-hosts-wait for a run on env hosts)");
        }
        TrainCommand rebuilt = ConfigJson.read(resume.resolve(RunDirectory.CONFIG_FILE), "--resume " + resume);
        rebuilt.quiet = quiet;
        rebuilt.terminal = terminal;
        rebuilt.run.threads = run.threads;
        rebuilt.run.out = resume;
        rebuilt.envOptions.python = envOptions.python;
        rebuilt.envOptions.envServer = envOptions.envServer;
        rebuilt.hosts.copyFrom(hosts);
        try (Setup s = rebuilt.setup()) {
            return resumeRun(rebuilt, s, err);
        }
    }

    private Integer resumeRun(TrainCommand rebuilt, Setup s, PrintWriter err) throws IOException {
        Checkpoints.Latest latest = Checkpoints.latestGood(resume);
        for (String skipped : latest.skipped()) {
            err.println("sac4j: skipped damaged checkpoint " + skipped);
        }
        err.flush();
        if (latest.path().isEmpty()) {
            throw new IllegalArgumentException("--resume " + resume + ": no good checkpoint in "
                    + resume.resolve(Checkpoints.DIRECTORY)
                    + (latest.skipped().isEmpty() ? "" : " (" + latest.skipped().size() + " damaged, see above)"));
        }
        Path from = latest.path().get();
        try (CheckpointReader in = Checkpoint.open(from)) {
            RunCheckpoint.checkResumable(in.manifest(), "checkpoint " + from, s.probe().id(), s.sac(), s.run());
            RecordedFiles.truncate(resume, in.manifest());
        } catch (CheckpointException | ResumeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return rebuilt.train(s, resume, from, spec.commandLine().getOut(), err);
    }

    /** Trains into {@code dir} (config.json already there), from checkpoint {@code resumeFrom} if not null. */
    private Integer train(Setup s, Path dir, Path resumeFrom, PrintWriter stdout, PrintWriter stderr)
            throws IOException {
        RunConfig runConfig = s.run();
        boolean resuming = resumeFrom != null;
        stdout.printf(Locale.ROOT, "sac4j: %s %s on %s for %d steps%s (seed %d, %d thread(s), kernel %s) -> %s%n",
                resuming ? "resuming" : "training",
                s.discrete() ? "discrete SAC" : s.variant() == Variant.V1 ? "SAC v1" : "SAC", envId,
                runConfig.totalSteps(), runConfig.nEnvs() == 1 ? "" : " on " + runConfig.nEnvs() + " copies",
                runConfig.seed(), run.threads, Kernels.active().name(), dir);
        if (resuming) {
            stdout.printf(Locale.ROOT, "sac4j: continuing from %s%n", resumeFrom);
        }
        stdout.flush();

        Path csvFile = dir.resolve(RunDirectory.METRICS_CSV);
        Path jsonlFile = dir.resolve(RunDirectory.METRICS_JSONL);
        TrainResult result;
        List<MetricColumn> extra = hosts.metricColumns(); // hosts alive, env steps lost: on env hosts only
        try (MetricsCsv csv = resuming ? MetricsCsv.appendingTo(csvFile, extra) : new MetricsCsv(csvFile, extra);
             MetricsJsonl jsonl = resuming ? MetricsJsonl.appendingTo(jsonlFile, extra) : new MetricsJsonl(jsonlFile, extra);
             TensorBoardListener tensorBoard = new TensorBoardListener(dir.resolve(RunDirectory.TENSORBOARD_DIR), extra);
             ProgressDisplay progress = quiet ? null
                     : new ProgressDisplay(stdout, runConfig.totalSteps(), terminal, System::nanoTime)) {
            List<TrainListener> listeners = new ArrayList<>(List.of(csv, jsonl, tensorBoard));
            if (progress != null) {
                listeners.add(progress);
                CliLog.beforeEachLine(progress::clearLine); // a log line on stderr must not land inside the status line
            }
            if (run.stopAtReturn != null) {
                listeners.add(new StopOnRewardThreshold(run.stopAtReturn));
            }
            long every = run.checkpointInterval(runConfig);
            Checkpointing checkpointing = every == 0 ? null : Checkpointing.every(dir, every)
                    .withBuffer(!run.noBufferInCheckpoint)
                    .withConfigText(Files.readString(dir.resolve(RunDirectory.CONFIG_FILE), StandardCharsets.UTF_8))
                    .withRecordedFiles(List.of(csvFile, jsonlFile, tensorBoard.file()));
            OffPolicyLoop.Builder loop = OffPolicyLoop.builder(s.sac(), runConfig).listeners(listeners).threads(run.threads);
            if (checkpointing != null) {
                loop.checkpointing(checkpointing);
            }
            if (resumeFrom != null) {
                loop.resumeFrom(resumeFrom);
            }
            if (s.source() == null) {
                result = loop.envs(() -> Envs.make(envId)).build().run();
            } else {
                // One session of N copies for training (one call per vector step), and the probe's own
                // session for evaluation: both on the one server.
                try (VectorEnv copies = s.source().makeVector(runConfig.nEnvs())) {
                    result = loop.envs(copies).evalEnv(s.probe()).build().run();
                }
            }
        } finally {
            CliLog.beforeEachLine(null);
        }
        Path finalEval = RunDirectory.writeFinalEval(dir, result);
        try {
            LearningCurves.writeSingle(dir);
        } catch (IllegalArgumentException e) {
            // A run shorter than one evaluation interval has no curve to draw; the run itself is fine.
            stderr.println("sac4j: no learning curve: " + e.getMessage());
        }
        stdout.printf(Locale.ROOT, "sac4j: done in %.1f s: final evaluation %.2f +- %.2f over %d episodes (%s)%n",
                result.wallSeconds(), result.finalEval().meanReturn(), result.finalEval().stdReturn(),
                result.finalEval().episodes(), finalEval);
        stdout.flush();
        return 0;
    }
}
