package io.sac4j.train;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes the training curves as TensorBoard scalars ({@link TensorBoardWriter}). The episode tags are
 * the ones CleanRL writes ({@code cleanrl/sac_continuous_action.py}), so its runs and ours share
 * those charts:
 * <ul>
 *   <li>per finished training episode, at its last step: {@code charts/episodic_return},
 *       {@code charts/episodic_length};</li>
 *   <li>per evaluation row ({@link EvalRecord}), at its step: {@code eval/mean_return},
 *       {@code losses/critic}, {@code losses/actor}, {@code losses/alpha} (the temperature loss,
 *       {@code -mean(log alpha (log pi + Hbar))}, 0 when alpha is fixed: CleanRL's
 *       {@code losses/alpha_loss}; CleanRL's {@code losses/alpha} is alpha itself, ours is
 *       {@code charts/alpha}), {@code charts/alpha}, {@code charts/entropy} and {@code charts/sps}
 *       (environment steps per second since training started: step / wall seconds);</li>
 *   <li>with prioritized replay, per evaluation row: {@code replay/mean_importance_weight} (the mean
 *       importance weight of the rows drawn since the previous row) and {@code replay/max_priority} (the
 *       largest priority {@code |delta| + eps} seen so far).</li>
 * </ul>
 * Extra columns ({@link MetricColumn}) are scalars of their own tags per evaluation row.
 * A missing value (NaN: the losses before the first update) is left out rather than written. The file
 * is flushed after each evaluation and at the end of training; {@link #close} closes it.
 */
public final class TensorBoardListener implements TrainListener, AutoCloseable {
    public static final String EPISODIC_RETURN = "charts/episodic_return";
    public static final String EPISODIC_LENGTH = "charts/episodic_length";
    public static final String EVAL_MEAN_RETURN = "eval/mean_return";
    public static final String CRITIC_LOSS = "losses/critic";
    public static final String ACTOR_LOSS = "losses/actor";
    public static final String TEMPERATURE_LOSS = "losses/alpha";
    public static final String ALPHA = "charts/alpha";
    public static final String ENTROPY = "charts/entropy";
    public static final String SPS = "charts/sps";
    public static final String MEAN_IMPORTANCE_WEIGHT = "replay/mean_importance_weight";
    public static final String MAX_PRIORITY = "replay/max_priority";

    private final TensorBoardWriter writer;
    private final List<MetricColumn> extra;

    /** Writes a new event file in {@code dir} (created if missing). */
    public TensorBoardListener(Path dir) {
        this(new TensorBoardWriter(dir));
    }

    /** Writes a new event file in {@code dir}, with the {@code extra} scalars per evaluation row. */
    public TensorBoardListener(Path dir, List<MetricColumn> extra) {
        this(new TensorBoardWriter(dir), extra);
    }

    /** Writes to {@code writer}, which this listener then owns and closes. */
    public TensorBoardListener(TensorBoardWriter writer) {
        this(writer, List.of());
    }

    /** Writes to {@code writer} (then owned and closed here), with the {@code extra} scalars. */
    public TensorBoardListener(TensorBoardWriter writer, List<MetricColumn> extra) {
        this.writer = writer;
        this.extra = List.copyOf(extra);
    }

    /** The event file being written. */
    public Path file() {
        return writer.file();
    }

    @Override
    public void onEpisodeEnd(long step, double episodeReturn, int length) {
        scalar(EPISODIC_RETURN, episodeReturn, step);
        scalar(EPISODIC_LENGTH, length, step);
    }

    @Override
    public void onEvaluation(EvalRecord r) {
        long step = r.step();
        scalar(EVAL_MEAN_RETURN, r.evalMeanReturn(), step);
        scalar(CRITIC_LOSS, r.criticLoss(), step);
        scalar(ACTOR_LOSS, r.actorLoss(), step);
        scalar(TEMPERATURE_LOSS, r.temperatureLoss(), step);
        scalar(ALPHA, r.alpha(), step);
        scalar(ENTROPY, r.entropy(), step);
        scalar(SPS, r.wallSeconds() > 0 ? step / r.wallSeconds() : Double.NaN, step);
        scalar(MEAN_IMPORTANCE_WEIGHT, r.meanImportanceWeight(), step);
        scalar(MAX_PRIORITY, r.maxPriority(), step);
        for (MetricColumn c : extra) {
            scalar(c.tensorBoardTag(), c.value().getAsLong(), step);
        }
        writer.flush();
    }

    @Override
    public void onFinish(TrainResult result) {
        writer.flush();
    }

    @Override
    public void close() {
        writer.close();
    }

    private void scalar(String tag, double value, long step) {
        if (!Double.isNaN(value)) {
            writer.addScalar(tag, value, step);
        }
    }
}
