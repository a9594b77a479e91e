package io.sac4j.env;

/**
 * A source of environments outside the built-in registry, chosen by the prefix of an id:
 * {@code Envs.open("gym:HalfCheetah-v5", options)} asks the provider whose {@link #prefix} is
 * {@code "gym"} for {@code HalfCheetah-v5}. Providers are found with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/io.sac4j.env.EnvProvider} file in the provider's jar), so sac4j-core
 * knows none of them and gains no dependency; {@code sac4j-gym} registers {@code gym:}.
 *
 * <p>A provider opens an {@link EnvSource} rather than single environments because its copies often
 * share something costly (a server process, a connection): a trainer's training copies and its
 * evaluation copy come from one source.
 */
public interface EnvProvider {
    /** The id prefix this provider serves, without the colon, e.g. {@code "gym"}: letters, digits, '-' and '_'. */
    String prefix();

    /**
     * Opens environment {@code id} (the part after {@code prefix:}).
     *
     * @throws IllegalArgumentException when the id is unknown or the options do not apply, with a
     *                                  one-line message naming the problem
     */
    EnvSource open(String id, EnvOptions options);
}
