/**
 * Row-major float32 matrices and the kernels that work on them.
 *
 * <p>Owns {@link io.sac4j.tensor.Matrix}, the matrix products in the three forms a backward pass
 * needs ({@link io.sac4j.tensor.Gemm}: {@code C = A B}, {@code C = A^T B}, {@code C = A B^T}),
 * elementwise maps and row/column reductions ({@link io.sac4j.tensor.Ops}). Every kernel writes
 * into an explicit output; none allocates on its hot path. Where the work runs, on which
 * {@link io.sac4j.tensor.GemmKernel} and how many threads, is an object the caller holds and passes
 * ({@link io.sac4j.tensor.KernelThreads}); nothing about threads is process-wide.
 *
 * <p>Imports: {@code java.*} and {@code jdk.incubator.vector} only (the latter from one class,
 * loaded only when the module is present).
 */
package io.sac4j.tensor;
