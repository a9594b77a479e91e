/**
 * Gymnasium's Box2D environments on JBox2D ({@code org.jbox2d:jbox2d-library:2.2.1.1}):
 * {@link io.sac4j.box2d.LunarLanderContinuous} ({@code LunarLanderContinuous-v3}) and
 * {@link io.sac4j.box2d.BipedalWalker} ({@code BipedalWalker-v3}, {@code BipedalWalkerHardcore-v3}),
 * with Gymnasium's constants, rewards, terminations and observation scaling
 * ({@code gymnasium/envs/box2d/lunar_lander.py}, {@code bipedal_walker.py}).
 * {@link io.sac4j.box2d.Box2dEnvs#registerAll()} adds them to the registry with Gymnasium's time
 * limits. Randomness (terrain, initial forces, engine dispersion) comes only from the
 * {@link io.sac4j.random.Rng} seeded by {@code reset(seed)}. Exact parity with pybox2d is not
 * possible (another Box2D version, another generator); the module's README lists each difference.
 *
 * <p>Imports: {@code io.sac4j.env}, {@code io.sac4j.random}, {@code org.jbox2d.*}, {@code java.*}.
 */
package io.sac4j.box2d;
