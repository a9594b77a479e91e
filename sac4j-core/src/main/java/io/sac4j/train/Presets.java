package io.sac4j.train;

import io.sac4j.env.classic.MountainCarContinuous;
import io.sac4j.env.classic.Pendulum;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Temperature;

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
        if (MountainCarContinuous.ID.equals(envId)) {
            // rl-zoo hyperparams/sac.yml, MountainCarContinuous-v0, without gSDE (not built): 50k steps,
            // fixed alpha 0.1, gamma 0.9999, 32 gradient steps every 32 steps, 64x64, tau 0.01,
            // batch 512, buffer 50k, learning starts 0.
            return new Preset(envId, 50_000, SacConfig.builder().temperature(Temperature.fixed(0.1)).gamma(0.9999)
                    .trainFreq(32).gradientSteps(32).hiddenSizes(64, 64).tau(0.01).batchSize(512).bufferSize(50_000)
                    .learningStarts(0).build(),
                    "rl-baselines3-zoo sac.yml without gSDE (n_timesteps 5e4, ent_coef 0.1, gamma 0.9999, train_freq 32,"
                            + " gradient_steps 32, net_arch 64x64, tau 0.01, batch 512, buffer 5e4, learning_starts 0)");
        }
        return new Preset(envId, DEFAULT_STEPS, SacConfig.DEFAULTS, "SAC defaults");
    }
}
