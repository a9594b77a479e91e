package io.sac4j.env;

import io.sac4j.env.classic.Acrobot;
import io.sac4j.env.classic.CartPole;
import io.sac4j.env.classic.MountainCarContinuous;
import io.sac4j.env.classic.Pendulum;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The registry of environments by id, with Gymnasium's registered wrappers applied (the time limit).
 * Users may {@link #register} their own; ids with a prefix ({@code gym:HalfCheetah-v5}) come from an
 * {@link EnvProvider} ({@link #open}).
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

    /**
     * A new instance of the environment registered as {@code id}, or of a provider's id
     * ({@code gym:Hopper-v5}, see {@link #make(String, EnvOptions)}) with no options.
     */
    public static Env make(String id) {
        if (id.indexOf(':') >= 0) {
            return make(id, EnvOptions.NONE);
        }
        return makeRegistered(id);
    }

    private static synchronized Env makeRegistered(String id) {
        Supplier<Env> f = REGISTRY.get(id);
        if (f == null) {
            throw new IllegalArgumentException("unknown environment id '" + id + "'; known ids: "
                    + String.join(", ", REGISTRY.keySet()));
        }
        return f.get();
    }

    /**
     * Opens {@code id}: a built-in id (no options allowed) or {@code prefix:name} of a provider found
     * with {@link ServiceLoader} ({@link EnvProvider}), e.g. {@code gym:HalfCheetah-v5} with sac4j-gym on
     * the class path. The caller closes the source.
     *
     * @throws IllegalArgumentException for an unknown id or prefix (naming the known ones), or options
     *                                  given to a built-in id
     */
    public static EnvSource open(String id, EnvOptions options) {
        int colon = id.indexOf(':');
        if (colon < 0) {
            if (!options.isEmpty()) {
                throw new IllegalArgumentException(id + " is a built-in environment: env kwargs, a Python interpreter"
                        + " and an env server apply to provider ids such as gym:" + id);
            }
            make(id); // fails here, with the known ids
            return EnvSource.local(id, () -> make(id));
        }
        String prefix = id.substring(0, colon);
        List<String> known = new ArrayList<>();
        for (EnvProvider p : ServiceLoader.load(EnvProvider.class, Envs.class.getClassLoader())) {
            if (p.prefix().equals(prefix)) {
                return p.open(id.substring(colon + 1), options);
            }
            known.add(p.prefix() + ":");
        }
        throw new IllegalArgumentException("unknown environment prefix '" + prefix + ":' in " + id + "; "
                + (known.isEmpty() ? "no provider on the class path (gym: needs the sac4j-gym jar)"
                : "known prefixes: " + String.join(", ", known)));
    }

    /**
     * One copy of {@code id} (see {@link #open}); closing it also closes what it needed (a server
     * process). For a built-in id with no options, the same as {@link #make(String)}.
     */
    public static Env make(String id, EnvOptions options) {
        if (id.indexOf(':') < 0 && options.isEmpty()) {
            return make(id);
        }
        EnvSource source = open(id, options);
        try {
            return new Owning(source.make(), source);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /**
     * {@code n} copies of {@code id} stepped together (see {@link #open}); closing the vector also
     * closes what it needed. Built-in ids give {@link VectorEnv#sequential} copies.
     */
    public static VectorEnv makeVector(String id, int n, EnvOptions options) {
        EnvSource source = open(id, options);
        VectorEnv v;
        try {
            v = source.makeVector(n);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        return new VectorWrapper(v) {
            @Override
            public void close() {
                try {
                    inner.close();
                } finally {
                    source.close();
                }
            }
        };
    }

    /** A copy that closes its source after itself. */
    private static final class Owning extends Wrapper {
        private final EnvSource source;

        Owning(Env env, EnvSource source) {
            super(env);
            this.source = source;
        }

        @Override
        public void close() {
            try {
                super.close();
            } finally {
                source.close();
            }
        }
    }

    /** The registered ids, sorted. */
    public static synchronized java.util.List<String> ids() {
        return java.util.List.copyOf(REGISTRY.keySet());
    }
}
