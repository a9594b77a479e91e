package io.sac4j.box2d;

import io.sac4j.env.Envs;
import io.sac4j.env.TimeLimit;

/** Registers the Box2D environments with {@link Envs}, wrapped in Gymnasium's registered time limits. */
public final class Box2dEnvs {
    private Box2dEnvs() {
    }

    /**
     * Registers {@code LunarLanderContinuous-v3} (1000 steps), {@code BipedalWalker-v3} (1600) and
     * {@code BipedalWalkerHardcore-v3} (2000). Idempotent: calling it again replaces the factories.
     */
    public static void registerAll() {
        Envs.register(LunarLanderContinuous.ID,
                () -> new TimeLimit(new LunarLanderContinuous(), LunarLanderContinuous.MAX_EPISODE_STEPS));
        Envs.register(BipedalWalker.ID,
                () -> new TimeLimit(new BipedalWalker(false), BipedalWalker.MAX_EPISODE_STEPS));
        Envs.register(BipedalWalker.HARDCORE_ID,
                () -> new TimeLimit(new BipedalWalker(true), BipedalWalker.HARDCORE_MAX_EPISODE_STEPS));
    }
}
