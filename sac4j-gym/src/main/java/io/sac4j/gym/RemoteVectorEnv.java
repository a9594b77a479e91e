package io.sac4j.gym;

import io.grpc.Status;
import io.sac4j.env.Actions;
import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.PendingStep;
import io.sac4j.env.Space;
import io.sac4j.env.VectorEnv;
import io.sac4j.env.VectorStep;
import io.sac4j.gym.proto.CloseRequest;
import io.sac4j.gym.proto.OpenReply;
import io.sac4j.gym.proto.OpenRequest;
import io.sac4j.gym.proto.ResetReply;
import io.sac4j.gym.proto.ResetRequest;
import io.sac4j.gym.proto.StepReply;
import io.sac4j.gym.proto.StepRequest;
import io.sac4j.gym.proto.Tensor;
import io.sac4j.gym.proto.Version;

/**
 * N copies of an environment served by an environment server (one session of the sac4j environment
 * protocol, {@code proto/sac4j_env.proto}): one Step call per vector step carries all N actions and
 * brings back all N results, with the server's same-step autoreset and the real final observations
 * ({@link VectorStep}'s contract).
 *
 * <p>Observations reach sac4j as float32 whatever the server's dtype (float64 rounded to nearest, as
 * numpy's {@code astype(float32)}); rewards stay double. Actions go out as FLOAT32 for a Box (the
 * server casts them to the space's dtype, float32 for MuJoCo) and INT64 for a Discrete. Replies are
 * checked (shapes, byte counts, flags, final indices) and a misshapen one is named; a NaN observation
 * is passed on as it came: the training loop's guard names it with its step.
 *
 * <p>Not thread-safe: one caller steps it. Made by {@link GymServer#openVector}.
 */
public final class RemoteVectorEnv implements VectorEnv {
    /** The protocol version this client speaks (the .proto's header). */
    static final Version CLIENT_VERSION = EnvServiceClient.VERSION;

    private final EnvServiceClient client;
    private final String sessionId;
    private final int n;
    private final WireSpace obs;
    private final WireSpace act;
    private final long maxEpisodeSteps;
    private final String serverInfo;
    private final String servedId;
    /** Whether the server takes sac4j's seeds as they are, negative ones included (OpenReply.signed_seeds). */
    private final boolean signedSeeds;
    /** Vector steps since the last reset, for messages. */
    private long steps;
    private boolean wasReset;
    private boolean closed;

    private RemoteVectorEnv(EnvServiceClient client, OpenReply reply) {
        this.client = client;
        this.sessionId = reply.getSessionId();
        this.n = reply.getNumEnvs();
        this.maxEpisodeSteps = reply.getMaxEpisodeSteps();
        this.serverInfo = reply.getServerInfo();
        this.servedId = reply.getEnvId();
        this.signedSeeds = reply.getSignedSeeds();
        WireSpace o;
        WireSpace a;
        try {
            o = WireSpace.of(reply.getObservationSpace(), "observation", false, client.envName());
            a = WireSpace.of(reply.getActionSpace(), "action", true, client.envName());
        } catch (IllegalArgumentException e) {
            closeQuietly();
            throw e;
        }
        this.obs = o;
        this.act = a;
    }

    /**
     * Opens a session of {@code numEnvs} copies, or of the server's default number of copies (its
     * {@code --num-envs}) when {@code numEnvs} is 0.
     *
     * @param purpose free text for the server's log, e.g. "train" or "eval"
     * @throws IllegalArgumentException when the server serves another environment than expected, or a space sac4j cannot train on
     * @throws RemoteEnvException       when Open fails
     */
    static RemoteVectorEnv open(EnvServiceClient client, String expectedServerId, int numEnvs, String purpose) {
        if (numEnvs < 0) {
            throw new IllegalArgumentException(client.envName() + ": a vector needs at least one copy, got " + numEnvs);
        }
        OpenReply r = client.open(OpenRequest.newBuilder().setClientVersion(CLIENT_VERSION).setNumEnvs(numEnvs)
                .setClient("sac4j " + purpose).build());
        RemoteVectorEnv v = new RemoteVectorEnv(client, r);
        if (expectedServerId != null && !r.getEnvId().equals(expectedServerId)) {
            v.close();
            throw new IllegalArgumentException(client.envName() + ": the server serves " + r.getEnvId() + ", not "
                    + expectedServerId);
        }
        if (numEnvs > 0 ? r.getNumEnvs() != numEnvs : r.getNumEnvs() < 1) {
            v.close();
            throw new IllegalStateException(client.envName() + ": asked the server for "
                    + (numEnvs > 0 ? numEnvs : "its default number of") + " copies, it opened " + r.getNumEnvs());
        }
        return v;
    }

    @Override
    public int numEnvs() {
        return n;
    }

    /** The id as the user named it, e.g. {@code gym:HalfCheetah-v5}. */
    @Override
    public String id() {
        return client.envName();
    }

    @Override
    public Space singleObservationSpace() {
        return obs.space();
    }

    @Override
    public Space singleActionSpace() {
        return act.space();
    }

    /** The environment id as the server registered it, e.g. {@code HalfCheetah-v5} or {@code Pendulum-v1}. */
    public String servedId() {
        return servedId;
    }

    /** Gymnasium's registered time limit of the served environment ({@code max_episode_steps}), 0 if none. */
    public long maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** The server's implementation and versions, e.g. {@code "sac4j_gym 0.1.0, gymnasium 1.3.0, mujoco 3.14.0, ..."}. */
    public String serverInfo() {
        return serverInfo;
    }

    /**
     * Resets copy {@code i} with seed {@code seed + i} (done by the server): {@code seed} itself for a
     * server that takes signed seeds (a JVM server, so a copy is seeded as in this process), else
     * {@code gymSeed(seed)}: Gymnasium takes seeds >= 0 only, while sac4j's run seeds are any long.
     */
    @Override
    public float[][] reset(long seed) {
        return reset(ResetRequest.newBuilder().setHasSeed(true).setSeed(signedSeeds ? seed : gymSeed(seed)));
    }

    /**
     * The Gymnasium seed of a sac4j seed: its low 63 bits ({@code seed & Long.MAX_VALUE}), so a
     * non-negative seed is itself and a negative one (sac4j draws its environment seeds from all of
     * {@code long}) becomes a valid one, still a function of the seed alone.
     */
    static long gymSeed(long seed) {
        return seed & Long.MAX_VALUE;
    }

    /** Resets every copy without a seed: each continues its own generator. */
    public float[][] reset() {
        return reset(ResetRequest.newBuilder());
    }

    private float[][] reset(ResetRequest.Builder r) {
        checkOpen();
        ResetReply reply = client.reset(r.setSessionId(sessionId).build());
        float[][] first = decode(() -> Tensors.rows(reply.getObservations(), n, obs.shape(), obs.flatSize(),
                obs.start(), "observations"), "Reset");
        steps = 0;
        wasReset = true;
        return first;
    }

    @Override
    public VectorStep step(float[][] actions) {
        StepRequest request = request(actions);
        String what = "Step " + steps + " after reset";
        StepReply r = client.step(request, what);
        return decode(() -> decodeStep(r), what);
    }

    /**
     * Sends the Step call and returns while the server steps (the training loop updates meanwhile); a
     * remote vector has no absent copies, so its step may return before it finishes
     * ({@link VectorEnv#startStep}).
     */
    @Override
    public PendingStep startStep(float[][] actions) {
        StepRequest request = request(actions);
        String what = "Step " + steps + " after reset";
        EnvServiceClient.Call<StepReply> call = client.startStep(request, what);
        return new PendingStep() {
            private VectorStep result;
            private RuntimeException failure;

            @Override
            public boolean isDone() {
                return result != null || failure != null || call.isDone();
            }

            @Override
            public VectorStep join() {
                if (result == null && failure == null) {
                    try {
                        StepReply r = call.join();
                        result = decode(() -> decodeStep(r), what);
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
                if (failure != null) {
                    throw failure;
                }
                return result;
            }
        };
    }

    /** The Step request of {@code actions}, checked; counts the step. */
    private StepRequest request(float[][] actions) {
        checkOpen();
        if (!wasReset) {
            throw new IllegalStateException(id() + ": step before reset");
        }
        if (actions == null || actions.length != n) {
            throw new IllegalArgumentException(id() + ": " + (actions == null ? "no" : actions.length)
                    + " actions for " + n + " copies");
        }
        Tensor t;
        if (act.space() instanceof Discrete d) {
            for (float[] a : actions) {
                Actions.discrete(id(), a, d.n());
            }
            t = Tensors.int64(actions, act.start());
        } else {
            for (float[] a : actions) {
                Actions.check(id(), a, ((Box) act.space()).dim());
            }
            t = Tensors.float32(actions, act.shape());
        }
        ++steps;
        return StepRequest.newBuilder().setSessionId(sessionId).setActions(t).build();
    }

    private VectorStep decodeStep(StepReply r) {
        float[][] next = Tensors.rows(r.getObservations(), n, obs.shape(), obs.flatSize(), obs.start(), "observations");
        double[] rewards = Tensors.doubles(r.getRewards(), n, "rewards");
        if (r.getTerminatedCount() != n || r.getTruncatedCount() != n) {
            throw new IllegalStateException("terminated and truncated hold " + r.getTerminatedCount() + " and "
                    + r.getTruncatedCount() + " flags, expected " + n);
        }
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        int done = 0;
        for (int i = 0; i < n; i++) {
            terminated[i] = r.getTerminated(i);
            truncated[i] = r.getTruncated(i);
            done += terminated[i] || truncated[i] ? 1 : 0;
        }
        float[][] finals = new float[n][];
        if (done > 0 || r.getFinalIndicesCount() > 0) {
            int m = r.getFinalIndicesCount();
            float[][] rows = Tensors.rows(r.getFinalObservations(), m, obs.shape(), obs.flatSize(), obs.start(),
                    "final_observations");
            int last = -1;
            for (int j = 0; j < m; j++) {
                int i = r.getFinalIndices(j);
                if (i <= last || i >= n || !(terminated[i] || truncated[i])) {
                    throw new IllegalStateException("final_indices " + r.getFinalIndicesList() + " are not the"
                            + " ascending indices of the copies that ended");
                }
                finals[i] = rows[j];
                last = i;
            }
            if (m != done) {
                throw new IllegalStateException(done + " copies ended but final_indices " + r.getFinalIndicesList()
                        + " name " + m);
            }
        }
        return new VectorStep(next, rewards, terminated, truncated, finals);
    }

    private interface Decoder<T> {
        T decode();
    }

    private <T> T decode(Decoder<T> d, String what) {
        try {
            return d.decode();
        } catch (IllegalStateException e) {
            throw new RemoteEnvException(id() + ": " + what + ": misshapen reply: " + e.getMessage(),
                    Status.Code.INTERNAL, null, e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(id() + ": the session is closed");
        }
    }

    /**
     * Closes the session on the server (its copies are closed there); idempotent. A server that is
     * gone (UNAVAILABLE) or stuck (no reply within a few seconds) took or keeps the copies with it:
     * that is logged, not thrown, so closing after a failure reports the failure, not the close.
     *
     * @throws RemoteEnvException when the server refuses the Close (an exception of the environment's close)
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                client.close(CloseRequest.newBuilder().setSessionId(sessionId).build());
            } catch (RemoteEnvException e) {
                if (e.code() != Status.Code.UNAVAILABLE && e.code() != Status.Code.DEADLINE_EXCEEDED) {
                    throw e;
                }
                LOG.warn("{}", e.getMessage());
            }
        }
    }

    private static final org.slf4j.Logger LOG = io.sac4j.train.LibraryLog.get(RemoteVectorEnv.class);

    /** Closes the session, ignoring a failure: for error paths, where the first error is the one to report. */
    void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // the server may be gone; the caller reports the error that brought us here
        }
    }

    @Override
    public String toString() {
        return "RemoteVectorEnv(" + id() + ", " + n + " copies, session " + sessionId + ")";
    }
}
