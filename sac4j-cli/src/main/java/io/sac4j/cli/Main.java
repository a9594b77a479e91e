package io.sac4j.cli;

import io.sac4j.train.TrainingException;
import org.slf4j.event.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code sac4j} command. Errors in what the user asked for (an unknown environment, a bad
 * number, a damaged or foreign checkpoint) end with one line naming the problem and exit code 2, and
 * so does a run that a guard stopped ({@link TrainingException}: a non-finite observation, reward,
 * loss or parameter, a refused action); other failures during a run end with one line and exit code 1. {@code --stacktrace} shows the full trace instead.
 */
@Command(name = "sac4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Soft Actor-Critic for the JVM: train and evaluate SAC agents.",
        subcommands = {TrainCommand.class, EvalCommand.class, ExportCommand.class, EnvsCommand.class, PresetsCommand.class,
            EnvCommand.class, BenchCommand.class, PlotCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for bad input: unknown ids, out-of-range numbers, malformed options. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a run that failed after it started. */
    public static final int EXIT_FAILURE = 1;

    static {
        io.sac4j.box2d.Box2dEnvs.registerAll(); // LunarLanderContinuous-v3, BipedalWalker(Hardcore)-v3
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                ProgressDisplay.stdoutIsTerminal()));
    }

    /** Runs the command line with the given streams, {@code out} not a terminal; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, false);
    }

    /**
     * Runs the command line with the given streams; returns the exit code. {@code terminal}: whether
     * {@code out} is an interactive terminal (the progress display redraws in place). The library's log
     * lines go to {@code err}, warnings and errors only unless {@code train --verbose}.
     */
    static int execute(String[] args, PrintWriter out, PrintWriter err, boolean terminal) {
        CliLog.configure(err, Level.WARN);
        boolean stacktrace = java.util.Arrays.asList(args).contains("--stacktrace");
        String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--stacktrace")).toArray(String[]::new);
        CommandLine cl = new CommandLine(new Main());
        ((TrainCommand) cl.getSubcommands().get("train").getCommand()).terminal = terminal;
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("sac4j: error: " + oneLine(ex) + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (stacktrace) {
                ex.printStackTrace(err);
            } else {
                err.println("sac4j: error: " + oneLine(ex));
            }
            err.flush();
            return ex instanceof IllegalArgumentException || ex instanceof TrainingException ? EXIT_USAGE : EXIT_FAILURE;
        });
        return cl.execute(rest);
    }

    private static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            m = ex.getClass().getSimpleName();
        }
        return m.replace('\n', ' ');
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"sac4j " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Java "
                    + Runtime.version() + ", kernel " + io.sac4j.tensor.Kernels.active().name() + ")"};
        }
    }
}
