package io.sac4j.train;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the learning curve as CSV, one row per evaluation, flushed as it goes so a crash loses
 * nothing written. Numbers are formatted locale-independently ({@code nan} for missing values), so
 * two runs with the same seed give byte-identical files apart from the {@code wall_s} column.
 */
public final class MetricsCsv extends LineSink {
    public static final String HEADER =
            "step,wall_s,eval_mean_return,eval_std_return,train_episode_return,critic_loss,actor_loss,alpha,entropy";

    /** Starts {@code file} with the header. */
    public MetricsCsv(Path file) {
        super(file);
        writeLine(HEADER);
    }

    private MetricsCsv(Path file, boolean append) {
        super(file, append);
    }

    /**
     * Appends rows to an existing {@code file} (a resumed run, after
     * {@link RecordedFiles#truncate} cut it back to the checkpoint's step).
     */
    public static MetricsCsv appendingTo(Path file) {
        return new MetricsCsv(file, true);
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
        writeLine(row);
    }
}
