package io.sac4j.train;

import java.util.Locale;

/** The returns of a set of deterministic evaluation episodes. */
public record EvalResult(double meanReturn, double stdReturn, int episodes) {
    /** {@code mean +- std} with two decimals, for logs. */
    public String plusMinus() {
        return String.format(Locale.ROOT, "%.2f +- %.2f", meanReturn, stdReturn);
    }
}
