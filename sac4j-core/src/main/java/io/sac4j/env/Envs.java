package io.sac4j.env;

import io.sac4j.env.classic.Acrobot;
import io.sac4j.env.classic.CartPole;
import io.sac4j.env.classic.MountainCarContinuous;
import io.sac4j.env.classic.Pendulum;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The registry of environments by id, with Gymnasium's registered wrappers applied (the time limit).
 * Users may {@link #register} their own.
 */
public final class Envs {
    private static final Map<String, Supplier<Env>> REGISTRY = new TreeMap<>();

    static {
        // Gymnasium's registered time limits.
        register(Pendulum.ID, () -> new TimeLimit(new Pendulum(), 200));
        register(MountainCarContinuous.ID, () -> new TimeLimit(new MountainCarContinuous(), 999));
        register(CartPole.ID, () -> new TimeLimit(new CartPole(), 500));
        register(Acrobot.ID, () -> new TimeLimit(new Acrobot(), 500));
    }

    private Envs() {
    }

    /** Registers (or replaces) an environment factory under {@code id}. */
    public static synchronized void register(String id, Supplier<Env> factory) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("environment id must not be blank");
        }
        REGISTRY.put(id, factory);
    }

    /** A new instance of the environment registered as {@code id}. */
    public static synchronized Env make(String id) {
        Supplier<Env> f = REGISTRY.get(id);
        if (f == null) {
            throw new IllegalArgumentException("unknown environment id '" + id + "'; known ids: "
                    + String.join(", ", REGISTRY.keySet()));
        }
        return f.get();
    }

    /** The registered ids, sorted. */
    public static synchronized java.util.List<String> ids() {
        return java.util.List.copyOf(REGISTRY.keySet());
    }
}
