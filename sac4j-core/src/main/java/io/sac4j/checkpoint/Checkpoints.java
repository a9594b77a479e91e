package io.sac4j.checkpoint;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoints of a run directory: {@code <runDir>/checkpoints/step-<N>.ckpt}, written through
 * {@link Checkpoint#write}, rotated (the newest {@code keep} are kept, older ones deleted only once
 * the new one is complete), and found again by {@link #latestGood}, which falls back past damaged
 * files.
 */
public final class Checkpoints {
    /** The run directory's subdirectory of checkpoints. */
    public static final String DIRECTORY = "checkpoints";
    /** How many checkpoints {@link #save(Path, long, Manifest, Checkpoint.Payload)} keeps. */
    public static final int DEFAULT_KEEP = 2;
    private static final Pattern NAME = Pattern.compile("step-(\\d{1,18})\\.ckpt");

    private Checkpoints() {
    }

    /** {@code <runDir>/checkpoints/step-<step>.ckpt}. */
    public static Path file(Path runDir, long step) {
        if (step < 0) {
            throw new IllegalArgumentException("checkpoint step must be >= 0, got " + step);
        }
        return runDir.resolve(DIRECTORY).resolve("step-" + step + ".ckpt");
    }

    /** Saves step {@code step} and keeps the newest {@link #DEFAULT_KEEP}; see {@link #save(Path, long, Manifest, Checkpoint.Payload, int)}. */
    public static Path save(Path runDir, long step, Manifest manifest, Checkpoint.Payload payload) throws IOException {
        return save(runDir, step, manifest, payload, DEFAULT_KEEP);
    }

    /**
     * Writes {@code step-<step>.ckpt} atomically (creating the checkpoints directory), then deletes
     * all but the newest {@code keep} checkpoints by step number; the file just written is never
     * deleted. If the write fails, nothing is deleted. Returns the file written.
     */
    public static Path save(Path runDir, long step, Manifest manifest, Checkpoint.Payload payload, int keep)
            throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("checkpoints to keep must be >= 1, got " + keep);
        }
        Path file = file(runDir, step);
        Files.createDirectories(file.getParent());
        Checkpoint.write(file, manifest, payload);
        rotate(runDir, keep, step);
        return file;
    }

    private static void rotate(Path runDir, int keep, long justWritten) throws IOException {
        List<Long> steps = new ArrayList<>(list(runDir).keySet());
        Collections.reverse(steps);
        for (int i = keep; i < steps.size(); i++) {
            if (steps.get(i) != justWritten) {
                Files.deleteIfExists(file(runDir, steps.get(i)));
            }
        }
    }

    /** The checkpoint files of {@code runDir} by step, ascending; empty if there is no checkpoints directory. */
    public static NavigableMap<Long, Path> list(Path runDir) throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        Path dir = runDir.resolve(DIRECTORY);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) {
                    found.put(Long.parseLong(m.group(1)), p);
                }
            }
        } catch (NoSuchFileException e) {
            return found;
        }
        return found;
    }

    /**
     * The outcome of {@link #latestGood}: the newest checkpoint that opened and verified, if any,
     * and one line per newer file that was skipped, saying why.
     */
    public record Latest(Optional<Path> path, OptionalLong step, List<String> skipped) {
        public Latest {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * The newest {@code checkpoints/step-<N>.ckpt} of {@code runDir} that {@link Checkpoint#open opens
     * and verifies}, skipping damaged ones (each reported in {@link Latest#skipped()} with the
     * reason). Files that are not named {@code step-<N>.ckpt}, such as a temporary file left by a
     * crash, are ignored.
     */
    public static Latest latestGood(Path runDir) throws IOException {
        List<String> skipped = new ArrayList<>();
        for (var e : list(runDir).descendingMap().entrySet()) {
            try (CheckpointReader r = Checkpoint.open(e.getValue())) {
                return new Latest(Optional.of(r.file()), OptionalLong.of(e.getKey()), skipped);
            } catch (CheckpointException ce) {
                skipped.add(e.getValue().getFileName() + ": " + ce.getMessage());
            }
        }
        return new Latest(Optional.empty(), OptionalLong.empty(), skipped);
    }
}
