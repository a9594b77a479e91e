package io.sac4j.train;

/** The returns of a set of deterministic evaluation episodes. */
public record EvalResult(double meanReturn, double stdReturn, int episodes) {
}
