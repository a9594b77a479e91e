package io.sac4j.sac;

/**
 * How SAC's entropy temperature alpha is set: learned against a target entropy (seed 003,
 * "Automating entropy adjustment"), or fixed.
 */
public sealed interface Temperature {

    /** alpha = exp(log alpha), log alpha trained by Adam, starting from {@code initial}. */
    record Learned(double initial) implements Temperature {
        public Learned {
            if (!(initial > 0) || !Double.isFinite(initial)) {
                throw new IllegalArgumentException("temperature.initial must be > 0 and finite, got " + initial);
            }
        }
    }

    /** alpha held at {@code value}. */
    record Fixed(double value) implements Temperature {
        public Fixed {
            if (!(value >= 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("temperature.value must be >= 0 and finite, got " + value);
            }
        }
    }

    static Temperature learned(double initial) {
        return new Learned(initial);
    }

    static Temperature fixed(double value) {
        return new Fixed(value);
    }

    /** The starting alpha. */
    default double initialAlpha() {
        return this instanceof Learned l ? l.initial() : ((Fixed) this).value();
    }
}
