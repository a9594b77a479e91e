package io.sac4j.gym;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCalls;
import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Env;
import io.sac4j.env.LocalVectorEnv;
import io.sac4j.env.Space;
import io.sac4j.env.Step;
import io.sac4j.env.VectorEnv;
import io.sac4j.env.VectorStep;
import io.sac4j.env.Wrapper;
import io.sac4j.gym.proto.BoxSpace;
import io.sac4j.gym.proto.CloseReply;
import io.sac4j.gym.proto.CloseRequest;
import io.sac4j.gym.proto.DType;
import io.sac4j.gym.proto.DiscreteSpace;
import io.sac4j.gym.proto.OpenReply;
import io.sac4j.gym.proto.OpenRequest;
import io.sac4j.gym.proto.ResetReply;
import io.sac4j.gym.proto.ResetRequest;
import io.sac4j.gym.proto.StepReply;
import io.sac4j.gym.proto.StepRequest;
import io.sac4j.gym.proto.Tensor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import org.slf4j.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server side of {@code EnvService} ({@code proto/sac4j_env.proto}) for sac4j environments, with
 * the semantics of the Python server ({@code python/sac4j_gym/service.py}):
 * <ul>
 *   <li>a session is N copies of the served {@link Env} stepped as a {@link LocalVectorEnv}, so a
 *       session's copies see exactly what the same copies would see in the client's process: copy i
 *       reset with {@code seed + i}, same-step autoreset without a seed, real final observations.
 *       Seeds are any long ({@code OpenReply.signed_seeds}): sac4j's seeds are;</li>
 *   <li>calls on one session are serialised; sessions share nothing;</li>
 *   <li>a request is checked before anything is allocated from it: tensor shapes against the
 *       session's, byte counts against the shape, copy counts against a limit; a malformed request
 *       is INVALID_ARGUMENT and changes nothing;</li>
 *   <li>an exception of the environment is INTERNAL {@code "env <i>: <Type>: <message>"} with the
 *       trailing metadata {@code sac4j-error-type = <Type>} (the exception's simple class name), and
 *       leaves the session refusing Step until the next Reset.</li>
 * </ul>
 */
final class EnvService {
    /** Copies one Open may ask for, as the Python server's limit. */
    static final int MAX_ENVS_PER_SESSION = 4096;
    /** The description travels in a header; grpc-java takes 8 KiB of headers by default (as the Python server). */
    private static final int MAX_DESCRIPTION_CHARS = 2000;
    private static final Logger LOG = io.sac4j.train.LibraryLog.get(EnvService.class);

    private final String envId;
    private final Supplier<Env> factory;
    private final int defaultNumEnvs;
    private final int maxSessions;
    private final long maxEpisodeSteps;
    private final String info;
    private final Map<String, Session> sessions = new HashMap<>();

    /**
     * @param maxEpisodeSteps the time limit reported in OpenReply, 0 if none
     */
    EnvService(String envId, Supplier<Env> factory, int defaultNumEnvs, int maxSessions, long maxEpisodeSteps) {
        this.envId = envId;
        this.factory = factory;
        this.defaultNumEnvs = defaultNumEnvs;
        this.maxSessions = maxSessions;
        this.maxEpisodeSteps = maxEpisodeSteps;
        this.info = "sac4j-gym " + Optional.ofNullable(EnvService.class.getPackage().getImplementationVersion())
                .orElse("dev") + " (JVM), java " + System.getProperty("java.version");
    }

    /** Ends an RPC with {@code code} and a one-line description; {@code errorType} goes to the trailing metadata. */
    static final class RpcFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Status.Code code;
        final String errorType;

        RpcFailure(Status.Code code, String description, String errorType, Throwable cause) {
            super(truncate(EnvServiceClient.oneLine(description)), cause);
            this.code = code;
            this.errorType = errorType;
        }

        RpcFailure(Status.Code code, String description) {
            this(code, description, null, null);
        }

        StatusRuntimeException toStatus() {
            Metadata trailers = new Metadata();
            if (errorType != null) {
                trailers.put(EnvServiceClient.ERROR_TYPE, errorType);
            }
            return Status.fromCode(code).withDescription(getMessage()).asRuntimeException(trailers);
        }

        private static String truncate(String s) {
            return s.length() <= MAX_DESCRIPTION_CHARS ? s : s.substring(0, MAX_DESCRIPTION_CHARS);
        }
    }

    /** INTERNAL for an exception the environment raised: copy {@code index}'s, or the factory's when negative. */
    private static RpcFailure envFailure(RuntimeException e, int index) {
        String type = e.getClass().getSimpleName();
        String message = e.getMessage() == null ? "" : EnvServiceClient.oneLine(e.getMessage());
        return new RpcFailure(Status.Code.INTERNAL, (index < 0 ? "" : "env " + index + ": ") + type + ": " + message,
                type, e);
    }

    /** An exception of copy {@code index}, carried out of {@link LocalVectorEnv} so the reply can name the copy. */
    private static final class CopyFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int index;

        CopyFailure(int index, RuntimeException cause) {
            super(cause);
            this.index = index;
        }

        RpcFailure toRpc() {
            return envFailure((RuntimeException) getCause(), index);
        }
    }

    /** Copy {@code index}, marking what it throws with its index; otherwise the copy itself. */
    private static Env indexed(Env env, int index) {
        return new Wrapper(env) {
            @Override
            public float[] reset(long seed) {
                try {
                    return super.reset(seed);
                } catch (RuntimeException e) {
                    throw new CopyFailure(index, e);
                }
            }

            @Override
            public float[] reset() {
                try {
                    return super.reset();
                } catch (RuntimeException e) {
                    throw new CopyFailure(index, e);
                }
            }

            @Override
            public Step step(float[] action) {
                try {
                    return super.step(action);
                } catch (RuntimeException e) {
                    throw new CopyFailure(index, e);
                }
            }
        };
    }

    private static final class Session {
        final String id;
        final String client;
        final LocalVectorEnv copies;
        final Space obs;
        final Space act;
        /** True until the first Reset, and again after a copy raised mid-Step or mid-Reset. */
        boolean needsReset = true;
        boolean closed;

        Session(String id, String client, LocalVectorEnv copies) {
            this.id = id;
            this.client = client;
            this.copies = copies;
            this.obs = copies.singleObservationSpace();
            this.act = copies.singleActionSpace();
        }
    }

    // -- the four calls ---------------------------------------------------------------------------

    OpenReply open(OpenRequest r) {
        int major = r.getClientVersion().getMajor();
        if (major != EnvServiceClient.VERSION.getMajor()) {
            throw new RpcFailure(Status.Code.FAILED_PRECONDITION, "protocol version mismatch: client " + major + "."
                    + r.getClientVersion().getMinor() + ", server " + EnvServiceClient.VERSION.getMajor() + "."
                    + EnvServiceClient.VERSION.getMinor() + " (the major versions must be equal)");
        }
        long asked = Integer.toUnsignedLong(r.getNumEnvs());
        long n = asked == 0 ? defaultNumEnvs : asked;
        if (n > MAX_ENVS_PER_SESSION) {
            throw new RpcFailure(Status.Code.INVALID_ARGUMENT, "num_envs " + n + " exceeds this server's limit of "
                    + MAX_ENVS_PER_SESSION + " copies per session");
        }
        checkRoom();
        LocalVectorEnv copies;
        try {
            int[] next = {0};
            copies = VectorEnv.sequential(() -> indexed(factory.get(), next[0]++), (int) n);
        } catch (RuntimeException e) {
            throw envFailure(e, -1);
        }
        Session s = new Session(UUID.randomUUID().toString().replace("-", ""), r.getClient(), copies);
        synchronized (sessions) {
            if (sessions.size() >= maxSessions) {
                closeQuietly(copies);
                throw full();
            }
            sessions.put(s.id, s);
        }
        LOG.info("open {}: {} x {} for '{}'", s.id, n, envId, r.getClient());
        return OpenReply.newBuilder().setServerVersion(EnvServiceClient.VERSION).setSessionId(s.id).setEnvId(envId)
                .setNumEnvs((int) n).setObservationSpace(toProto(s.obs)).setActionSpace(toProto(s.act))
                .setMaxEpisodeSteps(maxEpisodeSteps).setServerInfo(info).setSignedSeeds(true).build();
    }

    ResetReply reset(ResetRequest r) {
        Session s = session(r.getSessionId());
        String options = r.getOptionsJson().strip();
        if (!options.isEmpty() && !options.matches("\\{\\s*}")) {
            throw new RpcFailure(Status.Code.INVALID_ARGUMENT, "options_json: sac4j environments take no reset"
                    + " options, got " + (options.length() > 80 ? options.substring(0, 80) + "..." : options));
        }
        synchronized (s) {
            checkOpen(s);
            s.needsReset = true;
            float[][] first = new float[s.copies.numEnvs()][];
            try {
                if (r.getHasSeed()) {
                    first = s.copies.reset(r.getSeed());
                } else {
                    for (int i = 0; i < first.length; i++) {
                        first[i] = s.copies.env(i).reset();
                    }
                }
            } catch (CopyFailure f) {
                throw f.toRpc();
            }
            Tensor obs = observations(s, first, null);
            s.needsReset = false;
            return ResetReply.newBuilder().setObservations(obs).build();
        }
    }

    StepReply step(StepRequest r) {
        Session s = session(r.getSessionId());
        int n = s.copies.numEnvs();
        float[][] actions = actions(r.getActions(), s.act, n);
        synchronized (s) {
            checkOpen(s);
            if (s.needsReset) {
                throw new RpcFailure(Status.Code.FAILED_PRECONDITION, "session " + s.id + ": Step before Reset (a new"
                        + " session, or one whose environment raised an error): call Reset first");
            }
            s.needsReset = true; // until every copy has stepped without raising
            VectorStep v;
            try {
                v = s.copies.step(actions);
            } catch (CopyFailure f) {
                throw f.toRpc();
            }
            StepReply.Builder b = StepReply.newBuilder().setObservations(observations(s, v.observations(), null))
                    .setRewards(Tensors.float64(v.rewards()));
            List<float[]> finals = new ArrayList<>();
            List<Integer> finalIndices = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                b.addTerminated(v.terminated()[i]).addTruncated(v.truncated()[i]);
                if (v.done(i)) {
                    finalIndices.add(i);
                    finals.add(v.finalObservations()[i]);
                }
            }
            b.addAllFinalIndices(finalIndices)
                    .setFinalObservations(observations(s, finals.toArray(new float[0][]), finalIndices));
            s.needsReset = false;
            return b.build();
        }
    }

    CloseReply close(CloseRequest r) {
        Session s;
        synchronized (sessions) {
            s = sessions.remove(r.getSessionId());
        }
        if (s == null) {
            throw new RpcFailure(Status.Code.NOT_FOUND, "unknown session '" + r.getSessionId()
                    + "' (never opened, or already closed)");
        }
        synchronized (s) {
            s.closed = true;
            closeQuietly(s.copies);
        }
        LOG.info("close {}", s.id);
        return CloseReply.getDefaultInstance();
    }

    /** Closes every open session (server shutdown). */
    void closeAll() {
        List<Session> all;
        synchronized (sessions) {
            all = new ArrayList<>(sessions.values());
            sessions.clear();
        }
        for (Session s : all) {
            synchronized (s) {
                s.closed = true;
                closeQuietly(s.copies);
            }
        }
    }

    int sessionCount() {
        synchronized (sessions) {
            return sessions.size();
        }
    }

    // -- requests and replies ---------------------------------------------------------------------

    /**
     * The actions of a Step as {@code n} float rows, checked before any allocation: the dtype, the
     * shape ({@code [n, dim]} for a Box, {@code [n]} for a Discrete) and the byte count against that
     * shape; then finite values, or integers in {@code [0, n)}. Bounds of a Box are not enforced: the
     * environment sees what it would see in the client's process.
     *
     * @throws RpcFailure INVALID_ARGUMENT naming what is wrong
     */
    static float[][] actions(Tensor t, Space space, int n) {
        try {
            if (space instanceof Discrete d) {
                if (t.getDtype() != DType.INT64) {
                    throw new IllegalStateException("actions have dtype " + t.getDtype() + " for a Discrete action"
                            + " space, expected INT64");
                }
                float[][] rows = Tensors.rows(t, n, new long[0], 1, 0, "actions");
                ByteBuffer b = t.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    long a = b.getLong();
                    if (a < 0 || a >= d.n()) {
                        throw new IllegalStateException("actions: env " + i + ": action " + a + " is outside "
                                + d + " ([0, " + (d.n() - 1) + "])");
                    }
                }
                return rows;
            }
            int dim = space.flatSize();
            if (t.getDtype() != DType.FLOAT32 && t.getDtype() != DType.FLOAT64) {
                throw new IllegalStateException("actions have dtype " + t.getDtype() + " for a Box action space,"
                        + " expected FLOAT32 or FLOAT64");
            }
            float[][] rows = Tensors.rows(t, n, new long[]{dim}, dim, 0, "actions");
            for (int i = 0; i < n; i++) {
                for (float v : rows[i]) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalStateException("actions: env " + i + ": non-finite action "
                                + Arrays.toString(rows[i]));
                    }
                }
            }
            return rows;
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new RpcFailure(Status.Code.INVALID_ARGUMENT, e.getMessage());
        }
    }

    /**
     * {@code rows} as the observation tensor of session {@code s}: FLOAT32 {@code [rows, dim]} for a Box,
     * INT64 {@code [rows]} for a Discrete. An observation of the wrong length is an error of its copy
     * ({@code copies.get(row)}, or row itself when null).
     */
    private static Tensor observations(Session s, float[][] rows, List<Integer> copies) {
        int width = s.obs.flatSize();
        for (int row = 0; row < rows.length; row++) {
            if (rows[row] == null || rows[row].length != width) {
                int copy = copies == null ? row : copies.get(row);
                throw envFailure(new IllegalStateException("observation of length "
                        + (rows[row] == null ? "null" : String.valueOf(rows[row].length)) + " does not fit the"
                        + " observation space " + s.obs + " (" + width + " values)"), copy);
            }
        }
        return s.obs instanceof Discrete ? Tensors.int64(rows, 0) : Tensors.float32(rows, new long[]{width});
    }

    /** A sac4j space on the wire: a Box as FLOAT32 of shape {@code [dim]}, a Discrete with start 0. */
    static io.sac4j.gym.proto.Space toProto(Space space) {
        io.sac4j.gym.proto.Space.Builder b = io.sac4j.gym.proto.Space.newBuilder();
        if (space instanceof Discrete d) {
            return b.setDiscrete(DiscreteSpace.newBuilder().setN(d.n()).setStart(0)).build();
        }
        Box box = (Box) space;
        BoxSpace.Builder s = BoxSpace.newBuilder().addShape(box.dim()).setDtype(DType.FLOAT32);
        for (int i = 0; i < box.dim(); i++) {
            s.addLow(box.low(i)).addHigh(box.high(i));
        }
        return b.setBox(s).build();
    }

    private Session session(String id) {
        Session s;
        synchronized (sessions) {
            s = sessions.get(id);
        }
        if (s == null) {
            throw new RpcFailure(Status.Code.NOT_FOUND, "unknown session '" + id
                    + "' (never opened, closed, or opened on another server)");
        }
        return s;
    }

    /** A call that looked the session up just before a concurrent Close. */
    private static void checkOpen(Session s) {
        if (s.closed) {
            throw new RpcFailure(Status.Code.NOT_FOUND, "session '" + s.id + "' was closed");
        }
    }

    private void checkRoom() {
        synchronized (sessions) {
            if (sessions.size() >= maxSessions) {
                throw full();
            }
        }
    }

    private RpcFailure full() {
        return new RpcFailure(Status.Code.RESOURCE_EXHAUSTED, maxSessions + " sessions open, the limit is "
                + maxSessions + ": close sessions that are done");
    }

    private static void closeQuietly(VectorEnv copies) {
        try {
            copies.close();
        } catch (RuntimeException e) { // closing must not hide the error that led here
            LOG.warn("closing an environment failed", e);
        }
    }

    // -- gRPC -------------------------------------------------------------------------------------

    /**
     * The four unary methods, bound to this service with the client's own method descriptors, except
     * that a request arrives as its bytes (at most the server's message size limit, which gRPC
     * enforces first) and is parsed here: a request protobuf cannot parse is INVALID_ARGUMENT
     * {@code "malformed <Method>Request: ..."}, not gRPC's generic UNKNOWN.
     */
    ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(EnvServiceClient.SERVICE.getFullName())
                .addMethod(method(EnvServiceClient.OPEN, OpenRequest.parser(), this::open))
                .addMethod(method(EnvServiceClient.RESET, ResetRequest.parser(), this::reset))
                .addMethod(method(EnvServiceClient.STEP, StepRequest.parser(), this::step))
                .addMethod(method(EnvServiceClient.CLOSE, CloseRequest.parser(), this::close))
                .build();
    }

    /** A request's bytes as they came. */
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("cannot read a request: " + e.getMessage()).withCause(e)
                        .asRuntimeException();
            }
        }
    };

    private static <Q, A> ServerMethodDefinition<byte[], A> method(MethodDescriptor<Q, A> m, Parser<Q> parser,
                                                                   Function<Q, A> call) {
        String name = m.getBareMethodName();
        MethodDescriptor<byte[], A> d = m.toBuilder(BYTES, m.getResponseMarshaller()).build();
        return ServerMethodDefinition.create(d, ServerCalls.asyncUnaryCall((bytes, reply) -> {
            A answer;
            try {
                Q request;
                try {
                    request = parser.parseFrom(bytes);
                } catch (InvalidProtocolBufferException e) {
                    throw new RpcFailure(Status.Code.INVALID_ARGUMENT, "malformed " + name + "Request: " + e.getMessage());
                }
                answer = call.apply(request);
            } catch (RpcFailure f) {
                if (f.code == Status.Code.INTERNAL) { // the wire gets one line; the log gets it all
                    LOG.warn("{}: {}", name, f.getMessage(), f.getCause());
                }
                reply.onError(f.toStatus());
                return;
            } catch (RuntimeException e) { // a bug of this server, not of the env: no sac4j-error-type
                LOG.error("{} failed", name, e);
                reply.onError(new RpcFailure(Status.Code.INTERNAL, "sac4j env server error: "
                        + e.getClass().getSimpleName() + ": " + e.getMessage()).toStatus());
                return;
            }
            reply.onNext(answer);
            reply.onCompleted();
        }));
    }

    /**
     * Refuses every call whose {@code sac4j-token} metadata is missing or is not {@code token}
     * (UNAUTHENTICATED, naming which), before the request is read. The comparison takes a time that
     * depends on the length of what the client sent, not on where it differs
     * ({@link MessageDigest#isEqual}).
     */
    static ServerInterceptor tokenCheck(String token) {
        byte[] expected = token.getBytes(StandardCharsets.UTF_8);
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                              ServerCallHandler<Q, A> next) {
                String given = headers.get(EnvServiceClient.TOKEN);
                String problem = null;
                if (given == null) {
                    problem = "missing token: this server requires metadata '" + EnvServiceClient.TOKEN.name()
                            + "' (the content of its --token-file)";
                } else if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected)) {
                    problem = "wrong token in metadata '" + EnvServiceClient.TOKEN.name() + "'";
                }
                if (problem != null) {
                    call.close(Status.UNAUTHENTICATED.withDescription(problem), new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, headers);
            }
        };
    }
}
