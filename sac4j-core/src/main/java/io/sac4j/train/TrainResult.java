package io.sac4j.train;

import io.sac4j.sac.Learner;
import io.sac4j.policy.Policy;

/**
 * What {@link OffPolicyLoop#run()} ends with: the final evaluation, the transitions collected, the
 * wall time and the trained learner.
 */
public record TrainResult(EvalResult finalEval, long steps, double wallSeconds, Learner learner) {
    /** The trained policy (a new {@link Policy} over the learner's actor, {@link Learner#policy()}). */
    public Policy policy() {
        return learner.policy();
    }
}
