/**
 * Environments with Gymnasium's semantics: {@link io.sac4j.env.Env#reset(long)},
 * {@link io.sac4j.env.Env#step(float[])} returning a {@link io.sac4j.env.Step} whose
 * {@code terminated} (a terminal state: stop bootstrapping) and {@code truncated} (a time limit or
 * other cut-off: the episode ends but the state is not terminal) never merge. Spaces
 * ({@link io.sac4j.env.Box}, {@link io.sac4j.env.Discrete}), wrappers
 * ({@link io.sac4j.env.TimeLimit}, {@link io.sac4j.env.RescaleAction}), vectors of copies
 * ({@link io.sac4j.env.VectorEnv}, {@link io.sac4j.env.LocalVectorEnv},
 * {@link io.sac4j.env.RescaleVectorAction}), environments that can be saved and restored exactly
 * ({@link io.sac4j.env.RestorableEnv} into an {@link io.sac4j.env.EnvSnapshot} of named arrays, which
 * whoever keeps it, a checkpoint, stores without this package knowing it), the registry
 * {@link io.sac4j.env.Envs} (with {@link io.sac4j.env.EnvProvider}s, found by {@link java.util.ServiceLoader},
 * for ids with a prefix such as {@code gym:}, opened as an {@link io.sac4j.env.EnvSource} with
 * {@link io.sac4j.env.EnvOptions}), and the classic-control environments.
 *
 * <p>Imports: {@code io.sac4j.random}, {@code java.*}.
 */
package io.sac4j.env;
