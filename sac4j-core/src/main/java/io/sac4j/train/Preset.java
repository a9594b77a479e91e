package io.sac4j.train;

import io.sac4j.sac.SacConfig;

import java.util.List;

/**
 * Tuned defaults for one environment: the number of steps and the SAC hyperparameters.
 *
 * @param source     where the numbers come from
 * @param deviations what the source sets that sac4j does not do (a feature it lacks, a schedule it has
 *                   no form for), one entry each, so that a preset never drops a setting silently; empty
 *                   when the preset is the source's in full
 */
public record Preset(String envId, long totalSteps, SacConfig sac, String source, List<String> deviations) {
    public Preset {
        deviations = List.copyOf(deviations);
    }
}
