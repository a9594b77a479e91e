package io.sac4j.train;

import java.util.List;

/**
 * A run cannot continue from a checkpoint: it was made for another environment or with another
 * configuration ({@link #differingFields()} names each differing field, e.g. {@code sac.gamma}), in
 * another checkpoint format, or its content does not fit this run. The message says which
 * checkpoint and what differs. Thrown before anything of the run changes.
 */
public final class ResumeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> differingFields;

    public ResumeException(String message, List<String> differingFields) {
        super(message);
        this.differingFields = List.copyOf(differingFields);
    }

    public ResumeException(String message, Throwable cause) {
        super(message, cause);
        this.differingFields = List.of();
    }

    /** The configuration fields whose saved value differs from this run's (codec keys); empty for other reasons. */
    public List<String> differingFields() {
        return differingFields;
    }
}
