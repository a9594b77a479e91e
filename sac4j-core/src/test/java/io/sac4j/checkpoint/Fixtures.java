package io.sac4j.checkpoint;

import io.sac4j.buffer.ReplayBuffer;
import io.sac4j.nn.Mlp;
import io.sac4j.nn.Parameter;
import io.sac4j.optim.Adam;
import io.sac4j.random.Rng;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/** A realistic set of components to checkpoint, and byte-level helpers for damaging files. */
final class Fixtures {
    private Fixtures() {
    }

    /** Parameters, their Adam after a few steps, a generator with a cached Gaussian, a partly filled buffer. */
    static final class State {
        final List<Parameter> params;
        final Adam adam;
        final Rng rng;
        final ReplayBuffer buffer;

        State(long seed, int[] sizes, int capacity, int transitions) {
            Rng init = new Rng(seed);
            Mlp mlp = new Mlp("q", sizes, init);
            params = new ArrayList<>();
            mlp.layers().forEach(l -> params.addAll(l.parameters()));
            adam = new Adam(params, 1e-3);
            rng = init.split();
            buffer = new ReplayBuffer(capacity, sizes[0] - 1, 1);
            if (transitions > 0) {
                stepAdam(this, 3);
                fill(buffer, rng, transitions);
            }
            rng.nextGaussian(); // leaves the pair's second value cached
        }

        void put(StateWriter out) throws IOException {
            ComponentStates.putParameters(out, "params", params);
            ComponentStates.putAdam(out, "adam", adam);
            ComponentStates.putRng(out, "rng", rng);
            ComponentStates.putReplayBuffer(out, "buffer", buffer);
        }

        void restore(StateReader in) throws CheckpointException {
            ComponentStates.restoreParameters(in, "params", params);
            ComponentStates.restoreAdam(in, "adam", adam);
            ComponentStates.restoreRng(in, "rng", rng);
            ComponentStates.restoreReplayBuffer(in, "buffer", buffer);
        }
    }

    /** {@code steps} Adam steps on random gradients drawn from the state's generator. */
    static void stepAdam(State s, int steps) {
        for (int t = 0; t < steps; t++) {
            s.adam.zeroGrad();
            for (Parameter p : s.params) {
                s.rng.fillUniform(p.grad.data, 0, p.grad.size(), -1f, 1f);
            }
            s.adam.step();
        }
    }

    static void fill(ReplayBuffer b, Rng rng, int n) {
        float[] o = new float[b.obsDim()];
        float[] a = new float[b.actDim()];
        float[] o2 = new float[b.obsDim()];
        for (int i = 0; i < n; i++) {
            rng.fillGaussian(o, 0, o.length);
            rng.fillUniform(a, 0, a.length, -1f, 1f);
            rng.fillGaussian(o2, 0, o2.length);
            b.add(o, a, rng.nextGaussian(), o2, rng.nextInt(10) == 0);
        }
    }

    /** Opens {@code file} and restores every component of a fresh state from it. */
    static void load(Path file) throws CheckpointException {
        State target = new State(99, new int[] {4, 16, 16, 1}, 64, 0);
        try (CheckpointReader r = Checkpoint.open(file)) {
            target.restore(r);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError("close failed", e);
        }
    }

    /**
     * Writes {@code bytes} over {@code file} without first truncating it to zero: ext4 flushes a file
     * that was truncated to zero and rewritten (its auto_da_alloc), which made the loops over thousands
     * of damaged files take milliseconds per file instead of microseconds.
     */
    static void overwrite(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b, b.position());
            }
            ch.truncate(bytes.length);
        }
    }

    /** Rewrites the trailer's file length and whole-file checksum so a damaged file passes those checks. */
    static byte[] fixTrailer(byte[] bytes) {
        if (bytes.length < Checkpoint.TRAILER_BYTES) {
            return bytes;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(bytes.length - 17, (byte) 0);
        b.putLong(bytes.length - 12, bytes.length);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        b.putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }
}
