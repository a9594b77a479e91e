package io.sac4j.checkpoint;

import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Damaged files: every truncation and every changed byte is refused with a {@link CheckpointException}
 * whose message names the file and the reason, and nothing else ever escapes a load.
 */
class CheckpointFaultTest {
    @TempDir
    Path dir;

    /** The loaded file's refusal message; fails the test if the load succeeds or throws anything else. */
    private static String refusal(Path f) {
        try {
            Fixtures.load(f);
        } catch (CheckpointException e) {
            String m = e.getMessage();
            assertTrue(m.startsWith("checkpoint " + f + ": "), m);
            assertTrue(!m.contains("\n"), "one line: " + m);
            return m.substring(("checkpoint " + f + ": ").length());
        } catch (Throwable t) {
            throw new AssertionError("a damaged file escaped as " + t, t);
        }
        return fail("a damaged file was accepted");
    }

    private Path realistic() throws IOException {
        Fixtures.State s = new Fixtures.State(3, new int[] {4, 16, 16, 1}, 64, 40);
        Path f = dir.resolve("real.ckpt");
        Checkpoint.write(f, Manifest.empty().with("env", "Pendulum-v1").withProvenance(3, 1), s::put);
        Fixtures.load(f); // intact, it loads
        return f;
    }

    /** The reason a changed byte at {@code i} of a file of {@code n} bytes must give. */
    private static String expectedFlipReason(int i, int n) {
        if (i < 8) {
            return "not a sac4j checkpoint (wrong magic";
        }
        if (i < 12) {
            return "incompatible format version";
        }
        if (i == n - 17 || (i >= n - 12 && i < n - 4)) {
            return "truncated or damaged: no valid trailer"; // the end tag or the recorded length
        }
        return "checksum mismatch, the file is corrupt";
    }

    private static void assertTruncationRefused(Path f, byte[] valid, int length) throws IOException {
        Fixtures.overwrite(f, Arrays.copyOf(valid, length));
        String reason = refusal(f);
        assertTrue(reason.startsWith("truncated"), length + " of " + valid.length + " bytes: " + reason);
    }

    private static void assertFlipRefused(Path f, byte[] valid, int at, int xor) throws IOException {
        byte[] bytes = valid.clone();
        bytes[at] ^= (byte) xor;
        Fixtures.overwrite(f, bytes);
        String reason = refusal(f);
        String expected = expectedFlipReason(at, valid.length);
        assertTrue(reason.startsWith(expected), "byte " + at + " of " + valid.length + ": " + reason);
    }

    @Test
    void aRealisticCheckpointRefuses20TruncationsAnd20FlippedBytes() throws IOException {
        Path f = realistic();
        byte[] valid = Files.readAllBytes(f);
        assertTrue(valid.length > 5000, "parameters, Adam, Rng and a buffer: " + valid.length + " bytes");
        Rng rng = new Rng(20);
        for (int k = 0; k < 20; k++) {
            assertTruncationRefused(f, valid, rng.nextInt(valid.length));
        }
        for (int k = 0; k < 20; k++) {
            assertFlipRefused(f, valid, rng.nextInt(valid.length), 1 + rng.nextInt(255));
        }
        // The last bytes and the header, where the reasons differ, always.
        for (int at : new int[] {0, 7, 8, 11, 12, valid.length - 17, valid.length - 13, valid.length - 5,
                valid.length - 1}) {
            assertFlipRefused(f, valid, at, 0x80);
        }
        assertTruncationRefused(f, valid, valid.length - 1);
        assertTruncationRefused(f, valid, 0);
    }

    @Test
    void aSmallCheckpointRefusesEveryTruncationAndEveryFlippedByte() throws IOException {
        Fixtures.State s = new Fixtures.State(4, new int[] {2, 2}, 2, 3);
        Path f = dir.resolve("small.ckpt");
        Checkpoint.write(f, Manifest.empty(), s::put);
        byte[] valid = Files.readAllBytes(f);
        assertTrue(valid.length < 2000, valid.length + " bytes");
        Rng rng = new Rng(21);
        Path damaged = dir.resolve("damaged.ckpt");
        for (int length = 0; length < valid.length; length++) {
            assertTruncationRefused(damaged, valid, length);
        }
        for (int at = 0; at < valid.length; at++) {
            assertFlipRefused(damaged, valid, at, 1 + rng.nextInt(255));
        }
        Files.write(damaged, valid);
        try (CheckpointReader r = Checkpoint.open(damaged)) {
            assertEquals(valid.length, r.sizeBytes());
        }
    }
}
