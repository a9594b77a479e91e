/**
 * Gymnasium environments for sac4j over the sac4j environment protocol ({@code proto/sac4j_env.proto},
 * gRPC): {@link io.sac4j.gym.RemoteVectorEnv} (N copies, one call per vector step) and
 * {@link io.sac4j.gym.RemoteEnv} (one copy) as sessions of a {@link io.sac4j.gym.GymServer}, which is
 * the Python server shipped in this jar started as a child process, or a server started by hand;
 * {@link io.sac4j.gym.PythonRuntime} finds or makes the interpreter; {@link io.sac4j.gym.GymEnvProvider}
 * makes the {@code gym:} ids of {@link io.sac4j.env.Envs#open}. The JVM side of serving:
 * {@link io.sac4j.gym.EnvServer} serves a sac4j {@link io.sac4j.env.Env} over the same protocol
 * ({@code sac4j env serve}); {@link io.sac4j.gym.EnvHost} connects to any server started by hand and
 * {@link io.sac4j.gym.EnvHosts} / {@link io.sac4j.gym.MultiHostVectorEnv} step many servers' copies as one
 * vector ({@code sac4j train --env-hosts}).
 *
 * <p>Imports: {@code io.sac4j.env}, {@code io.sac4j.train} (its library log), gRPC and protobuf, {@code java.*}.
 */
package io.sac4j.gym;
