package io.sac4j.train;

import io.sac4j.sac.Learner;
import io.sac4j.sac.StepStats;

import java.util.Arrays;

/**
 * Running means of (critic loss, actor loss, alpha, entropy, temperature loss, mean importance weight)
 * over the gradient steps between two metrics rows. A checkpoint stores the sums ({@code loop.window})
 * and the count; a window of the first {@link #SUMS_WITHOUT_TEMPERATURE_LOSS} sums (recorded before the
 * temperature loss was) restores with the later sums at NaN, one of {@link #SUMS_WITHOUT_IMPORTANCE_WEIGHT}
 * (before prioritized replay) with the importance weight's at NaN.
 */
final class MetricsWindow {
    static final int SUMS_WITHOUT_TEMPERATURE_LOSS = 4;
    static final int SUMS_WITHOUT_IMPORTANCE_WEIGHT = 5;
    private final double[] sums = new double[6];
    private long count;

    /**
     * Adds the learner's last gradient step and the mean importance weight of its batch (NaN for uniform
     * replay, which has none to report). Modifies this window.
     */
    void add(Learner l, double meanImportanceWeight) {
        StepStats s = l.lastStep();
        sums[0] += s.criticLoss();
        sums[1] += s.actorLoss();
        sums[2] += s.alpha();
        sums[3] += s.entropy();
        sums[4] += s.temperatureLoss();
        sums[5] += meanImportanceWeight;
        count++;
    }

    /** A copy of the sums. */
    double[] sums() {
        return sums.clone();
    }

    long count() {
        return count;
    }

    /** Restores saved sums (all six, or the first five or four) and count; false, changing nothing, for another shape. */
    boolean restore(double[] saved, long savedCount) {
        if ((saved.length != sums.length && saved.length != SUMS_WITHOUT_TEMPERATURE_LOSS
                && saved.length != SUMS_WITHOUT_IMPORTANCE_WEIGHT) || savedCount < 0) {
            return false;
        }
        Arrays.fill(sums, Double.NaN);
        System.arraycopy(saved, 0, sums, 0, saved.length);
        count = savedCount;
        return true;
    }

    double mean(int i) {
        return count == 0 ? Double.NaN : sums[i] / count;
    }

    /**
     * A metrics row at step {@code step} from this window, an evaluation and the replay's largest priority
     * now (NaN for uniform replay); then empties the window.
     */
    EvalRecord takeRecord(long step, double wallSeconds, EvalResult e, double lastEpisodeReturn, double maxPriority) {
        EvalRecord r = EvalRecord.builder().step(step).wallSeconds(wallSeconds).evalMeanReturn(e.meanReturn())
                .evalStdReturn(e.stdReturn()).trainEpisodeReturn(lastEpisodeReturn).criticLoss(mean(0))
                .actorLoss(mean(1)).alpha(mean(2)).entropy(mean(3)).temperatureLoss(mean(4))
                .meanImportanceWeight(mean(5)).maxPriority(maxPriority).build();
        Arrays.fill(sums, 0);
        count = 0;
        return r;
    }
}
