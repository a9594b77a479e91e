package io.sac4j.gym;

import io.sac4j.env.Env;
import io.sac4j.env.Space;
import io.sac4j.env.Step;
import io.sac4j.env.VectorStep;

/**
 * One copy of an environment served by an environment server: a session of one copy
 * ({@link RemoteVectorEnv}) behind {@link Env}'s contract.
 *
 * <p>The server resets a copy in the same step its episode ends, so after a done step the next
 * episode's first observation has already arrived: {@link #reset()} returns it without a round trip
 * (the server's reset took no seed, which is what {@code reset()} means). {@link #reset(long)} always
 * calls the server. {@link Step#observation()} of a done step is the real final observation.
 */
public final class RemoteEnv implements Env {
    private final RemoteVectorEnv session;
    private final float[][] one = new float[1][];
    /** The first observation of the episode the server's autoreset began; null when there is none. */
    private float[] pendingFirst;
    private boolean needsReset = true;

    RemoteEnv(RemoteVectorEnv session) {
        if (session.numEnvs() != 1) {
            throw new IllegalArgumentException("RemoteEnv is a session of one copy, got " + session.numEnvs());
        }
        this.session = session;
    }

    @Override
    public String id() {
        return session.id();
    }

    @Override
    public Space observationSpace() {
        return session.singleObservationSpace();
    }

    @Override
    public Space actionSpace() {
        return session.singleActionSpace();
    }

    /** Gymnasium's registered time limit of the served environment, 0 if none. */
    public long maxEpisodeSteps() {
        return session.maxEpisodeSteps();
    }

    @Override
    public float[] reset(long seed) {
        pendingFirst = null;
        float[] first = session.reset(seed)[0];
        needsReset = false;
        return first;
    }

    @Override
    public float[] reset() {
        float[] first = pendingFirst != null ? pendingFirst : session.reset()[0];
        pendingFirst = null;
        needsReset = false;
        return first;
    }

    @Override
    public Step step(float[] action) {
        if (needsReset) {
            throw new IllegalStateException(id() + ": step " + (pendingFirst != null ? "after the episode ended"
                    : "before reset") + "; call reset() first");
        }
        one[0] = action;
        VectorStep v = session.step(one);
        if (v.done(0)) {
            needsReset = true;
            pendingFirst = v.observations()[0];
            return new Step(v.finalObservations()[0], v.rewards()[0], v.terminated()[0], v.truncated()[0]);
        }
        return new Step(v.observations()[0], v.rewards()[0], false, false);
    }

    /** Closes the session on the server. */
    @Override
    public void close() {
        session.close();
    }

    /** {@link #close}, for a session whose server may be gone (see {@link RemoteVectorEnv#closeQuietly}). */
    void closeQuietly() {
        session.closeQuietly();
    }

    @Override
    public String toString() {
        return "RemoteEnv(" + id() + ")";
    }
}
