package io.sac4j;

import io.sac4j.env.Env;
import io.sac4j.sac.SacConfig;
import io.sac4j.train.OffPolicyLoop;
import io.sac4j.train.RunConfig;
import io.sac4j.train.TrainListener;
import io.sac4j.train.TrainResult;

import java.util.List;
import java.util.function.Supplier;

/**
 * The one-call entry: train SAC on an environment and get the trained policy and the results.
 * It trains on one thread. For more threads, checkpoints, a resume, a given
 * {@link io.sac4j.env.VectorEnv} or a separate evaluation environment, use
 * {@link OffPolicyLoop#builder} instead; this is its shortest path.
 */
public final class Sac {
    private Sac() {
    }

    /**
     * Trains SAC ({@code sac}) for {@code run.totalSteps()} steps on new environments from
     * {@code env}: {@link RunConfig#nEnvs()} training copies and one evaluation environment, each a new
     * instance (so a factory rather than one {@link Env}: a simulator cannot be copied, and a run
     * needs several), all closed when training ends. The listeners see every episode end, evaluation
     * and step ({@link TrainListener}).
     *
     * @return the final evaluation, the steps, the wall time and the trained learner, whose
     *         {@link TrainResult#policy()} acts
     */
    public static TrainResult train(Supplier<Env> env, SacConfig sac, RunConfig run, TrainListener... listeners) {
        return OffPolicyLoop.builder(sac, run).envs(env).listeners(List.of(listeners)).build().run();
    }
}
