package io.sac4j.sac;

/** A loss or parameter became NaN or infinite; training cannot continue from this state. */
public final class NumericalInstabilityException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NumericalInstabilityException(String message) {
        super(message);
    }
}
