package io.sac4j.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool's fallback to the caller alone when its workers lag (a loaded machine). */
class WorkerPoolTest {
    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aLaggingWorkerSendsTheTasksToTheCallerAloneAndTheResultsStayTheSame() {
        try (KernelThreads two = KernelThreads.create(2)) {
            Thread caller = Thread.currentThread();
            // The caller's part takes 0.1 ms, so the spinning worker claims its own part first; the worker's
            // part then takes 2 ms, as if the worker had lost its core mid-part: the caller waits ~95% of the time.
            KernelThreads.Task lagging = (part, parts) -> spin(Thread.currentThread() == caller ? 100_000 : 2_000_000);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (two.stats().tasksAlone() == 0 && System.nanoTime() < deadline) {
                two.parallel(lagging);
            }
            KernelThreads.Stats s = two.stats();
            assertTrue(s.tasksAlone() > 0 && s.tasksShared() > 0 && s.waitSeconds() > 0, s.toString());
            // Within the span alone a task is one part on the caller, and a product runs whole on it.
            int[] seen = new int[2];
            two.parallel((part, parts) -> {
                seen[0] = parts;
                seen[1] += Thread.currentThread() == caller ? 1 : 100;
            });
            assertEquals(1, seen[0]);
            assertEquals(1, seen[1]);
            assertTrue(two.stats().tasksAlone() >= 2, two.stats().toString());
            io.sac4j.random.Rng rng = new io.sac4j.random.Rng(3);
            Matrix a = GemmTest.random(200, 256, rng), b = GemmTest.random(256, 64, rng);
            Matrix c1 = new Matrix(200, 64), c2 = new Matrix(200, 64);
            Gemm.mult(two, a, b, c1, false);
            Gemm.mult(KernelThreads.single(), a, b, c2, false);
            org.junit.jupiter.api.Assertions.assertArrayEquals(c2.data, c1.data);
        }
    }

    @Test
    void oneThreadHasNoStats() {
        assertEquals(new KernelThreads.Stats(0, 0, 0, 0), KernelThreads.single().stats());
    }
}
