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
import io.sac4j.sac.LearningRateSchedule;
import io.sac4j.game.GradientAdjustment;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Temperature;
import io.sac4j.sac.Variant;
import io.sac4j.tensor.Kernels;
import io.sac4j.train.Checkpointing;
import io.sac4j.train.MetricsCsv;
import io.sac4j.train.MetricsJsonl;
import io.sac4j.train.OffPolicyLoop;
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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code sac4j train}: trains SAC on a registered environment and writes a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
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

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read options from FILE (.yaml, .yml or .json): keys are these options' names without the"
                    + " dashes (steps: 20000, batch-size: 256, hidden: [400, 300], quiet: true); options given on"
                    + " the command line win. config.json records the values, so --resume needs no FILE.")
    Path config;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run in DIR from its newest good checkpoint, with the settings DIR/config.json"
                    + " recorded; only --threads, --quiet and --verbose may be given with it.")
    Path resume;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Write a checkpoint (<out>/checkpoints/step-<N>.ckpt, the newest 2 kept) every N steps"
                    + " and at the end of the run; 0: none (default: every evaluation).")
    Long checkpointEvery;

    @Option(names = "--no-buffer-in-checkpoint",
            description = "Leave the replay buffer out of checkpoints: smaller files, but a resume starts with an"
                    + " empty buffer and no longer repeats the uninterrupted run.")
    boolean noBufferInCheckpoint;

    @Option(names = "--algo", defaultValue = "sac",
            description = "sac (today's SAC: twin Q with target critics) or sac-v1 (the first SAC: twin Q, V and"
                    + " target V); discrete action spaces take sac only (default: ${DEFAULT-VALUE}).")
    String algo;

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

    /** The run directory's folder of TensorBoard event files. */
    static final String TENSORBOARD_DIR = "tb";

    /** Beyond a few threads a 256-wide network has too few rows per thread to gain. */
    static final int MAX_DEFAULT_THREADS = 4;

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

    @Option(names = "--lr", description = "Learning rate of actor, critics and alpha together (preset; default 3e-4).")
    Double lr;

    @Option(names = "--actor-lr", description = "Actor learning rate (overrides --lr).")
    Double actorLr;

    @Option(names = "--critic-lr", description = "Critic learning rate (overrides --lr).")
    Double criticLr;

    @Option(names = "--alpha-lr", description = "Temperature learning rate (overrides --lr).")
    Double alphaLr;

    @Option(names = "--lr-schedule", paramLabel = "constant|linear",
            description = "The learning rates along the run: constant (default) or linear decay to 0 at --steps"
                    + " (rl-baselines3-zoo's lin_ rates: factor 1 - t/steps at each training round).")
    String lrSchedule;

    @Option(names = "--batch-size", description = "Transitions per gradient step (default 256).")
    Integer batchSize;

    @Option(names = "--buffer-size", description = "Replay buffer capacity (default 1000000).")
    Integer bufferSize;

    @Option(names = "--gamma", description = "Discount factor (default 0.99).")
    Double gamma;

    @Option(names = "--tau", description = "Target network smoothing coefficient (default 0.005).")
    Double tau;

    @Option(names = "--learning-starts", description = "Random-action steps before the first update (default 100).")
    Integer learningStarts;

    @Option(names = "--warmup-action-repeat", description = "Hold each uniform random action of the --learning-starts"
            + " warm-up for this many steps: temporally correlated exploration (default 1: a new draw every step).")
    Integer warmupActionRepeat;

    @Option(names = "--train-freq", description = "Environment steps (transitions, over all --n-envs copies) between"
            + " training rounds (default 1).")
    Integer trainFreq;

    @Option(names = "--gradient-steps", description = "Gradient steps per training round (default 1).")
    Integer gradientSteps;

    @Option(names = "--hidden", split = ",", description = "Hidden layer widths, comma-separated (default 256,256).")
    List<Integer> hidden;

    @Option(names = "--alpha", description = "Fix the temperature at this value instead of learning it.")
    Double fixedAlpha;

    @Option(names = "--init-alpha", description = "Initial value of the learned temperature (default 1.0).")
    Double initAlpha;

    @Option(names = "--target-entropy",
            description = "Target entropy of the learned temperature (default -|A|; discrete: ratio * log|A|).")
    Double targetEntropy;

    @Option(names = "--target-entropy-ratio",
            description = "Discrete actions: the default target entropy as a fraction of log|A| (default 0.98;"
                    + " lower it when alpha keeps rising).")
    Double targetEntropyRatio;

    @Option(names = "--entropy", paramLabel = "sample|closed-form",
            description = "Continuous actions: the policy's entropy in the actor and temperature losses, the one-sample"
                    + " -log pi (default) or the tanh-Gaussian entropy in closed form (seed 000 section 1.7).")
    String entropy;

    @Option(names = "--adjust", paramLabel = "none|antisymmetric|hessian-transpose",
            description = "Continuous actions: the dynamic-matrix gradient adjustment of seed 000 section 1.4,"
                    + " xi + lambda A^T xi or xi + lambda H^T xi over the players of the SAC game (default none;"
                    + " see docs/dynamic-matrix.md).")
    String adjust;

    @Option(names = "--adjust-lambda", description = "The adjustment's coefficient lambda (default 0.1).")
    Double adjustLambda;

    @Option(names = "--adjust-norm", paramLabel = "none|match|unit",
            description = "Scale of the adjustment per player (seed 000 section 1.4.1): none (lambda alone, default),"
                    + " match (each block of the adjustment to the norm of the player's gradient), unit (gradient and"
                    + " adjustment blocks each to norm 1).")
    String adjustNorm;

    @Option(names = "--adjust-align",
            description = "Choose the sign of lambda by the alignment rule of Balduzzi et al. 2018 (antisymmetric only).")
    boolean adjustAlign;

    @Option(names = "--adjust-step",
            description = "Finite-difference step length in parameter space for H xi and H^T xi (default 1e-2).")
    Double adjustStep;

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
            "--env-server");
    /**
     * Options not recorded in config.json's {@code args}: where the run goes and how it reports, and where a
     * gym: environment runs ({@code --python}, {@code --env-server}: not what it is, which --env-kwargs say).
     */
    private static final List<String> NOT_RECORDED = List.of("--out", "--overwrite", "--quiet", "--verbose", "--threads",
            "--resume", "--config", "--python", "--env-server");
    static final String CONFIG_FILE = "config.json";
    static final String METRICS_CSV = "metrics.csv";
    static final String METRICS_JSONL = "metrics.jsonl";

    /** Everything a run is made of, built and checked before any file is touched. */
    /**
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
        if (envId == null) {
            throw new IllegalArgumentException("Missing required option: '--env=<envId>'");
        }
        if (nEnvs < 1) {
            throw new IllegalArgumentException("--n-envs must be >= 1, got " + nEnvs);
        }
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
        try {
            return setup(probe, source);
        } catch (RuntimeException e) {
            new Setup(probe, source, false, null, null, null, null).close();
            throw e;
        }
    }

    private Setup setup(Env probe, EnvSource source) {
        Variant variant = Variant.fromCliName(algo);
        boolean discrete = probe.actionSpace() instanceof Discrete;
        if (discrete && variant != Variant.V2) {
            throw new IllegalArgumentException(envId + " has " + probe.actionSpace() + " actions; --algo "
                    + algo + " is continuous only (discrete action spaces take --algo sac)");
        }
        Preset preset = Presets.forEnv(envId);
        SacConfig sac = sacConfig(preset.sac().toBuilder().variant(variant).build());
        if (discrete && (sac.adjusted() || sac.entropyEstimate() != EntropyEstimate.SAMPLE)) {
            throw new IllegalArgumentException(envId + " has " + probe.actionSpace() + " actions; --adjust and"
                    + " --entropy closed-form are for continuous actions only");
        }
        RunConfig run = new RunConfig(steps != null ? steps : preset.totalSteps(), evalEvery, evalEpisodes, seed, nEnvs);
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
        return new Setup(probe, source, discrete, variant, preset, sac, run);
    }

    /** Steps between checkpoints, 0 for none. */
    long checkpointInterval(RunConfig run) {
        return checkpointEvery != null ? checkpointEvery : run.evalEvery();
    }

    /**
     * The options as given (a {@code --config} file's values among them, see {@link #withConfigFile}),
     * minus those in {@link #NOT_RECORDED}: what config.json keeps to rebuild the run.
     */
    private List<String> recordedArgs() {
        return givenArgs(NOT_RECORDED);
    }

    /** The matched options as tokens ({@code --steps 300}), in the order given, minus those named in {@code skip}. */
    private List<String> givenArgs(List<String> skip) {
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
            return withConfigFile().call();
        }
        try (Setup s = setup()) {
            Path dir = prepareOutDir();
            Kernels.setThreads(threads);
            writeAtomically(dir.resolve(CONFIG_FILE), Json.write(configJson(s.probe(), s.sac(), s.run(), s.preset())));
            return train(s, dir, null, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    /**
     * This command with the {@code --config} file's options added: the file's entries, in file order,
     * for the options the command line did not give, then the command line's own (every entry is
     * checked, an overridden one too: a file is valid on its own or not at all). The result is
     * parsed as if it had all been typed, so its config.json {@code args} hold the file's values too
     * and {@code --resume} rebuilds the run without the file. Flags can only be switched on: a flag set
     * true in the file stays on (picocli flags take no {@code false} on the command line).
     */
    private TrainCommand withConfigFile() {
        String where = "--config " + config;
        List<String> given = givenArgs(List.of("--config"));
        List<String> givenNames = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(CommandLine.Model.OptionSpec::longestName).toList();
        List<String> args = new ArrayList<>();
        for (ConfigFile.Entry e : ConfigFile.read(config)) {
            List<String> tokens = ConfigFile.tokens(e, spec, where); // checked even where overridden
            if (!givenNames.contains("--" + e.key())) {
                args.addAll(tokens);
            }
        }
        args.addAll(given);
        TrainCommand merged = new TrainCommand();
        CommandLine cl = new CommandLine(merged);
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(spec.commandLine().getErr());
        try {
            cl.parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage().replace('\n', ' '));
        }
        merged.configSource = config;
        return merged;
    }

    /** The {@code --config} file this command's options were partly read from, or null; for config.json. */
    private Path configSource;

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
            throw new IllegalArgumentException("--resume takes every setting from " + resume.resolve(CONFIG_FILE)
                    + "; " + String.join(", ", extra) + " would change the run (with --resume only --threads,"
                    + " --quiet and --verbose may be given, and --python and --env-server for a gym: run)");
        }
        TrainCommand rebuilt = fromConfig(resume.resolve(CONFIG_FILE), "--resume " + resume);
        rebuilt.quiet = quiet;
        rebuilt.terminal = terminal;
        rebuilt.threads = threads;
        rebuilt.out = resume;
        rebuilt.envOptions.python = envOptions.python;
        rebuilt.envOptions.envServer = envOptions.envServer;
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
            OffPolicyLoop.checkResumable(in.manifest(), "checkpoint " + from, s.probe().id(), s.sac(), s.run());
            RecordedFiles.truncate(resume, in.manifest());
        } catch (CheckpointException | ResumeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Kernels.setThreads(rebuilt.threads);
        return rebuilt.train(s, resume, from, spec.commandLine().getOut(), err);
    }

    /**
     * A command holding the options config.json {@code file} recorded ({@code args}), parsed as they
     * were when the run started. {@code what} names the request in error messages.
     */
    static TrainCommand fromConfig(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot read " + file + " (" + e.getMessage()
                    + "); is it a run directory of sac4j train?");
        }
        return fromConfigText(text, what + ": " + file);
    }

    /** As {@link #fromConfig}, from config.json's text (a checkpoint's manifest holds it too). */
    static TrainCommand fromConfigText(String text, String what) {
        Object args;
        try {
            args = Json.parse(text) instanceof Map<?, ?> m ? m.get("args") : null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getMessage());
        }
        if (!(args instanceof List<?> list) || !list.stream().allMatch(a -> a instanceof String)) {
            throw new IllegalArgumentException(what + " has no \"args\" list of strings (written by an older sac4j?)");
        }
        TrainCommand c = new TrainCommand();
        try {
            new CommandLine(c).parseArgs(list.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(what + ": the recorded options do not parse: " + e.getMessage());
        }
        if (c.config != null) {
            // A run's args hold its config file's values themselves; the file may be gone or changed.
            throw new IllegalArgumentException(what + ": the recorded options hold --config, which config.json"
                    + " never records");
        }
        return c;
    }

    /** Trains into {@code dir} (config.json already there), from checkpoint {@code resumeFrom} if not null. */
    private Integer train(Setup s, Path dir, Path resumeFrom, PrintWriter stdout, PrintWriter stderr)
            throws IOException {
        RunConfig run = s.run();
        boolean resuming = resumeFrom != null;
        stdout.printf(Locale.ROOT, "sac4j: %s %s on %s for %d steps%s (seed %d, %d thread(s), kernel %s) -> %s%n",
                resuming ? "resuming" : "training",
                s.discrete() ? "discrete SAC" : s.variant() == Variant.V1 ? "SAC v1" : "SAC", envId, run.totalSteps(),
                run.nEnvs() == 1 ? "" : " on " + run.nEnvs() + " copies", seed, threads, Kernels.active().name(), dir);
        if (resuming) {
            stdout.printf(Locale.ROOT, "sac4j: continuing from %s%n", resumeFrom);
        }
        stdout.flush();

        Path csvFile = dir.resolve(METRICS_CSV);
        Path jsonlFile = dir.resolve(METRICS_JSONL);
        TrainResult result;
        try (MetricsCsv csv = resuming ? MetricsCsv.appendingTo(csvFile) : new MetricsCsv(csvFile);
             MetricsJsonl jsonl = resuming ? MetricsJsonl.appendingTo(jsonlFile) : new MetricsJsonl(jsonlFile);
             TensorBoardListener tensorBoard = new TensorBoardListener(dir.resolve(TENSORBOARD_DIR));
             ProgressDisplay progress = quiet ? null
                     : new ProgressDisplay(stdout, run.totalSteps(), terminal, System::nanoTime)) {
            List<TrainListener> listeners = new ArrayList<>(List.of(csv, jsonl, tensorBoard));
            if (progress != null) {
                listeners.add(progress);
                CliLog.beforeEachLine(progress::clearLine); // a log line on stderr must not land inside the status line
            }
            if (stopAtReturn != null) {
                listeners.add(new StopOnRewardThreshold(stopAtReturn));
            }
            long every = checkpointInterval(run);
            Checkpointing checkpointing = every == 0 ? null : Checkpointing.every(dir, every)
                    .withBuffer(!noBufferInCheckpoint)
                    .withConfigText(Files.readString(dir.resolve(CONFIG_FILE), StandardCharsets.UTF_8))
                    .withRecordedFiles(List.of(csvFile, jsonlFile, tensorBoard.file()));
            OffPolicyLoop.Builder loop = OffPolicyLoop.builder(s.sac(), run).listeners(listeners);
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
                try (VectorEnv copies = s.source().makeVector(run.nEnvs())) {
                    result = loop.envs(copies).evalEnv(s.probe()).build().run();
                }
            }
        } finally {
            CliLog.beforeEachLine(null);
        }
        Map<String, Object> fin = new LinkedHashMap<>();
        fin.put("mean_return", result.finalEval().meanReturn());
        fin.put("std_return", result.finalEval().stdReturn());
        fin.put("episodes", result.finalEval().episodes());
        fin.put("steps", result.steps());
        fin.put("wall_s", result.wallSeconds());
        writeAtomically(dir.resolve("final_eval.json"), Json.write(fin));
        try {
            LearningCurves.writeSingle(dir);
        } catch (IllegalArgumentException e) {
            // A run shorter than one evaluation interval has no curve to draw; the run itself is fine.
            stderr.println("sac4j: no learning curve: " + e.getMessage());
        }
        stdout.printf(Locale.ROOT, "sac4j: done in %.1f s: final evaluation %.2f +- %.2f over %d episodes (%s)%n",
                result.wallSeconds(), result.finalEval().meanReturn(), result.finalEval().stdReturn(),
                result.finalEval().episodes(), dir.resolve("final_eval.json"));
        stdout.flush();
        return 0;
    }

    SacConfig sacConfig(SacConfig base) {
        SacConfig.Builder b = base.toBuilder();
        if (lr != null) {
            b.learningRate(lr);
        }
        if (actorLr != null) {
            b.actorLr(actorLr);
        }
        if (criticLr != null) {
            b.criticLr(criticLr);
        }
        if (alphaLr != null) {
            b.alphaLr(alphaLr);
        }
        if (lrSchedule != null) {
            b.learningRateSchedule(LearningRateSchedule.fromCliName(lrSchedule));
        }
        if (batchSize != null) {
            b.batchSize(batchSize);
        }
        if (bufferSize != null) {
            b.bufferSize(bufferSize);
        }
        if (gamma != null) {
            b.gamma(gamma);
        }
        if (tau != null) {
            b.tau(tau);
        }
        if (learningStarts != null) {
            b.learningStarts(learningStarts);
        }
        if (warmupActionRepeat != null) {
            b.warmupActionRepeat(warmupActionRepeat);
        }
        if (trainFreq != null) {
            b.trainFreq(trainFreq);
        }
        if (gradientSteps != null) {
            b.gradientSteps(gradientSteps);
        }
        if (hidden != null) {
            b.hiddenSizes(hidden);
        }
        if (fixedAlpha != null && initAlpha != null) {
            throw new IllegalArgumentException("--alpha (fixed) and --init-alpha (learned) exclude each other");
        }
        if (fixedAlpha != null) {
            b.temperature(Temperature.fixed(fixedAlpha));
        } else if (initAlpha != null) {
            b.temperature(Temperature.learned(initAlpha));
        }
        if (targetEntropy != null) {
            b.targetEntropy(targetEntropy);
        }
        if (targetEntropyRatio != null) {
            b.discreteTargetEntropyRatio(targetEntropyRatio);
        }
        if (entropy != null) {
            b.entropyEstimate(switch (entropy) {
                case "sample" -> EntropyEstimate.SAMPLE;
                case "closed-form" -> EntropyEstimate.CLOSED_FORM;
                default -> throw new IllegalArgumentException("--entropy must be sample or closed-form, got " + entropy);
            });
        }
        b.adjustment(adjustment());
        return b.build();
    }

    /** The adjustment the --adjust options ask for, or null; refuses its options without --adjust. */
    private GradientAdjustment adjustment() {
        String form = adjust == null ? "none" : adjust;
        if (form.equals("none")) {
            if (adjustLambda != null || adjustNorm != null || adjustAlign || adjustStep != null) {
                throw new IllegalArgumentException("--adjust-lambda, --adjust-norm, --adjust-align and --adjust-step"
                        + " need --adjust antisymmetric or --adjust hessian-transpose");
            }
            return null;
        }
        double lambda = adjustLambda != null ? adjustLambda : DEFAULT_ADJUST_LAMBDA;
        GradientAdjustment a = switch (form) {
            case "antisymmetric" -> GradientAdjustment.antisymmetric(lambda);
            case "hessian-transpose" -> GradientAdjustment.hessianTranspose(lambda);
            default -> throw new IllegalArgumentException(
                    "--adjust must be none, antisymmetric or hessian-transpose, got " + form);
        };
        a = a.withStep(adjustStep != null ? adjustStep : DEFAULT_ADJUST_STEP);
        if (adjustNorm != null) {
            a = a.withNormalisation(switch (adjustNorm) {
                case "none" -> GradientAdjustment.Normalisation.NONE;
                case "match" -> GradientAdjustment.Normalisation.MATCH_OWN_GRADIENT;
                case "unit" -> GradientAdjustment.Normalisation.UNIT_BLOCKS;
                default -> throw new IllegalArgumentException("--adjust-norm must be none, match or unit, got "
                        + adjustNorm);
            });
        }
        if (adjustAlign) {
            if (a.form() != GradientAdjustment.Form.ANTISYMMETRIC) {
                throw new IllegalArgumentException("--adjust-align applies to --adjust antisymmetric only");
            }
            a = a.withSignAlignment(GradientAdjustment.DEFAULT_ALIGN_EPSILON);
        }
        return a;
    }

    /** --adjust-lambda's default. */
    static final double DEFAULT_ADJUST_LAMBDA = 0.1;
    /**
     * --adjust-step's default: a step length in parameter space for float32 networks, large enough that
     * the float rounding of the gradients (about 1e-7 of their norm) stays far below the difference.
     */
    static final double DEFAULT_ADJUST_STEP = 1e-2;

    private Path prepareOutDir() throws IOException {
        Path dir = out;
        if (dir == null) {
            Path base = Path.of("runs", envId + "-seed" + seed);
            dir = base;
            for (int i = 2; Files.exists(dir); i++) {
                dir = Path.of(base + "-" + i);
            }
        } else if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--out " + dir + " exists and is not a directory");
            }
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !overwrite) {
                throw new IllegalArgumentException("--out " + dir
                        + " already holds files; choose another directory or pass --overwrite");
            }
        }
        Files.createDirectories(dir);
        return dir;
    }

    private Map<String, Object> configJson(Env env, SacConfig sac, RunConfig run, Preset preset) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", envId);
        m.put("args", recordedArgs());
        m.put("algorithm", env.actionSpace() instanceof Discrete ? "sac-discrete" : sac.variant().cliName());
        m.put("observation_space", env.observationSpace().toString());
        m.put("action_space", env.actionSpace().toString());
        m.put("steps", run.totalSteps());
        m.put("seed", run.seed());
        m.put("n_envs", run.nEnvs());
        m.put("threads", threads);
        m.put("eval_every", run.evalEvery());
        m.put("eval_episodes", run.evalEpisodes());
        m.put("preset", preset.source());
        m.put("config_file", configSource == null ? null : configSource.toString());
        m.put("checkpoint_every", checkpointInterval(run));
        m.put("buffer_in_checkpoint", !noBufferInCheckpoint);
        m.put("stop_at_return", stopAtReturn);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("gamma", sac.gamma());
        s.put("tau", sac.tau());
        s.put("batch_size", sac.batchSize());
        s.put("buffer_size", sac.bufferSize());
        s.put("learning_starts", sac.learningStarts());
        s.put("warmup_action_repeat", sac.warmupActionRepeat());
        s.put("train_freq", sac.trainFreq());
        s.put("gradient_steps", sac.gradientSteps());
        s.put("actor_lr", sac.actorLr());
        s.put("critic_lr", sac.criticLr());
        s.put("alpha_lr", sac.alphaLr());
        s.put("lr_schedule", sac.learningRateSchedule().cliName());
        s.put("hidden_sizes", sac.hiddenSizes());
        if (sac.temperature() instanceof Temperature.Learned l) {
            s.put("temperature", "learned");
            s.put("init_alpha", l.initial());
        } else {
            s.put("temperature", "fixed");
            s.put("alpha", sac.temperature().initialAlpha());
        }
        s.put("variant", sac.variant().name());
        s.put("target_entropy", env.actionSpace() instanceof Discrete d
                ? sac.discreteTargetEntropyFor(d.n()) : sac.targetEntropyFor(env.actionSpace().flatSize()));
        s.put("discrete_target_entropy_ratio", sac.discreteTargetEntropyRatio());
        s.put("log_std_min", sac.logStdMin());
        s.put("log_std_max", sac.logStdMax());
        s.put("entropy_estimate", sac.entropyEstimate().name());
        if (sac.adjusted()) {
            GradientAdjustment a = sac.adjustment();
            Map<String, Object> adj = new LinkedHashMap<>();
            adj.put("form", a.form().name());
            adj.put("lambda", a.lambda());
            adj.put("normalisation", a.normalisation().name());
            adj.put("align_sign", a.alignSign());
            adj.put("step", a.step());
            s.put("adjustment", adj);
        }
        m.put("sac", s);
        Map<String, Object> rt = new LinkedHashMap<>();
        rt.put("java", Runtime.version().toString());
        rt.put("kernel", Kernels.active().name());
        m.put("runtime", rt);
        return m;
    }

    /** Writes {@code text} to a temporary file beside {@code file}, then renames it into place. */
    static void writeAtomically(Path file, String text) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
