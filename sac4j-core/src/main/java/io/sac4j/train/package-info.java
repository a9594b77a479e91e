/**
 * The training loop and what it reports. {@link io.sac4j.train.OffPolicyLoop} (built with
 * {@link io.sac4j.train.OffPolicyLoop#builder}) runs the algorithm from its parts: collecting
 * ({@code Collector}: act, guard, step, store), the updates and the generators of one run
 * ({@code Training}), evaluating ({@link io.sac4j.train.Evaluator}, which also gives the agent's view
 * of an environment: continuous actions in {@code [-1, 1]}), and the run's checkpoint
 * ({@code RunCheckpoint}: the loop's state as named entries, {@code LoopState}; each
 * {@link io.sac4j.env.RestorableEnv} copy's state through {@code EnvCheckpoint}; the configuration
 * field by field through {@link io.sac4j.train.SacConfigCodec}; the run directory's appended files,
 * {@link io.sac4j.train.RecordedFiles}; a checkpoint that cannot continue the run is refused with a
 * {@link io.sac4j.train.ResumeException}). Training runs on one environment or on
 * {@link io.sac4j.train.RunConfig#nEnvs()} copies stepped as a {@link io.sac4j.env.VectorEnv}, built
 * from a factory or given (a remote vector). Also {@link io.sac4j.train.RunConfig},
 * {@link io.sac4j.train.Presets} (tuned defaults per environment), {@link io.sac4j.train.TrainListener}
 * callbacks and the sinks {@link io.sac4j.train.MetricsCsv}, {@link io.sac4j.train.MetricsJsonl} and
 * {@link io.sac4j.train.TensorBoardListener} (TensorBoard event files written by
 * {@link io.sac4j.train.TensorBoardWriter}, no dependency), and the guards that stop training
 * ({@link io.sac4j.train.TrainingException}). Logs a few run events through the SLF4J API, silent
 * without a provider ({@code LibraryLog}).
 *
 * <p>Imports: every package of sac4j-core above it, {@code java.*}, {@code org.slf4j} (the only package
 * outside the JDK that sac4j-core uses).
 */
package io.sac4j.train;
