package io.sac4j.train;

import io.sac4j.sac.Learner;

/** What {@link OffPolicyLoop#run()} ends with: the final evaluation and the trained learner. */
public record TrainResult(EvalResult finalEval, long steps, double wallSeconds, Learner learner) {
}
