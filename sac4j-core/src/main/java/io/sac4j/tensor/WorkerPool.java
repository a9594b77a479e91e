package io.sac4j.tensor;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads that run the parts of one task (row ranges of a matrix product, or
 * slices of an elementwise loop) beside the calling thread. Built for sub-millisecond products: a
 * worker spins on a volatile generation counter for up to {@link #SPIN_NANOS} before it parks, so a
 * product issued soon after the last one starts without the microseconds of a thread wake-up. The
 * caller, done with its own part, takes any part that no worker has started yet, so a worker that
 * is parked or waiting for a core does not stall the caller. The split is fixed by the caller and
 * each part is the same arithmetic whichever thread runs it, so results do not depend on timing.
 */
final class WorkerPool {
    /**
     * How long an idle worker spins before it parks. Within one SAC update the main thread's own
     * work between two products (noise, losses, Adam's scalar parts) takes up to a few hundred
     * microseconds; a worker that parked in such a gap costs a wake-up of about as much on the next
     * product, which measured as a quarter of the main thread's time at 20-50 microseconds of spin.
     */
    private static final long SPIN_NANOS = 2_000_000L;

    /*
     * Whether the workers keep up. Over each window of WINDOW_NANOS of task time the pool adds up
     * how long the caller, its own part done, waited for a worker that had started its part and not
     * finished it. On a machine where another process keeps a core busy a worker is preempted
     * mid-part and the caller waits a scheduler slice for it (two threads were measured at half the
     * speed of one so). A shared task takes the caller's half plus its wait, a task alone both halves,
     * so sharing loses once the wait passes half the shared time; when it passes LAG_FRACTION (a
     * margin below that, for the pool's own costs) of the window, the pool runs every task on
     * the caller alone for a span (SOLO_MIN_NANOS, doubling while the lag persists, up to
     * SOLO_MAX_NANOS), then tries its workers again. Which thread runs a part never changes a bit.
     */
    private static final long WINDOW_NANOS = 20_000_000L;
    private static final double LAG_FRACTION = 0.4;
    private static final long SOLO_MIN_NANOS = 100_000_000L;
    private static final long SOLO_MAX_NANOS = 5_000_000_000L;

    private final Worker[] workers;
    private final GemmTask gemm = new GemmTask();
    private volatile long generation;
    /** The thread inside {@link #run} (read only by that thread, to refuse nested use). */
    private Thread runner;
    // The job, published by the volatile write of 'generation'.
    private KernelThreads.Task task;
    /** {@link System#nanoTime} until which tasks run on the caller alone; 0 while the workers take part. */
    private volatile long aloneUntil;
    private long soloSpan = SOLO_MIN_NANOS;
    // The current window (written under this pool's lock), and totals for KernelThreads.stats().
    private long windowTask;
    private long windowWait;
    private volatile long tasksShared;
    private volatile long tasksAlone;
    private volatile long taskNanos;
    private volatile long waitNanos;

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

    /**
     * Whether the calling thread is running a part of a task of this pool: then a product or task
     * it issues runs on it alone (the pool is busy with the outer task, whose other parts may be
     * issuing their own).
     */
    boolean insideTask() {
        Thread t = Thread.currentThread();
        return t == runner || t instanceof WorkerThread;
    }

    /** A pool thread. */
    private static final class WorkerThread extends Thread {
        WorkerThread(Runnable r, String name) {
            super(r, name);
        }
    }

    /** Runs rows {@code [0, m)} of a product split into contiguous chunks of {@code chunk} rows. */
    synchronized void runGemm(GemmKernel kernel, int m, int n, int k, float[] a, int ars, int acs, float[] b,
                              float[] c, boolean acc, float[] bias, boolean relu, int chunk) {
        GemmTask g = gemm;
        g.kernel = kernel;
        g.m = m;
        g.n = n;
        g.k = k;
        g.a = a;
        g.ars = ars;
        g.acs = acs;
        g.b = b;
        g.c = c;
        g.acc = acc;
        g.bias = bias;
        g.relu = relu;
        g.chunk = chunk;
        run(g);
        g.a = null;
        g.b = null;
        g.c = null;
        g.bias = null;
    }

    /**
     * Whether the next task should run on the caller alone (as one part, or a product's whole rows):
     * the workers lagged in the last window and the back-off span has not passed.
     */
    boolean alone() {
        long until = aloneUntil;
        if (until == 0) {
            return false;
        }
        if (System.nanoTime() < until) {
            tasksAlone++;
            return true;
        }
        aloneUntil = 0;
        return false;
    }

    /** Tasks shared with the workers, tasks run alone, and the shared ones' time and wait, in nanoseconds. */
    long[] stats() {
        return new long[] {tasksShared, tasksAlone, taskNanos, waitNanos};
    }

    /** Runs every part of {@code t}, part 0 on this thread, and returns when all are done. */
    synchronized void run(KernelThreads.Task t) {
        long start = System.nanoTime();
        long waited = 0;
        runner = Thread.currentThread();
        this.task = t;
        long gen = generation + 1;
        generation = gen;
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w.thread);
            }
        }
        Throwable own = null;
        try {
            t.run(0, workers.length + 1);
        } catch (Throwable e) {
            own = e;
        }
        for (Worker w : workers) {
            if (w.claimed.compareAndSet(gen - 1, gen)) {
                // The worker has not started its part (it is parked, or waiting for a core on a
                // loaded machine): run the part here instead of waiting. Same part, same arithmetic.
                try {
                    t.run(w.index, workers.length + 1);
                } catch (Throwable e) {
                    if (own == null) {
                        own = e;
                    }
                }
                continue;
            }
            if (w.done != gen) {
                long s = System.nanoTime();
                while (w.done != gen) {
                    Thread.onSpinWait();
                }
                waited += System.nanoTime() - s;
            }
            Throwable f = w.failure;
            if (f != null) {
                w.failure = null;
                if (own == null) {
                    own = new IllegalStateException("kernel thread failed", f);
                }
            }
        }
        this.task = null;
        runner = null;
        account(System.nanoTime() - start, waited);
        if (own instanceof RuntimeException re) {
            throw re;
        }
        if (own instanceof Error er) {
            throw er;
        }
        if (own != null) {
            throw new IllegalStateException(own);
        }
    }

    /** Adds one shared task to the window; at the window's end, starts a span alone if the workers lagged. */
    private void account(long took, long waited) {
        tasksShared++;
        taskNanos += took;
        waitNanos += waited;
        windowTask += took;
        windowWait += waited;
        if (windowTask >= WINDOW_NANOS) {
            if (windowWait > LAG_FRACTION * windowTask) {
                aloneUntil = System.nanoTime() + soloSpan;
                soloSpan = Math.min(2 * soloSpan, SOLO_MAX_NANOS);
            } else {
                soloSpan = SOLO_MIN_NANOS;
            }
            windowTask = 0;
            windowWait = 0;
        }
    }

    private static final class GemmTask implements KernelThreads.Task {
        GemmKernel kernel;
        int m;
        int n;
        int k;
        float[] a;
        int ars;
        int acs;
        float[] b;
        float[] c;
        boolean acc;
        float[] bias;
        boolean relu;
        int chunk;

        @Override
        public void run(int part, int parts) {
            int from = Math.min(m, part * chunk);
            int to = Math.min(m, from + chunk);
            if (from < to) {
                kernel.gemm(from, to, n, k, a, ars, acs, b, c, acc, bias, relu);
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
        /**
         * The last generation whose part {@link #index} was taken, by this worker or by the caller
         * of {@link #run}: whoever moves it from {@code gen - 1} to {@code gen} runs the part.
         */
        final AtomicLong claimed = new AtomicLong();
        volatile Throwable failure;

        Worker(int index) {
            this.index = index;
            this.thread = new WorkerThread(this, "sac4j-kernel-" + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            // Generation 0 is the pool's start: a job published before this thread got here still counts.
            long seen = 0;
            while (!stop) {
                long spinStart = System.nanoTime();
                int spins = 0;
                while (generation == seen && !stop) {
                    if ((++spins & 63) != 0 || System.nanoTime() - spinStart < SPIN_NANOS) {
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
                if (!claimed.compareAndSet(seen - 1, seen)) {
                    continue; // the caller ran this part itself
                }
                try {
                    task.run(index, workers.length + 1);
                } catch (Throwable t) {
                    failure = t;
                }
                done = seen;
            }
        }
    }
}
