package io.sac4j.checkpoint;

import java.io.IOException;

/**
 * A checkpoint could not be written, or a file is not a complete, intact checkpoint of this format
 * (truncated, corrupted, foreign, of another format version, or lacking an entry the reader needs).
 * The message is one line that names the file and the reason.
 *
 * <p>Checked, and an {@link IOException}: a damaged file is an expected condition that the caller
 * must decide about (fall back to an older checkpoint, start afresh, stop), not a programming
 * error, and it arises in file-handling code that already handles {@code IOException}. Every
 * failure of reading a checkpoint, including an underlying I/O error, surfaces as this type.
 */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
