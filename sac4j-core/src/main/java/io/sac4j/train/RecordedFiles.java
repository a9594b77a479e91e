package io.sac4j.train;

import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.Manifest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files of a run directory that listeners append to (metrics, event files), as a checkpoint
 * records them: each one's byte length under manifest key {@code file:<path relative to the run
 * directory>}, so a resume cuts them back to the checkpoint's step and no row is repeated.
 */
public final class RecordedFiles {
    /** Prefix of the manifest keys that record a file's byte length. */
    public static final String MANIFEST_PREFIX = "file:";

    private RecordedFiles() {
    }

    /** {@code m} with the current length of each of {@code files} (inside {@code runDir}) recorded. */
    static Manifest record(Manifest m, Path runDir, List<Path> files) throws IOException {
        Manifest out = m;
        for (Path f : files) {
            out = out.with(MANIFEST_PREFIX + runDir.relativize(f).toString().replace('\\', '/'), Files.size(f));
        }
        return out;
    }

    /**
     * Cuts each file a checkpoint recorded back to its length at that checkpoint, so rows written after
     * it are not repeated when the run resumes. Refuses, changing nothing, when a recorded file is
     * missing or shorter than recorded. Modifies the files.
     */
    public static void truncate(Path runDir, Manifest manifest) throws CheckpointException {
        List<Map.Entry<Path, Long>> cuts = new ArrayList<>();
        for (Map.Entry<String, String> e : manifest.values().entrySet()) {
            if (!e.getKey().startsWith(MANIFEST_PREFIX)) {
                continue;
            }
            Path f = runDir.resolve(e.getKey().substring(MANIFEST_PREFIX.length()));
            long len = manifest.requireLong(e.getKey());
            long size;
            try {
                size = Files.size(f);
            } catch (IOException ex) {
                throw new CheckpointException("cannot resume: " + f + " recorded by the checkpoint cannot be read: " + ex);
            }
            if (size < len) {
                throw new CheckpointException("cannot resume: " + f + " holds " + size + " bytes, fewer than the "
                        + len + " the checkpoint recorded");
            }
            cuts.add(Map.entry(f, len));
        }
        for (Map.Entry<Path, Long> c : cuts) {
            try (FileChannel ch = FileChannel.open(c.getKey(), StandardOpenOption.WRITE)) {
                ch.truncate(c.getValue());
                ch.force(true);
            } catch (IOException ex) {
                throw new CheckpointException("cannot truncate " + c.getKey() + ": " + ex, ex);
            }
        }
    }
}
