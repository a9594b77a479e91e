package io.sac4j.tensor;

/**
 * Process-wide kernel settings: which {@link GemmKernel} runs, and on how many threads.
 *
 * <p>The kernel is chosen once at start-up: the Vector API kernel when {@code jdk.incubator.vector}
 * is in the boot layer, else plain Java. The system property {@code sac4j.kernels=java|vector}
 * overrides the choice.
 *
 * <p>Threads split a product by output rows. Each element is computed by one thread with the same
 * instruction sequence whatever the split, so results are bit-identical for any thread count.
 */
public final class Kernels {
    static final GemmKernel VECTOR = loadVector();

    /** Products with fewer multiply-adds than this run on the calling thread alone. */
    static final long PARALLEL_MIN_MACS = 1L << 17;

    private static volatile GemmKernel active = chooseDefault();
    private static volatile int threads = 1;
    private static volatile WorkerPool pool;

    private Kernels() {
    }

    private static GemmKernel loadVector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (GemmKernel) Class.forName("io.sac4j.tensor.VectorGemmKernel")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static GemmKernel chooseDefault() {
        String want = System.getProperty("sac4j.kernels", "auto");
        switch (want) {
            case "java":
                return JavaGemmKernel.INSTANCE;
            case "vector":
                if (VECTOR == null) {
                    throw new IllegalStateException(
                            "sac4j.kernels=vector but jdk.incubator.vector is not available; start the JVM with"
                                    + " --add-modules jdk.incubator.vector");
                }
                return VECTOR;
            case "auto":
                return VECTOR != null ? VECTOR : JavaGemmKernel.INSTANCE;
            default:
                throw new IllegalStateException("sac4j.kernels must be java, vector or auto, got '" + want + "'");
        }
    }

    /** The kernel every {@link Gemm} call uses. */
    public static GemmKernel active() {
        return active;
    }

    /** Replaces the active kernel (tests and benchmarks compare the two). */
    public static void useKernel(GemmKernel kernel) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must not be null");
        }
        active = kernel;
    }

    /** The number of threads large products are split over. */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads (1 or more) that large products are split over. Results do not
     * depend on it; only speed does.
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        if (n == threads) {
            return;
        }
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
        if (n > 1) {
            pool = new WorkerPool(n);
        }
        threads = n;
    }

    /**
     * Runs {@code kernel.gemm} over rows {@code [0, m)}, split over the configured threads when large.
     * Products issued from several threads at once take turns on the pool (its run is synchronized).
     */
    static void run(GemmKernel kernel, int m, int n, int k, float[] a, int ars, int acs, float[] b, float[] c,
                    boolean acc, float[] bias, boolean relu) {
        WorkerPool p = pool;
        if (p == null || (long) m * n * k < PARALLEL_MIN_MACS || m < 8 * p.threads() || p.insideTask()) {
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
     * Runs {@code task} split over the configured threads, part 0 on this thread, and returns when
     * every part is done. With one thread, or when called from inside a part of another task, this
     * thread runs it alone as one part; products issued from inside a part run on that part's
     * thread. Keep the task object and reuse it: this allocates nothing.
     */
    public static void parallel(Task task) {
        WorkerPool p = pool;
        if (p == null || p.insideTask()) {
            task.run(0, 1);
        } else {
            p.run(task);
        }
    }
}
