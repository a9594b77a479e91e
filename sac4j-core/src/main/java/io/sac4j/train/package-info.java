/**
 * The training loop and what it reports: {@link io.sac4j.train.OffPolicyLoop} (collect, store,
 * sample, update, evaluate), {@link io.sac4j.train.RunConfig}, {@link io.sac4j.train.Presets} (tuned
 * defaults per environment), {@link io.sac4j.train.TrainListener} callbacks and the
 * {@link io.sac4j.train.MetricsCsv} sink.
 *
 * <p>Imports: every package of sac4j-core above it, {@code java.*}.
 */
package io.sac4j.train;
