package io.sac4j.train;

import io.sac4j.env.classic.Pendulum;
import io.sac4j.sac.SacConfig;

/** Tuned defaults per environment, from rl-baselines3-zoo's SAC hyperparameters. */
public final class Presets {
    /** Steps for an environment without a preset. */
    public static final long DEFAULT_STEPS = 100_000;

    private Presets() {
    }

    /** The preset for {@code envId}, or the plain SAC defaults with {@link #DEFAULT_STEPS}. */
    public static Preset forEnv(String envId) {
        if (Pendulum.ID.equals(envId)) {
            // rl-zoo hyperparams/sac.yml, Pendulum-v1: n_timesteps 2e4, learning_rate 1e-3, rest default.
            return new Preset(envId, 20_000, SacConfig.builder().learningRate(1e-3).build(),
                    "rl-baselines3-zoo sac.yml (n_timesteps 2e4, learning_rate 1e-3)");
        }
        return new Preset(envId, DEFAULT_STEPS, SacConfig.DEFAULTS, "SAC defaults");
    }
}
