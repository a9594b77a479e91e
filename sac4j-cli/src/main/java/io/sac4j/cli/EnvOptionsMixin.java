package io.sac4j.cli;

import io.sac4j.env.EnvOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The options of a provider's environment id ({@code gym:ID}), shared by train and env replay. */
final class EnvOptionsMixin {
    @Option(names = "--env-kwargs", paramLabel = "KEY=VALUE",
            description = "A keyword argument of a gym: environment (gym.make(ID, KEY=VALUE)); repeat for more. VALUE is"
                    + " a JSON scalar: true, false, null, a number, a \"string\" (or a bare word).")
    List<String> kwargs = new ArrayList<>();

    @Option(names = "--python", paramLabel = "PATH",
            description = "The Python interpreter (with gymnasium) that serves a gym: environment (default: $SAC4J_PYTHON,"
                    + " else a virtual environment sac4j creates on first use in ~/.cache/sac4j).")
    Path python;

    @Option(names = "--env-server", paramLabel = "HOST:PORT",
            description = "Use the environment server already listening there (python -m sac4j_gym.server ...)"
                    + " instead of starting one.")
    String envServer;

    /** The options as {@link EnvOptions}; refuses a kwarg that does not parse, naming it. */
    EnvOptions options() {
        EnvOptions o = EnvOptions.NONE;
        for (String k : kwargs) {
            Map.Entry<String, Object> e = EnvOptions.parseKwarg(k);
            o = o.withKwarg(e.getKey(), e.getValue());
        }
        if (python != null) {
            o = o.withPython(python);
        }
        if (envServer != null) {
            o = o.withServer(envServer);
        }
        return o;
    }
}
