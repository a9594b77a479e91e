package io.sac4j.env;

/**
 * The result of {@link Env#step(float[])}.
 *
 * @param observation the observation after the step; on truncation, the real last observation (not a reset one)
 * @param reward      the reward for the transition
 * @param terminated  the new state is terminal: its value is 0, so targets must not bootstrap from it
 * @param truncated   the episode was cut off (a time limit); the state is not terminal
 */
public record Step(float[] observation, double reward, boolean terminated, boolean truncated) {
    /** True when the episode is over for either reason. */
    public boolean done() {
        return terminated || truncated;
    }
}
