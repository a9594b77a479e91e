package io.sac4j.bench;

import io.sac4j.tensor.GemmKernel;
import io.sac4j.tensor.KernelThreads;

/** Settings shared by the benchmarks. */
final class Bench {
    private Bench() {
    }

    /** The kernel named ("vector" or "java") on {@code threads} threads; the benchmark closes it in its tear-down. */
    static KernelThreads threads(String kernel, int threads) {
        GemmKernel k = switch (kernel) {
            case "java" -> GemmKernel.java();
            case "vector" -> GemmKernel.vector();
            default -> throw new IllegalArgumentException("kernel must be java or vector, got " + kernel);
        };
        if (k == null) {
            throw new IllegalStateException("the vector kernel needs --add-modules jdk.incubator.vector");
        }
        return KernelThreads.create(threads, k);
    }
}
