package io.sac4j.checkpoint;

import io.sac4j.buffer.Batch;
import io.sac4j.buffer.ReplayBuffer;
import io.sac4j.random.Rng;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A report, not a test (run by {@code bench/checkpoint-buffer.sh}): a full replay buffer at
 * Pendulum's sizes (obs 3, act 1; 1,000,000 transitions unless an argument says otherwise), its
 * memory against the raw bytes of its columns, and the size and wall time of saving and loading it
 * as a checkpoint. Times are the median of five runs, in a temporary directory on the working
 * disk (not /dev/shm).
 */
public final class CheckpointBufferReport {
    private CheckpointBufferReport() {
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    public static void main(String[] args) throws IOException {
        int capacity = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int obs = 3;
        int act = 1;
        long before = usedHeap();
        ReplayBuffer buffer = new ReplayBuffer(capacity, obs, act);
        long heapDelta = usedHeap() - before;
        long raw = (long) capacity * (2 * obs + act + 1) * Float.BYTES + capacity; // floats + one byte per flag
        long arrays = raw + 5L * 16; // five arrays, a 16-byte header each on a 64-bit JVM with compressed oops

        Rng rng = new Rng(1);
        float[] o = new float[obs];
        float[] a = new float[act];
        float[] o2 = new float[obs];
        for (int i = 0; i < capacity + capacity / 3; i++) { // full and wrapped
            rng.fillGaussian(o, 0, obs);
            rng.fillUniform(a, 0, act, -2f, 2f);
            rng.fillGaussian(o2, 0, obs);
            buffer.add(o, a, rng.nextGaussian(), o2, rng.nextInt(200) == 0);
        }
        ReplayBuffer restored = new ReplayBuffer(capacity, obs, act);
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("report.dir", ".")), "ckpt-report");
        Path file = dir.resolve("buffer.ckpt");
        int runs = 5;
        double[] save = new double[runs];
        double[] load = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            Checkpoint.write(file, Manifest.empty().with("env", "Pendulum-v1"),
                    w -> ComponentStates.putReplayBuffer(w, "buffer", buffer));
            long t1 = System.nanoTime();
            try (CheckpointReader in = Checkpoint.open(file)) {
                ComponentStates.restoreReplayBuffer(in, "buffer", restored);
            }
            long t2 = System.nanoTime();
            save[r] = (t1 - t0) / 1e9;
            load[r] = (t2 - t1) / 1e9;
        }
        long fileBytes = Files.size(file);
        Batch x = new Batch(256, obs, act);
        Batch y = new Batch(256, obs, act);
        buffer.sample(x, new Rng(9));
        restored.sample(y, new Rng(9));
        boolean same = Arrays.equals(x.observations.data, y.observations.data)
                && Arrays.equals(x.nextObservations.data, y.nextObservations.data)
                && Arrays.equals(x.rewards.data, y.rewards.data) && Arrays.equals(x.terminated.data, y.terminated.data);
        Files.delete(file);
        Files.delete(dir);

        System.out.printf("replay buffer, capacity %,d, obs %d, act %d, %s %s%n", capacity, obs, act,
                Runtime.version(), System.getProperty("os.arch"));
        System.out.printf("raw column bytes          %,d%n", raw);
        System.out.printf("arrays (with headers)     %,d (%.4f%% over raw)%n", arrays, 100.0 * (arrays - raw) / raw);
        System.out.printf("heap growth, measured     %,d (%.2f%% over raw)%n", heapDelta, 100.0 * (heapDelta - raw) / raw);
        System.out.printf("checkpoint file           %,d (%.4f%% over raw)%n", fileBytes, 100.0 * (fileBytes - raw) / raw);
        System.out.printf("save (write + fsync + rename), median of %d  %.3f s  %s%n", runs, median(save),
                Arrays.toString(save));
        System.out.printf("load (open, verify, restore), median of %d   %.3f s  %s%n", runs, median(load),
                Arrays.toString(load));
        System.out.printf("samples after load equal: %s%n", same);
        if (!same) {
            System.exit(1);
        }
    }
}
