package io.sac4j.gym;

import io.sac4j.env.Env;
import io.sac4j.env.EnvOptions;
import io.sac4j.env.EnvProvider;
import io.sac4j.env.EnvSource;
import io.sac4j.env.VectorEnv;

/**
 * The {@code gym:} ids ({@code Envs.open("gym:HalfCheetah-v5", options)}): each source is one
 * environment server, launched as a child process, or the one at {@link EnvOptions#server()}. The
 * source's copies are sessions of that server. Registered in
 * {@code META-INF/services/io.sac4j.env.EnvProvider}.
 */
public final class GymEnvProvider implements EnvProvider {
    @Override
    public String prefix() {
        return "gym";
    }

    @Override
    public EnvSource open(String id, EnvOptions options) {
        if (id.isBlank()) {
            throw new IllegalArgumentException("gym: needs a Gymnasium id after it, e.g. gym:HalfCheetah-v5");
        }
        GymServer server;
        if (options.server().isPresent()) {
            if (!options.kwargs().isEmpty() || options.python().isPresent()) {
                throw new IllegalArgumentException("gym:" + id + ": env kwargs and --python configure a server sac4j"
                        + " starts; a server at " + options.server().get() + " was started with its own");
            }
            server = GymServer.connect(id, options.server().get(), CallTimeouts.DEFAULT);
        } else {
            GymServer.Options o = GymServer.Options.DEFAULT.withKwargsJson(options.kwargsJson());
            if (options.python().isPresent()) {
                o = o.withPython(options.python().get());
            }
            server = GymServer.launch(id, o, System.err);
        }
        return new EnvSource() {
            @Override
            public String id() {
                return server.envName();
            }

            @Override
            public Env make() {
                return server.openEnv("env");
            }

            @Override
            public VectorEnv makeVector(int n) {
                return server.openVector(n, "vector");
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
