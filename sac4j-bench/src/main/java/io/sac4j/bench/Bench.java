package io.sac4j.bench;

import io.sac4j.tensor.GemmKernel;
import io.sac4j.tensor.Kernels;

/** Settings shared by the benchmarks. */
final class Bench {
    private Bench() {
    }

    /** Selects the kernel by name ("vector" or "java") and the thread count. */
    static void configure(String kernel, int threads) {
        GemmKernel k = switch (kernel) {
            case "java" -> GemmKernel.java();
            case "vector" -> GemmKernel.vector();
            default -> throw new IllegalArgumentException("kernel must be java or vector, got " + kernel);
        };
        if (k == null) {
            throw new IllegalStateException("the vector kernel needs --add-modules jdk.incubator.vector");
        }
        Kernels.useKernel(k);
        Kernels.setThreads(threads);
    }
}
