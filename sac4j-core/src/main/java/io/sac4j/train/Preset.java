package io.sac4j.train;

import io.sac4j.sac.SacConfig;

/**
 * Tuned defaults for one environment: the number of steps and the SAC hyperparameters.
 *
 * @param source where the numbers come from
 */
public record Preset(String envId, long totalSteps, SacConfig sac, String source) {
}
