package io.sac4j.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the learning curve as CSV, one row per evaluation, flushed as it goes so a crash loses
 * nothing written. Numbers are formatted locale-independently ({@code nan} for missing values), so
 * two runs with the same seed give byte-identical files apart from the {@code wall_s} column.
 */
public final class MetricsCsv implements TrainListener, AutoCloseable {
    public static final String HEADER =
            "step,wall_s,eval_mean_return,eval_std_return,train_episode_return,critic_loss,actor_loss,alpha,entropy";

    private final BufferedWriter out;

    public MetricsCsv(Path file) {
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write(HEADER);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A number as the CSV writes it: 7 significant digits, {@code nan} for NaN. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        return String.format(Locale.ROOT, "%.7g", v);
    }

    @Override
    public void onEvaluation(EvalRecord r) {
        String row = r.step() + "," + String.format(Locale.ROOT, "%.3f", r.wallSeconds()) + ","
                + format(r.evalMeanReturn()) + "," + format(r.evalStdReturn()) + ","
                + format(r.trainEpisodeReturn()) + "," + format(r.criticLoss()) + "," + format(r.actorLoss()) + ","
                + format(r.alpha()) + "," + format(r.entropy());
        try {
            out.write(row);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics row: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
