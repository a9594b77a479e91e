package io.sac4j.tensor;

import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads that run row ranges of one matrix product beside the calling
 * thread. Built for sub-millisecond products: a worker spins briefly on a volatile generation
 * counter before it parks, so a product issued soon after the last one starts without the
 * microseconds of a thread wake-up. The split is fixed by the caller, so results do not depend on
 * timing.
 */
final class WorkerPool {
    /** Spin iterations (about 20-50 microseconds) before an idle worker parks. */
    private static final int SPINS = 1 << 14;

    private final Worker[] workers;
    private volatile long generation;
    // The job, published by the volatile write of 'generation'.
    private GemmKernel kernel;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private int ars;
    private int acs;
    private float[] b;
    private float[] c;
    private boolean acc;
    private int chunk;

    WorkerPool(int threads) {
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].thread.start();
        }
    }

    int threads() {
        return workers.length + 1;
    }

    /** Runs rows {@code [0, m)} split into contiguous chunks of {@code chunk} rows, chunk 0 on this thread. */
    synchronized void run(GemmKernel kernel, int m, int n, int k, float[] a, int ars, int acs, float[] b, float[] c,
                          boolean acc, int chunk) {
        this.kernel = kernel;
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.ars = ars;
        this.acs = acs;
        this.b = b;
        this.c = c;
        this.acc = acc;
        this.chunk = chunk;
        long gen = generation + 1;
        generation = gen;
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w.thread);
            }
        }
        kernel.gemm(0, Math.min(m, chunk), n, k, a, ars, acs, b, c, acc);
        for (Worker w : workers) {
            while (w.done != gen) {
                Thread.onSpinWait();
            }
            Throwable f = w.failure;
            if (f != null) {
                w.failure = null;
                throw new IllegalStateException("kernel thread failed", f);
            }
        }
    }

    /** Stops the workers (they are daemons, so this is optional). */
    void shutdown() {
        for (Worker w : workers) {
            w.stop = true;
            LockSupport.unpark(w.thread);
        }
    }

    private final class Worker implements Runnable {
        final int index;
        final Thread thread;
        volatile boolean parked;
        volatile boolean stop;
        volatile long done;
        volatile Throwable failure;

        Worker(int index) {
            this.index = index;
            this.thread = new Thread(this, "sac4j-kernel-" + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            // Generation 0 is the pool's start: a job published before this thread got here still counts.
            long seen = 0;
            while (!stop) {
                int spins = 0;
                while (generation == seen && !stop) {
                    if (++spins < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (generation == seen && !stop) {
                            LockSupport.park(this);
                        }
                        parked = false;
                    }
                }
                if (stop) {
                    return;
                }
                seen = generation;
                try {
                    int from = Math.min(m, index * chunk);
                    int to = Math.min(m, from + chunk);
                    if (from < to) {
                        kernel.gemm(from, to, n, k, a, ars, acs, b, c, acc);
                    }
                } catch (Throwable t) {
                    failure = t;
                }
                done = seen;
            }
        }
    }
}
