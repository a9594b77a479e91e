package io.sac4j.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointsTest {
    @TempDir
    Path run;

    private Path save(long step, int keep) throws IOException {
        return Checkpoints.save(run, step, Manifest.empty().with("step", step), w -> w.putLongs("step", step), keep);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(run.resolve(Checkpoints.DIRECTORY))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void savingRotatesToTheNewestKeptAndNeverDeletesTheFileJustWritten() throws IOException {
        assertEquals(run.resolve("checkpoints").resolve("step-100.ckpt"), save(100, 2));
        save(200, 2);
        save(300, 2);
        assertEquals(List.of("step-200.ckpt", "step-300.ckpt"), files());
        save(400, 3);
        save(1000, 3);
        assertEquals(List.of("step-1000.ckpt", "step-300.ckpt", "step-400.ckpt"), files()); // by number, not name
        save(50, 2); // older than the others (a run resumed from an earlier checkpoint): kept anyway
        assertEquals(List.of("step-1000.ckpt", "step-400.ckpt", "step-50.ckpt"), files());
        Checkpoints.save(run, 2000, Manifest.empty(), w -> w.putLongs("step", 2000));
        assertEquals(List.of("step-1000.ckpt", "step-2000.ckpt"), files());
        assertThrows(IllegalArgumentException.class, () -> save(1, 0));
    }

    @Test
    void aFailedSaveDeletesNothingAndLeavesNoTemporaryFile() throws IOException {
        save(100, 2);
        save(200, 2);
        assertThrows(IllegalStateException.class, () -> Checkpoints.save(run, 300, Manifest.empty(), w -> {
            w.putLongs("step", 300);
            throw new IllegalStateException("simulated crash while writing");
        }, 2));
        assertEquals(List.of("step-100.ckpt", "step-200.ckpt"), files());
        assertEquals(OptionalLong.of(200), Checkpoints.latestGood(run).step());
    }

    @Test
    void latestGoodSkipsADamagedNewestFileAndSaysWhy() throws IOException {
        save(100, 5);
        save(200, 5);
        Path newest = save(300, 5);
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(newest, bytes);
        Path truncated = Checkpoints.file(run, 200);
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(truncated), 40));
        Files.write(run.resolve("checkpoints").resolve("step-400.ckpt.tmp"), new byte[] {1, 2, 3}); // a crash's leftover
        Files.write(run.resolve("checkpoints").resolve("notes.txt"), new byte[] {1});

        Checkpoints.Latest latest = Checkpoints.latestGood(run);
        assertEquals(Optional.of(Checkpoints.file(run, 100).toAbsolutePath()), latest.path().map(Path::toAbsolutePath));
        assertEquals(OptionalLong.of(100), latest.step());
        assertEquals(2, latest.skipped().size(), latest.skipped().toString());
        assertTrue(latest.skipped().get(0).startsWith("step-300.ckpt: checkpoint "), latest.skipped().get(0));
        assertTrue(latest.skipped().get(0).contains("checksum mismatch"), latest.skipped().get(0));
        assertTrue(latest.skipped().get(1).startsWith("step-200.ckpt: checkpoint "), latest.skipped().get(1));
        assertTrue(latest.skipped().get(1).contains("truncated"), latest.skipped().get(1));
        try (CheckpointReader r = Checkpoint.open(latest.path().orElseThrow())) {
            assertArrayEquals(new long[] {100}, r.longs("step"));
        }
    }

    @Test
    void latestGoodOfARunWithoutGoodCheckpoints() throws IOException {
        Checkpoints.Latest none = Checkpoints.latestGood(run);
        assertEquals(Optional.empty(), none.path());
        assertEquals(List.of(), none.skipped());
        Files.createDirectories(run.resolve("checkpoints"));
        Files.write(Checkpoints.file(run, 7), new byte[] {'S', 'A', 'C'});
        Checkpoints.Latest bad = Checkpoints.latestGood(run);
        assertEquals(OptionalLong.empty(), bad.step());
        assertEquals(1, bad.skipped().size());
        assertTrue(bad.skipped().get(0).endsWith("truncated: 3 bytes, shorter than the header"), bad.skipped().get(0));
    }
}
