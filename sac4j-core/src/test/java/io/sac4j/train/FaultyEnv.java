package io.sac4j.train;

import io.sac4j.env.Env;
import io.sac4j.env.Step;
import io.sac4j.env.Wrapper;

/** Passes steps through until step {@code k} (counted over all episodes), then misbehaves as {@link Fault} says. */
final class FaultyEnv extends Wrapper {
    enum Fault { NAN_OBSERVATION, NAN_REWARD, SHORT_ACTION, HUGE_REWARD }

    private final long k;
    private final Fault fault;
    private long steps;

    FaultyEnv(Env env, long k, Fault fault) {
        super(env);
        this.k = k;
        this.fault = fault;
    }

    @Override
    public Step step(float[] action) {
        steps++;
        if (steps < k) {
            return env.step(action);
        }
        return switch (fault) {
            case NAN_OBSERVATION -> {
                Step s = env.step(action);
                float[] o = s.observation().clone();
                o[0] = Float.NaN;
                yield new Step(o, s.reward(), s.terminated(), s.truncated());
            }
            case NAN_REWARD -> {
                Step s = env.step(action);
                yield new Step(s.observation(), Double.NaN, s.terminated(), s.truncated());
            }
            case SHORT_ACTION -> env.step(new float[0]);
            case HUGE_REWARD -> {
                // Finite, but its square overflows float: the critic loss becomes infinite.
                Step s = env.step(action);
                yield new Step(s.observation(), 3e38, s.terminated(), s.truncated());
            }
        };
    }
}
