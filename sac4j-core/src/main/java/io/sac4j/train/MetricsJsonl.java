package io.sac4j.train;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes training events as JSON lines: {@code {"event":"episode","step":..,"return":..,"length":..}}
 * for each finished training episode and {@code {"event":"evaluation", ...}} with the fields of
 * {@link MetricsCsv}'s header for each evaluation. Numbers are written in full ({@link Double#toString});
 * a missing value (NaN) is {@code null}. Extra columns ({@link MetricColumn}) are fields after those.
 */
public final class MetricsJsonl extends LineSink {
    private final List<MetricColumn> extra;

    public MetricsJsonl(Path file) {
        this(file, List.of());
    }

    /** Evaluation events with the {@code extra} fields too. */
    public MetricsJsonl(Path file, List<MetricColumn> extra) {
        super(file);
        this.extra = List.copyOf(extra);
    }

    private MetricsJsonl(Path file, boolean append, List<MetricColumn> extra) {
        super(file, append);
        this.extra = List.copyOf(extra);
    }

    /** Appends events to an existing {@code file} (a resumed run; see {@link MetricsCsv#appendingTo}). */
    public static MetricsJsonl appendingTo(Path file) {
        return appendingTo(file, List.of());
    }

    /** {@link #appendingTo(Path)} with the {@code extra} fields. */
    public static MetricsJsonl appendingTo(Path file, List<MetricColumn> extra) {
        return new MetricsJsonl(file, true, extra);
    }

    /** A number as JSON: full precision, {@code null} when not finite. */
    static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    @Override
    public void onEpisodeEnd(long step, double episodeReturn, int length) {
        writeLine("{\"event\":\"episode\",\"step\":" + step + ",\"return\":" + number(episodeReturn) + ",\"length\":"
                + length + "}");
    }

    @Override
    public void onEvaluation(EvalRecord r) {
        writeLine("{\"event\":\"evaluation\",\"step\":" + r.step() + ",\"wall_s\":" + number(r.wallSeconds())
                + ",\"eval_mean_return\":" + number(r.evalMeanReturn()) + ",\"eval_std_return\":"
                + number(r.evalStdReturn()) + ",\"train_episode_return\":" + number(r.trainEpisodeReturn())
                + ",\"critic_loss\":" + number(r.criticLoss()) + ",\"actor_loss\":" + number(r.actorLoss())
                + ",\"alpha\":" + number(r.alpha()) + ",\"entropy\":" + number(r.entropy()) + extraFields() + "}");
    }

    private String extraFields() {
        StringBuilder b = new StringBuilder();
        extra.forEach(c -> b.append(",\"").append(c.name()).append("\":").append(c.value().getAsLong()));
        return b.toString();
    }
}
