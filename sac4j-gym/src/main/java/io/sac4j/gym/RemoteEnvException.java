package io.sac4j.gym;

import io.grpc.Status;

import java.util.Optional;

/**
 * A call to an environment server failed. The message is one line naming the environment, the call
 * and the cause: the Python exception's type and message for an error raised by the environment, or
 * what failed on the way (no reply within the deadline, the server unreachable).
 */
public final class RemoteEnvException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Status.Code code;
    private final String errorType;

    RemoteEnvException(String message, Status.Code code, String errorType, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.errorType = errorType;
    }

    /** The gRPC status code: INTERNAL for an exception the environment raised, DEADLINE_EXCEEDED, UNAVAILABLE ... */
    public Status.Code code() {
        return code;
    }

    /** The environment's exception type ({@code RuntimeError}), from the {@code sac4j-error-type} metadata. */
    public Optional<String> errorType() {
        return Optional.ofNullable(errorType);
    }
}
