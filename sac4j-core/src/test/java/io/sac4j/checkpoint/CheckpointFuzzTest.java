package io.sac4j.checkpoint;

import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded fuzzing of the reader: random byte arrays and random mutations of a valid file, half of them
 * with the trailer and whole-file checksum rewritten so the structural parser sees them. Loading
 * either succeeds or throws {@link CheckpointException}; nothing else escapes.
 */
class CheckpointFuzzTest {
    @TempDir
    Path dir;

    /** True when loaded; false when refused with the project exception; fails on anything else. */
    private static boolean loads(Path f, byte[] bytes) throws IOException {
        Fixtures.overwrite(f, bytes);
        try {
            Fixtures.load(f);
            return true;
        } catch (CheckpointException e) {
            assertTrue(e.getMessage().startsWith("checkpoint "), e.getMessage());
            return false;
        } catch (Throwable t) {
            throw new AssertionError("escaped as " + t + " for " + bytes.length + " bytes", t);
        }
    }

    private static byte[] randomBytes(Rng rng, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rng.nextInt(256);
        }
        return b;
    }

    @Test
    void randomByteArraysAreRefused() throws IOException {
        Rng rng = new Rng(31);
        Path f = dir.resolve("random.ckpt");
        for (int k = 0; k < 1500; k++) {
            byte[] b = randomBytes(rng, rng.nextInt(400));
            if (k % 2 == 1 && b.length >= 16) {
                System.arraycopy(Checkpoint.MAGIC, 0, b, 0, 8);
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, Checkpoint.FORMAT_VERSION);
                if (k % 4 == 3) {
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(12, rng.nextInt(b.length));
                    Fixtures.fixTrailer(b);
                }
            }
            assertTrue(!loads(f, b), "random bytes loaded");
        }
    }

    @Test
    void mutationsOfAValidFileAreRefused() throws IOException {
        Fixtures.State s = new Fixtures.State(5, new int[] {4, 16, 16, 1}, 64, 40);
        Path f = dir.resolve("valid.ckpt");
        Checkpoint.write(f, Manifest.empty().with("env", "Pendulum-v1"), s::put);
        byte[] valid = Files.readAllBytes(f);
        Rng rng = new Rng(32);
        int refused = 0;
        for (int k = 0; k < 1500; k++) {
            byte[] b = mutate(valid, rng);
            boolean fixed = rng.nextInt(2) == 0;
            if (fixed) {
                Fixtures.fixTrailer(b);
            }
            boolean loaded = loads(f, b);
            if (!loaded) {
                refused++;
            } else {
                // Only a mutation that changed nothing, or changed only what the fixed trailer recomputes, loads.
                assertTrue(fixed && b.length == valid.length
                        && Arrays.equals(b, 0, b.length - 17, valid, 0, valid.length - 17), "a changed file loaded");
            }
        }
        assertTrue(refused > 1400, refused + " of 1500 refused");
    }

    /** One to three random edits: flips, overwritten words (huge, negative, random), cuts, insertions. */
    private static byte[] mutate(byte[] valid, Rng rng) {
        byte[] b = valid.clone();
        int edits = 1 + rng.nextInt(3);
        for (int e = 0; e < edits && b.length > 8; e++) {
            int at = rng.nextInt(b.length);
            switch (rng.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 + rng.nextInt(255));
                case 1 -> {
                    if (at + 8 <= b.length) {
                        long[] words = {Long.MAX_VALUE, -1L, Integer.MAX_VALUE, 1L << 32, rng.nextLong(), 0L};
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, words[rng.nextInt(words.length)]);
                    }
                }
                case 2 -> b = Arrays.copyOf(b, at);
                case 3 -> {
                    byte[] ins = randomBytes(rng, 1 + rng.nextInt(16));
                    byte[] n = new byte[b.length + ins.length];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(ins, 0, n, at, ins.length);
                    System.arraycopy(b, at, n, at + ins.length, b.length - at);
                    b = n;
                }
                default -> {
                    int len = Math.min(1 + rng.nextInt(16), b.length - at);
                    byte[] n = new byte[b.length - len];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(b, at + len, n, at, b.length - at - len);
                    b = n;
                }
            }
        }
        return b;
    }
}
