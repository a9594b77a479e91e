package io.sac4j.train;

import io.sac4j.checkpoint.Checkpoints;

import java.nio.file.Path;
import java.util.List;

/**
 * When and what {@link OffPolicyLoop} saves: a checkpoint {@code <runDir>/checkpoints/step-<N>.ckpt}
 * ({@link Checkpoints#save}) after every {@code every}-th environment step (after that step's
 * updates, evaluation and listeners; on N environments after the vector step whose transitions pass a
 * multiple of {@code every}), the newest {@code keep} kept.
 *
 * @param runDir        the run directory
 * @param every         steps between checkpoints, >= 1
 * @param includeBuffer whether the replay buffer is saved (without it a resume starts from an empty
 *                      buffer and is no longer exact, but the file is small)
 * @param keep          how many of the newest checkpoints are kept, >= 1
 * @param configText    the run's configuration as text (the CLI's config.json), stored in the manifest
 *                      under {@code config}
 * @param recordedFiles files the listeners append to (metrics, event files); each checkpoint records
 *                      their byte lengths in its manifest ({@code file:<path relative to runDir>}), so a
 *                      resume can cut them back to the checkpoint's step with
 *                      {@link RecordedFiles#truncate}
 */
public record Checkpointing(Path runDir, long every, boolean includeBuffer, int keep, String configText,
                            List<Path> recordedFiles) {
    public Checkpointing {
        if (runDir == null) {
            throw new IllegalArgumentException("checkpointing needs a run directory");
        }
        if (every < 1) {
            throw new IllegalArgumentException("checkpoint every must be >= 1 step, got " + every);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("checkpoints to keep must be >= 1, got " + keep);
        }
        configText = configText == null ? "" : configText;
        recordedFiles = List.copyOf(recordedFiles);
    }

    /** Every {@code every} steps into {@code runDir}, with the buffer, the newest {@link Checkpoints#DEFAULT_KEEP} kept. */
    public static Checkpointing every(Path runDir, long every) {
        return new Checkpointing(runDir, every, true, Checkpoints.DEFAULT_KEEP, "", List.of());
    }

    public Checkpointing withBuffer(boolean include) {
        return new Checkpointing(runDir, every, include, keep, configText, recordedFiles);
    }

    public Checkpointing withConfigText(String text) {
        return new Checkpointing(runDir, every, includeBuffer, keep, text, recordedFiles);
    }

    public Checkpointing withRecordedFiles(List<Path> files) {
        return new Checkpointing(runDir, every, includeBuffer, keep, configText, files);
    }
}
