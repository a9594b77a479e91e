/**
 * Gymnasium's classic-control environments, each exactly as Gymnasium defines it (constants, order
 * of the updates, clipping, termination; where Gymnasium keeps its state in float32, so does the
 * port): {@link io.sac4j.env.classic.Pendulum}, {@link io.sac4j.env.classic.MountainCarContinuous},
 * {@link io.sac4j.env.classic.CartPole}, {@link io.sac4j.env.classic.Acrobot}. Each exposes its
 * internal state ({@link io.sac4j.env.classic.ClassicControl}) so a run can be replayed from a known
 * state. The registry ({@link io.sac4j.env.Envs}) wraps them in Gymnasium's time limits.
 */
package io.sac4j.env.classic;
