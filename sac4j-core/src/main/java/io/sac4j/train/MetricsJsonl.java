package io.sac4j.train;

import java.nio.file.Path;

/**
 * Writes training events as JSON lines: {@code {"event":"episode","step":..,"return":..,"length":..}}
 * for each finished training episode and {@code {"event":"evaluation", ...}} with the fields of
 * {@link MetricsCsv}'s header for each evaluation. Numbers are written in full ({@link Double#toString});
 * a missing value (NaN) is {@code null}.
 */
public final class MetricsJsonl extends LineSink {
    public MetricsJsonl(Path file) {
        super(file);
    }

    private MetricsJsonl(Path file, boolean append) {
        super(file, append);
    }

    /** Appends events to an existing {@code file} (a resumed run; see {@link MetricsCsv#appendingTo}). */
    public static MetricsJsonl appendingTo(Path file) {
        return new MetricsJsonl(file, true);
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
                + ",\"alpha\":" + number(r.alpha()) + ",\"entropy\":" + number(r.entropy()) + "}");
    }
}
