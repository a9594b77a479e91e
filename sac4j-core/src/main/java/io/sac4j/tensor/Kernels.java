package io.sac4j.tensor;

/**
 * The default {@link GemmKernel}. Threads are not here: a learner is given a {@link KernelThreads}.
 *
 * <p>The kernel is chosen once at start-up: the Vector API kernel when {@code jdk.incubator.vector}
 * is in the boot layer, else plain Java. The system property {@code sac4j.kernels=java|vector}
 * overrides the choice.
 */
public final class Kernels {
    static final GemmKernel VECTOR = loadVector();

    private static final GemmKernel ACTIVE = chooseDefault();

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

    /**
     * The default kernel, chosen once at start-up; {@link KernelThreads#create(int)} and
     * {@link KernelThreads#single()} use it.
     */
    public static GemmKernel active() {
        return ACTIVE;
    }
}
