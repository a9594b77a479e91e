package io.sac4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sac4j plot RUN_DIR... [--out FILE]}: learning curves of run directories as a PNG
 * ({@link LearningCurves}). One directory gives its curve with a +-std band, written to
 * {@code RUN_DIR/learning_curve.png} by default; several give one line per environment and algorithm
 * (the mean over runs, with a min-max band), written to {@code learning_curves.png} by default.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw learning curves (evaluation mean return vs step) of run directories as a PNG.",
            "One run: its curve with a band of +-1 std over the evaluation episodes. Several runs: one line per"
                    + " environment and algorithm, the mean over runs with a min-max band."})
final class PlotCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories written by 'sac4j train'.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "FILE",
            description = "The PNG to write (replaced if present). Default: RUN_DIR/" + LearningCurves.FILE_NAME
                    + " for one run, learning_curves.png in the working directory for several.")
    Path out;

    @Option(names = "--width", paramLabel = "W", description = "Image width in pixels (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + LearningCurves.DEFAULT_WIDTH)
    int width;

    @Option(names = "--height", paramLabel = "H", description = "Image height in pixels (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + LearningCurves.DEFAULT_HEIGHT)
    int height;

    @Override
    public Integer call() throws IOException {
        Path file = out != null ? out
                : runs.size() == 1 ? runs.get(0).resolve(LearningCurves.FILE_NAME) : Path.of("learning_curves.png");
        LearningCurves.write(runs, file, width, height);
        spec.commandLine().getOut().println("wrote " + file);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
