package io.sac4j.cli;

import io.sac4j.sac.ReplaySampling;
import io.sac4j.sac.SacConfig;

import java.math.BigDecimal;
import java.util.ListResourceBundle;
import java.util.stream.Collectors;

/**
 * {@link SacConfig#DEFAULTS} as text for the help of {@code sac4j train}: the bundle of TrainCommand, so
 * that a description says {@code (default ${bundle:default.gamma})} and the default is written once, in
 * SacConfig (an annotation takes constants only, and a {@code defaultValue} would hide the preset).
 * The keys start with {@code default.} so that picocli never takes one for an option's description.
 */
public final class SacDefaults extends ListResourceBundle {
    @Override
    protected Object[][] getContents() {
        SacConfig d = SacConfig.DEFAULTS;
        return new Object[][] {
            {"default.lr", text(d.actorLr())},
            {"default.batch-size", String.valueOf(d.batchSize())},
            {"default.buffer-size", String.valueOf(d.bufferSize())},
            {"default.gamma", text(d.gamma())},
            {"default.tau", text(d.tau())},
            {"default.learning-starts", String.valueOf(d.learningStarts())},
            {"default.warmup-action-repeat", String.valueOf(d.warmupActionRepeat())},
            {"default.train-freq", String.valueOf(d.trainFreq())},
            {"default.gradient-steps", String.valueOf(d.gradientSteps())},
            {"default.hidden", d.hiddenSizes().stream().map(String::valueOf).collect(Collectors.joining(","))},
            {"default.init-alpha", String.valueOf(d.temperature().initialAlpha())},
            {"default.target-entropy-ratio", text(d.discreteTargetEntropyRatio())},
            {"default.n-step", String.valueOf(d.nStep())},
            {"default.per-alpha", text(ReplaySampling.PRIORITIZED_DEFAULTS.alpha())},
            {"default.per-beta0", text(ReplaySampling.PRIORITIZED_DEFAULTS.beta0())},
            {"default.per-eps", text(ReplaySampling.PRIORITIZED_DEFAULTS.eps())},
        };
    }

    /** A default as people write it: 0.99, 0.005, 1.0, and below 1e-3 in exponent form (3e-4). */
    static String text(double v) {
        if (v == Math.rint(v) || Math.abs(v) >= 1e-3) {
            return v == Math.rint(v) ? String.valueOf(v) : new BigDecimal(Double.toString(v)).toPlainString();
        }
        BigDecimal b = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = b.precision() - b.scale() - 1;
        return b.movePointRight(-exponent).toPlainString() + "e" + exponent;
    }
}
