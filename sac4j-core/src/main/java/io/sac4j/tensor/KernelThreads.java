package io.sac4j.tensor;

/**
 * Where a learner's numerical work runs: a {@link GemmKernel} and a number of threads that large
 * products and elementwise passes are split over. An explicit object: whoever trains creates one,
 * gives it to the learner (and to the tapes and optimisers the learner builds), and closes it when
 * done; nothing about threads is process-wide, so two learners in one JVM may use different counts.
 *
 * <p>Threads split a product by output rows, and a {@link Task} into parts whose outputs do not
 * depend on the split. Each element is computed by one thread with the same instruction sequence
 * whatever the split, so results are bit-identical for any thread count.
 *
 * <p>{@link #single()} is the shared one-thread instance on the default kernel ({@link Kernels#active()}):
 * it owns no threads and closing it does nothing. After {@link #close()} a multi-thread instance runs
 * everything on the calling thread: the same bits, one thread's speed.
 */
public final class KernelThreads implements AutoCloseable {
    /** Products with fewer multiply-adds than this run on the calling thread alone. */
    static final long PARALLEL_MIN_MACS = 1L << 17;

    private static final KernelThreads SINGLE = new KernelThreads(1, Kernels.active());

    private final int threads;
    private final GemmKernel kernel;
    private final boolean vectorized;
    /** Null for one thread, and once closed. */
    private volatile WorkerPool pool;

    private KernelThreads(int threads, GemmKernel kernel) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must not be null");
        }
        this.threads = threads;
        this.kernel = kernel;
        this.vectorized = kernel == Kernels.VECTOR;
        this.pool = threads > 1 ? new WorkerPool(threads) : null;
    }

    /** The shared one-thread instance on the default kernel. */
    public static KernelThreads single() {
        return SINGLE;
    }

    /**
     * {@code threads} threads (the caller's and {@code threads - 1} workers that spin briefly between
     * tasks, then park) on the default kernel. Close it to stop the workers.
     *
     * @throws IllegalArgumentException when {@code threads < 1}
     */
    public static KernelThreads create(int threads) {
        return create(threads, Kernels.active());
    }

    /** {@code threads} threads on {@code kernel} (tests and benchmarks compare the kernels). */
    public static KernelThreads create(int threads, GemmKernel kernel) {
        return threads == 1 && kernel == Kernels.active() ? SINGLE : new KernelThreads(threads, kernel);
    }

    /** The number of threads work is split over (as created; a closed instance uses one). */
    public int threads() {
        return threads;
    }

    /** The kernel every product run here uses. */
    public GemmKernel kernel() {
        return kernel;
    }

    /** Whether the elementwise passes take their Vector API forms (the vector kernel is this object's). */
    boolean vectorized() {
        return vectorized;
    }

    /** Stops the worker threads; later work runs on the calling thread. Idempotent. */
    @Override
    public synchronized void close() {
        WorkerPool p = pool;
        if (p != null) {
            pool = null;
            p.shutdown();
        }
    }

    /**
     * How the threads have been used: tasks (products and parallel sections) shared with the workers
     * and their time, the part of it the caller spent waiting for a worker, and tasks run on the
     * caller alone because the workers lagged (see {@link #parallel}). All zero for one thread.
     */
    public record Stats(long tasksShared, long tasksAlone, double sharedSeconds, double waitSeconds) {
    }

    /** The counts so far (see {@link Stats}). */
    public Stats stats() {
        WorkerPool p = pool;
        if (p == null) {
            return new Stats(0, 0, 0, 0);
        }
        long[] s = p.stats();
        return new Stats(s[0], s[1], s[2] / 1e9, s[3] / 1e9);
    }

    @Override
    public String toString() {
        return "KernelThreads[" + threads + " x " + kernel.name() + "]";
    }

    /**
     * Runs {@code kernel.gemm} over rows {@code [0, m)}, split over the threads when large.
     * Products issued from several threads at once take turns on the pool (its run is synchronized);
     * a product issued from inside a part of a {@link #parallel} task runs on that part's thread.
     */
    void gemm(int m, int n, int k, float[] a, int ars, int acs, float[] b, float[] c, boolean acc, float[] bias,
              boolean relu) {
        WorkerPool p = pool;
        if (p == null || (long) m * n * k < PARALLEL_MIN_MACS || m < 8 * p.threads() || p.insideTask() || p.alone()) {
            kernel.gemm(0, m, n, k, a, ars, acs, b, c, acc, bias, relu);
            return;
        }
        int t = p.threads();
        // Contiguous row chunks, multiples of 12 so the 6-row and 4-row tiles cover them.
        int chunk = ((m + t - 1) / t + 11) / 12 * 12;
        p.runGemm(kernel, m, n, k, a, ars, acs, b, c, acc, bias, relu, chunk);
    }

    /** Work split into parts that may run on different threads. */
    @FunctionalInterface
    public interface Task {
        /**
         * Runs part {@code part} of {@code parts}. Parts must write disjoint outputs, and each output
         * must come out the same however the work is cut into parts, so that results do not depend
         * on the thread count.
         */
        void run(int part, int parts);
    }

    /**
     * Runs {@code task} split over the threads, part 0 on this thread, and returns when every part
     * is done. With one thread, or when called from inside a part of another task, this thread runs
     * it alone as one part; products issued from inside a part run on that part's thread. Keep the
     * task object and reuse it: this allocates nothing.
     *
     * <p>When the workers lag (waiting for a core that another process keeps busy, so that the caller
     * waits on them for two fifths of the time of the tasks it shares), tasks run on the caller alone for
     * a while (0.1 s, doubling while the lag lasts, at most 5 s) before the workers are tried again:
     * on a loaded machine more threads are then not slower than one. The results are the same either
     * way.
     */
    public void parallel(Task task) {
        WorkerPool p = pool;
        if (p == null || p.insideTask() || p.alone()) {
            task.run(0, 1);
        } else {
            p.run(task);
        }
    }
}
