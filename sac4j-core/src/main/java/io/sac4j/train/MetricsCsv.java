package io.sac4j.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the learning curve as CSV, one row per evaluation, flushed as it goes so a crash loses
 * nothing written. Numbers are formatted locale-independently ({@code nan} for missing values), so
 * two runs with the same seed give byte-identical files apart from the {@code wall_s} column. Extra
 * columns ({@link MetricColumn}) follow the fixed ones, in the order given.
 */
public final class MetricsCsv extends LineSink {
    public static final String HEADER =
            "step,wall_s,eval_mean_return,eval_std_return,train_episode_return,critic_loss,actor_loss,alpha,entropy";

    private final List<MetricColumn> extra;

    /** Starts {@code file} with the header. */
    public MetricsCsv(Path file) {
        this(file, List.of());
    }

    /** Starts {@code file} with the header and the {@code extra} columns after it. */
    public MetricsCsv(Path file, List<MetricColumn> extra) {
        super(file);
        this.extra = List.copyOf(extra);
        StringBuilder header = new StringBuilder(HEADER);
        this.extra.forEach(c -> header.append(',').append(c.name()));
        writeLine(header.toString());
    }

    private MetricsCsv(Path file, boolean append, List<MetricColumn> extra) {
        super(file, append);
        this.extra = List.copyOf(extra);
    }

    /**
     * Appends rows to an existing {@code file} (a resumed run, after
     * {@link RecordedFiles#truncate} cut it back to the checkpoint's step).
     */
    public static MetricsCsv appendingTo(Path file) {
        return appendingTo(file, List.of());
    }

    /** {@link #appendingTo(Path)} with the {@code extra} columns its header names. */
    public static MetricsCsv appendingTo(Path file, List<MetricColumn> extra) {
        return new MetricsCsv(file, true, extra);
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
        StringBuilder line = new StringBuilder(row);
        extra.forEach(c -> line.append(',').append(c.value().getAsLong()));
        writeLine(line.toString());
    }
}
