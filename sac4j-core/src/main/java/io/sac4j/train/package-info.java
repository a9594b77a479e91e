/**
 * The training loop and what it reports: {@link io.sac4j.train.OffPolicyLoop} (collect, store,
 * sample, update, evaluate; on one environment or on {@link io.sac4j.train.RunConfig#nEnvs()} copies
 * stepped as a {@link io.sac4j.env.VectorEnv}), {@link io.sac4j.train.RunConfig}, {@link io.sac4j.train.Presets} (tuned
 * defaults per environment), {@link io.sac4j.train.TrainListener} callbacks and the
 * sinks {@link io.sac4j.train.MetricsCsv}, {@link io.sac4j.train.MetricsJsonl} and
 * {@link io.sac4j.train.TensorBoardListener} (TensorBoard event files written by
 * {@link io.sac4j.train.TensorBoardWriter}, no dependency); checkpoints of a run and exact resume
 * ({@link io.sac4j.train.Checkpointing}, the loop's position and the environment's state in a
 * {@code io.sac4j.checkpoint} file), and the guards that stop training
 * ({@link io.sac4j.train.TrainingException}). Logs a few run events through the SLF4J API, silent
 * without a provider ({@code LibraryLog}).
 *
 * <p>Imports: every package of sac4j-core above it, {@code java.*}, {@code org.slf4j} (the only package
 * outside the JDK that sac4j-core uses).
 */
package io.sac4j.train;
