package io.sac4j.train;

import io.sac4j.sac.Learner;
import io.sac4j.policy.Policy;

/**
 * What {@link OffPolicyLoop#run()} ends with: the final evaluation, the transitions collected, the
 * wall time, the trained learner, and the seconds the loop waited on its training environments
 * (starting and waiting for their steps and storing the transitions: what the gradient steps did not
 * hide, {@link io.sac4j.env.VectorEnv#startStep}) since this process started or resumed the run.
 */
public record TrainResult(EvalResult finalEval, long steps, double wallSeconds, Learner learner,
                          double envWaitSeconds) {
    /** The trained policy (a new {@link Policy} over the learner's actor, {@link Learner#policy()}). */
    public Policy policy() {
        return learner.policy();
    }
}
