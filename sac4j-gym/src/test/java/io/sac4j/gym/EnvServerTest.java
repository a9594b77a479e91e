package io.sac4j.gym;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.Space;
import io.sac4j.env.Step;
import io.sac4j.env.VectorEnv;
import io.sac4j.env.VectorStep;
import io.sac4j.gym.proto.DType;
import io.sac4j.gym.proto.OpenReply;
import io.sac4j.gym.proto.OpenRequest;
import io.sac4j.gym.proto.ResetRequest;
import io.sac4j.gym.proto.StepRequest;
import io.sac4j.gym.proto.Tensor;
import io.sac4j.gym.proto.Version;
import io.sac4j.random.Rng;
import io.sac4j.sac.SacConfig;
import io.sac4j.train.MetricsCsv;
import io.sac4j.train.OffPolicyLoop;
import io.sac4j.train.RunConfig;
import io.sac4j.train.TrainingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JVM environment server ({@link EnvServer}) against the client, in-process on loopback. Needs no Python. */
class EnvServerTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    private <T extends AutoCloseable> T keep(T c) {
        open.add(0, c); // closed in reverse order: sessions, then connections, then servers
        return c;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private EnvServer serve(String id, Supplier<Env> factory, EnvServer.Options o) {
        return keep(EnvServer.serve(id, factory, o));
    }

    private EnvHost connect(EnvServer s, Optional<String> token) {
        return keep(EnvHost.connect(s.target(), token, CallTimeouts.DEFAULT));
    }

    /** Steps {@code remote} and {@code local} side by side with the same actions: every field equal, bit for bit. */
    private static int assertSameTrajectories(VectorEnv remote, VectorEnv local, long seed, int steps, Rng rng) {
        assertArrayEquals(local.reset(seed), remote.reset(seed));
        int n = local.numEnvs();
        int ends = 0;
        for (int t = 0; t < steps; t++) {
            float[][] actions = new float[n][];
            for (int i = 0; i < n; i++) {
                actions[i] = local.singleActionSpace() instanceof Discrete d
                        ? new float[]{rng.nextInt(d.n())}
                        : new float[]{(float) (4 * rng.nextDouble() - 2)};
            }
            VectorStep a = local.step(actions);
            VectorStep b = remote.step(actions);
            assertArrayEquals(a.observations(), b.observations(), "observations at step " + t);
            assertArrayEquals(a.rewards(), b.rewards(), "rewards at step " + t);
            assertArrayEquals(a.terminated(), b.terminated());
            assertArrayEquals(a.truncated(), b.truncated());
            assertArrayEquals(a.finalObservations(), b.finalObservations(), "final observations at step " + t);
            for (int i = 0; i < n; i++) {
                ends += a.done(i) ? 1 : 0;
            }
        }
        return ends;
    }

    @Test
    void roundTripIsTheLocalVectorBitForBit() {
        EnvServer pendulum = keep(EnvServer.serve("Pendulum-v1", EnvServer.Options.DEFAULT.withNumEnvs(3)));
        RemoteVectorEnv remote = keep(connect(pendulum, Optional.empty()).openVector(0, "test"));
        assertEquals(3, remote.numEnvs());
        assertEquals("Pendulum-v1", remote.servedId());
        assertEquals(200, remote.maxEpisodeSteps());
        try (VectorEnv local = VectorEnv.sequential(() -> Envs.make("Pendulum-v1"), 3)) {
            // a negative seed too: sac4j's run seeds are any long, and the server takes them as they are
            assertEquals(6, assertSameTrajectories(remote, local, -4_611_686_018_427_387_904L, 450, new Rng(1)),
                    "two time limits of three copies");
            assertSameTrajectories(remote, local, 17, 10, new Rng(2));
        }
        EnvServer cartPole = keep(EnvServer.serve("CartPole-v1", EnvServer.Options.DEFAULT));
        RemoteVectorEnv discrete = keep(connect(cartPole, Optional.empty()).openVector(2, "test"));
        try (VectorEnv local = VectorEnv.sequential(() -> Envs.make("CartPole-v1"), 2)) {
            assertTrue(assertSameTrajectories(discrete, local, 5, 300, new Rng(3)) > 2, "CartPole's episodes end");
        }
    }

    /** Fails with {@code message} at the {@code failAt}-th step of the copy made {@code copy}-th. */
    private static Supplier<Env> throwingAt(int copy, int failAt, String message) {
        int[] made = {0};
        return () -> new io.sac4j.env.Wrapper(Envs.make("Pendulum-v1")) {
            private final int index = made[0]++;
            private int steps;

            @Override
            public Step step(float[] action) {
                if (index == copy + 1 && ++steps == failAt) { // copy 0 of the server is its probe
                    throw new IllegalStateException(message);
                }
                return super.step(action);
            }
        };
    }

    @Test
    void anExceptionMidStepIsInternalWithItsTypeAndCopyThenStepWaitsForReset() {
        EnvServer s = serve("Boom-v0", throwingAt(1, 3, "boom\nsecond line"), EnvServer.Options.DEFAULT);
        RemoteVectorEnv v = keep(connect(s, Optional.empty()).openVector(2, "test"));
        v.reset(0);
        float[][] a = {{0f}, {0f}};
        v.step(a);
        v.step(a);
        RemoteEnvException e = assertThrows(RemoteEnvException.class, () -> v.step(a));
        assertEquals(Status.Code.INTERNAL, e.code());
        assertEquals(Optional.of("IllegalStateException"), e.errorType());
        assertTrue(e.getMessage().contains("env 1: IllegalStateException: boom second line (INTERNAL)"), e.getMessage());
        RemoteEnvException again = assertThrows(RemoteEnvException.class, () -> v.step(a));
        assertEquals(Status.Code.FAILED_PRECONDITION, again.code());
        assertTrue(again.getMessage().contains("Step before Reset"), again.getMessage());
        v.reset(1);
        assertEquals(2, v.step(a).rewards().length);
    }

    /** Raw calls with the client's descriptors, for requests the client would never send. */
    private static <Q, A> A call(EnvServer s, MethodDescriptor<Q, A> m, Q request, Metadata headers) {
        ManagedChannel ch = EnvHost.channel(HostPort.parse(s.target()));
        try {
            io.grpc.Channel c = headers == null ? ch
                    : io.grpc.ClientInterceptors.intercept(ch, MetadataUtils.newAttachHeadersInterceptor(headers));
            return ClientCalls.blockingUnaryCall(c, m, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                    request);
        } finally {
            EnvHost.shutdown(ch);
        }
    }

    private static Status.Code codeOf(Runnable r) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, r::run);
        return e.getStatus().getCode();
    }

    private static Tensor tensor(DType dtype, long[] shape, int bytes) {
        Tensor.Builder t = Tensor.newBuilder().setDtype(dtype).setData(ByteString.copyFrom(new byte[bytes]));
        for (long d : shape) {
            t.addShape(d);
        }
        return t.build();
    }

    private static String open(EnvServer s, int n) {
        OpenReply r = call(s, EnvServiceClient.OPEN, OpenRequest.newBuilder().setClientVersion(EnvServiceClient.VERSION)
                .setNumEnvs(n).build(), null);
        call(s, EnvServiceClient.RESET, ResetRequest.newBuilder().setSessionId(r.getSessionId()).setHasSeed(true)
                .setSeed(-3).build(), null);
        return r.getSessionId();
    }

    private static String description(Runnable r) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, r::run);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        return e.getStatus().getDescription();
    }

    @Test
    void malformedActionsAreNamedAndChangeNothing() {
        EnvServer s = serve("Pendulum-v1", () -> Envs.make("Pendulum-v1"), EnvServer.Options.DEFAULT);
        String id = open(s, 2);
        StepRequest.Builder step = StepRequest.newBuilder().setSessionId(id);
        assertEquals("actions have shape [2, 2], expected [2, 1]", description(() -> call(s, EnvServiceClient.STEP,
                step.setActions(tensor(DType.FLOAT32, new long[]{2, 2}, 16)).build(), null)));
        assertEquals("actions hold 4 bytes, expected 2 values of FLOAT32 (8 bytes)", description(() -> call(s,
                EnvServiceClient.STEP, step.setActions(tensor(DType.FLOAT32, new long[]{2, 1}, 4)).build(), null)));
        // a claimed shape far beyond the data: refused from the shape, nothing allocated from it
        assertEquals("actions have shape [1099511627776, 1], expected [2, 1]", description(() -> call(s,
                EnvServiceClient.STEP, step.setActions(tensor(DType.FLOAT32, new long[]{1L << 40, 1}, 8)).build(), null)));
        assertTrue(description(() -> call(s, EnvServiceClient.STEP,
                step.setActions(tensor(DType.INT64, new long[]{2, 1}, 16)).build(), null)).contains("expected FLOAT32"));
        ByteBuffer nan = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0f).putFloat(Float.NaN).flip();
        assertEquals("actions: env 1: non-finite action [NaN]", description(() -> call(s, EnvServiceClient.STEP,
                step.setActions(Tensor.newBuilder().setDtype(DType.FLOAT32).addShape(2).addShape(1)
                        .setData(ByteString.copyFrom(nan))).build(), null)));
        assertEquals(Status.Code.NOT_FOUND, codeOf(() -> call(s, EnvServiceClient.STEP,
                StepRequest.newBuilder().setSessionId("nope").build(), null)));
        // the session still steps
        assertEquals(2, call(s, EnvServiceClient.STEP, step.setActions(tensor(DType.FLOAT64, new long[]{2, 1}, 16))
                .build(), null).getTerminatedCount());

        EnvServer cartPole = serve("CartPole-v1", () -> Envs.make("CartPole-v1"), EnvServer.Options.DEFAULT);
        String c = open(cartPole, 1);
        ByteBuffer two = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(2).flip();
        assertEquals("actions: env 0: action 2 is outside Discrete[n=2] ([0, 1])", description(() -> call(cartPole,
                EnvServiceClient.STEP, StepRequest.newBuilder().setSessionId(c).setActions(Tensor.newBuilder()
                        .setDtype(DType.INT64).addShape(1).setData(ByteString.copyFrom(two))).build(), null)));
    }

    /** Observations of a NaN from step 3 on. */
    private static Env nanAfterTwoSteps() {
        return new io.sac4j.env.Wrapper(Envs.make("Pendulum-v1")) {
            private int steps;

            @Override
            public Step step(float[] action) {
                Step s = super.step(action);
                return ++steps < 3 ? s : new Step(new float[]{Float.NaN, 0, 0}, s.reward(), s.terminated(),
                        s.truncated());
            }
        };
    }

    @Test
    void aNanObservationIsNamedByTheLoopsGuard() {
        EnvServer s = serve("NaNObs-v0", EnvServerTest::nanAfterTwoSteps, EnvServer.Options.DEFAULT);
        EnvHost host = connect(s, Optional.empty());
        RemoteVectorEnv v = keep(host.openVector(1, "train"));
        RemoteEnv eval = keep(host.openEnv("eval"));
        SacConfig sac = SacConfig.DEFAULTS.toBuilder().batchSize(4).hiddenSizes(List.of(8)).build();
        OffPolicyLoop loop = OffPolicyLoop.builder(sac, new RunConfig(50, 1000, 1, 0, 1)).envs(v).evalEnv(eval).build();
        TrainingException e = assertThrows(TrainingException.class, loop::run);
        assertEquals(3, e.step());
        assertTrue(e.getMessage().startsWith("env server " + s.target() + " returned a non-finite observation at step 3"),
                e.getMessage());
    }

    @Test
    void aTokenIsRequiredComparedAndThenServes() {
        EnvServer s = serve("Pendulum-v1", () -> Envs.make("Pendulum-v1"), EnvServer.Options.DEFAULT.withToken("s3cret"));
        RemoteEnvException missing = assertThrows(RemoteEnvException.class,
                () -> connect(s, Optional.empty()).openVector(1, "test"));
        assertEquals(Status.Code.UNAUTHENTICATED, missing.code());
        assertTrue(missing.getMessage().contains("missing token: this server requires metadata 'sac4j-token'"),
                missing.getMessage());
        RemoteEnvException wrong = assertThrows(RemoteEnvException.class,
                () -> connect(s, Optional.of("s3cres")).openVector(1, "test"));
        assertEquals(Status.Code.UNAUTHENTICATED, wrong.code());
        assertTrue(wrong.getMessage().contains("wrong token in metadata 'sac4j-token'"), wrong.getMessage());
        RemoteVectorEnv v = keep(connect(s, Optional.of("s3cret")).openVector(1, "test"));
        v.reset(0);
        assertEquals(1, v.step(new float[][]{{0.5f}}).rewards().length);
    }

    @Test
    void anotherMajorVersionIsRefusedNamingBoth() {
        EnvServer s = serve("Pendulum-v1", () -> Envs.make("Pendulum-v1"), EnvServer.Options.DEFAULT);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(s, EnvServiceClient.OPEN,
                OpenRequest.newBuilder().setClientVersion(Version.newBuilder().setMajor(2).setMinor(3)).build(), null));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("protocol version mismatch: client 2.3, server 1.1 (the major versions must be equal)",
                e.getStatus().getDescription());
        assertEquals(0, s.sessionCount());
        // a minor version of the same major is served
        OpenReply ok = call(s, EnvServiceClient.OPEN, OpenRequest.newBuilder()
                .setClientVersion(Version.newBuilder().setMajor(1).setMinor(7)).build(), null);
        assertTrue(ok.getSignedSeeds());
        assertEquals(Status.Code.INVALID_ARGUMENT, codeOf(() -> call(s, EnvServiceClient.OPEN, OpenRequest.newBuilder()
                .setClientVersion(EnvServiceClient.VERSION).setNumEnvs(-1).build(), null)));
    }

    /** Raw bytes to a method of the service: what a broken or hostile client can send. */
    private static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> m) {
        MethodDescriptor.Marshaller<byte[]> bytes = EnvService.BYTES;
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(m.getFullMethodName()).setRequestMarshaller(bytes).setResponseMarshaller(bytes).build();
    }

    @Test
    void fuzzedRequestsNeverCrashTheServerWhichKeepsServing() {
        EnvServer s = serve("Pendulum-v1", () -> Envs.make("Pendulum-v1"),
                EnvServer.Options.DEFAULT.withMaxMessageBytes(64 << 10).withNumEnvs(2));
        String id = open(s, 2);
        ByteBuffer good = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.1f).putFloat(-0.2f).flip();
        List<byte[]> seeds = List.of(
                StepRequest.newBuilder().setSessionId(id).setActions(Tensor.newBuilder().setDtype(DType.FLOAT32)
                        .addShape(2).addShape(1).setData(ByteString.copyFrom(good))).build().toByteArray(),
                ResetRequest.newBuilder().setSessionId(id).setHasSeed(true).setSeed(42).setOptionsJson("{}").build()
                        .toByteArray(),
                OpenRequest.newBuilder().setClientVersion(EnvServiceClient.VERSION).setNumEnvs(3).setClient("fuzz")
                        .build().toByteArray());
        List<MethodDescriptor<byte[], byte[]>> methods = List.of(raw(EnvServiceClient.STEP),
                raw(EnvServiceClient.RESET), raw(EnvServiceClient.OPEN));
        Rng rng = new Rng(99);
        ManagedChannel ch = EnvHost.channel(HostPort.parse(s.target()));
        int answered = 0;
        int refused = 0;
        try {
            for (int k = 0; k < 600; k++) {
                int m = rng.nextInt(3);
                byte[] b = mutate(seeds.get(m), rng);
                try {
                    ClientCalls.blockingUnaryCall(ch, methods.get(m),
                            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), b);
                    answered++;
                } catch (StatusRuntimeException e) {
                    Status.Code c = e.getStatus().getCode();
                    assertTrue(c == Status.Code.INVALID_ARGUMENT || c == Status.Code.NOT_FOUND
                                    || c == Status.Code.FAILED_PRECONDITION, "request " + k + " got " + e.getStatus());
                    refused++;
                }
            }
            // a message over the limit is refused by gRPC before it is parsed
            byte[] big = new byte[(64 << 10) + 1];
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, codeOf(() -> ClientCalls.blockingUnaryCall(ch,
                    methods.get(0), CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), big)));
        } finally {
            EnvHost.shutdown(ch);
        }
        assertTrue(answered > 0 && refused > 0, answered + " answered, " + refused + " refused");
        // and a good client is still served
        RemoteVectorEnv v = keep(connect(s, Optional.empty()).openVector(0, "after fuzz"));
        v.reset(1);
        assertEquals(2, v.step(new float[][]{{0f}, {1f}}).rewards().length);
    }

    /** {@code seed} with random bytes flipped, cut, or replaced, or random bytes of random length. */
    private static byte[] mutate(byte[] seed, Rng rng) {
        switch (rng.nextInt(5)) {
            case 0 -> {
                byte[] r = new byte[rng.nextInt(64)];
                for (int i = 0; i < r.length; i++) {
                    r[i] = (byte) rng.nextInt(256);
                }
                return r;
            }
            case 1 -> {
                return java.util.Arrays.copyOf(seed, rng.nextInt(seed.length + 1));
            }
            case 2 -> { // a length prefix claiming far more than there is
                byte[] r = seed.clone();
                int at = rng.nextInt(r.length);
                r[at] = (byte) 0xff;
                if (at + 1 < r.length) {
                    r[at + 1] = (byte) 0xff;
                }
                return r;
            }
            default -> {
                byte[] r = seed.clone();
                for (int j = 1 + rng.nextInt(4); j > 0; j--) {
                    r[rng.nextInt(r.length)] ^= (byte) (1 << rng.nextInt(8));
                }
                return r;
            }
        }
    }

    @Test
    void mismatchedSpacesAreRefusedInOneLineNamingBothHosts() {
        EnvServer a = serve("Pendulum-v1", () -> Envs.make("Pendulum-v1"), EnvServer.Options.DEFAULT);
        EnvServer b = serve("MountainCarContinuous-v0", () -> Envs.make("MountainCarContinuous-v0"),
                EnvServer.Options.DEFAULT);
        EnvHosts hosts = keep(EnvHosts.connect(List.of(a.target(), b.target()), Optional.empty(), CallTimeouts.DEFAULT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hosts.openVector("train"));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith("env hosts serve different spaces: " + a.target() + " serves Pendulum-v1 with"
                + " observations Box("), m);
        assertTrue(m.contains(", but " + b.target() + " serves MountainCarContinuous-v0 with observations Box("), m);
        assertEquals(0, a.sessionCount() + b.sessionCount(), "the sessions opened are closed again");
    }

    /** Trains a short run on {@code copies} (or, when null, on 4 copies the loop makes); returns metrics.csv without wall_s. */
    private static List<String> metrics(Path csv, VectorEnv copies, Env eval) throws IOException {
        SacConfig sac = SacConfig.DEFAULTS.toBuilder().batchSize(32).hiddenSizes(List.of(16, 16)).learningStarts(100)
                .build();
        RunConfig run = new RunConfig(600, 200, 2, 3, 4);
        try (MetricsCsv sink = new MetricsCsv(csv)) {
            OffPolicyLoop.Builder loop = OffPolicyLoop.builder(sac, run).listeners(List.of(sink));
            if (copies == null) {
                loop.envs(() -> Envs.make("Pendulum-v1"));
            } else {
                loop.envs(copies).evalEnv(eval);
            }
            loop.build().run();
        }
        return Files.readAllLines(csv).stream().map(row -> row.replaceFirst("^([^,]*),[^,]*", "$1,")).toList();
    }

    @Test
    void twoHostsOfTwoAreTheSameBitsAsFourCopiesInOneProcess(@TempDir Path tmp) throws IOException {
        EnvServer.Options two = EnvServer.Options.DEFAULT.withNumEnvs(2);
        EnvServer a = serve("Pendulum-v1", () -> Envs.make("Pendulum-v1"), two);
        EnvServer b = serve("Pendulum-v1", () -> Envs.make("Pendulum-v1"), two);
        EnvHosts hosts = keep(EnvHosts.connect(List.of(a.target(), b.target()), Optional.empty(), CallTimeouts.DEFAULT));
        MultiHostVectorEnv copies = keep(hosts.openVector("train"));
        Env eval = keep(hosts.make());
        assertEquals(4, copies.numEnvs());
        assertArrayEquals(new int[]{2, 2}, copies.copiesPerHost());
        List<String> remote = metrics(tmp.resolve("hosts.csv"), copies, eval);
        List<String> local = metrics(tmp.resolve("local.csv"), null, null);
        assertEquals(4, local.size(), "a header and three evaluations");
        assertEquals(local, remote);
    }

    /**
     * A remote vector's step returns before the server answers (VectorEnv.startStep), so the loop's
     * gradient steps run while the server steps: the bits are those of local copies, and most steps
     * overlapped (the log's count, through a loop built here as the test's metrics helper does).
     */
    @Test
    void aRemoteVectorOverlapsItsStepsWithTheUpdatesAndKeepsTheBits(@TempDir Path tmp) throws IOException {
        EnvServer pendulum = serve("Pendulum-v1", () -> Envs.make("Pendulum-v1"),
                EnvServer.Options.DEFAULT.withNumEnvs(4));
        RemoteVectorEnv copies = keep(connect(pendulum, Optional.empty()).openVector(0, "train"));
        Env eval = keep(connect(pendulum, Optional.empty()).openEnv("eval"));
        int[] started = {0};
        int[] joinedEarly = {0};
        VectorEnv counting = new io.sac4j.env.VectorWrapper(copies) {
            @Override
            public io.sac4j.env.PendingStep startStep(float[][] actions) {
                started[0]++;
                io.sac4j.env.PendingStep p = inner.startStep(actions);
                if (!p.isDone()) {
                    joinedEarly[0]++;   // returned before the server answered
                }
                return p;
            }
        };
        List<String> remote = metrics(tmp.resolve("remote.csv"), counting, eval);
        List<String> local = metrics(tmp.resolve("local.csv"), null, null);
        assertEquals(local, remote);
        assertEquals(150, started[0], "600 transitions from 4 copies");
        assertTrue(joinedEarly[0] > 100, joinedEarly[0] + " of 150 steps returned before the server answered");
    }

    /** A self-signed certificate for 127.0.0.1 and localhost and its PKCS#8 key, made by openssl (skipped without it). */
    static Path[] selfSigned(Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed: no"
                + " certificate to test TLS with");
        Files.createDirectories(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process p = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout",
                key.toString(), "-out", cert.toString(), "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return new Path[]{cert, key};
    }

    /** With a certificate and key the server speaks TLS: a client trusting it steps as before; plaintext and untrusting clients are refused. */
    @Test
    void tlsServesAClientThatTrustsTheCertificateAndNoOther(@TempDir Path tmp) throws Exception {
        Path[] mine = selfSigned(tmp.resolve("server"));
        Path[] other = selfSigned(tmp.resolve("other"));
        EnvServer server = serve("Pendulum-v1", () -> Envs.make("Pendulum-v1"),
                EnvServer.Options.DEFAULT.withNumEnvs(2).withTls(mine[0], mine[1]));
        EnvHost trusting = keep(EnvHost.connect(server.target(), Optional.empty(), Optional.of(mine[0]),
                CallTimeouts.DEFAULT));
        RemoteVectorEnv remote = keep(trusting.openVector(0, "test"));
        try (VectorEnv local = VectorEnv.sequential(() -> Envs.make("Pendulum-v1"), 2)) {
            assertSameTrajectories(remote, local, 7, 30, new Rng(4));
        }
        EnvHost plain = keep(EnvHost.connect(server.target(), Optional.empty(), CallTimeouts.DEFAULT));
        RemoteEnvException e = assertThrows(RemoteEnvException.class, () -> plain.openVector(0, "test"));
        assertEquals(Status.Code.UNAVAILABLE, e.code(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        EnvHost untrusting = keep(EnvHost.connect(server.target(), Optional.empty(), Optional.of(other[0]),
                CallTimeouts.DEFAULT));
        e = assertThrows(RemoteEnvException.class, () -> untrusting.openVector(0, "test"));
        assertEquals(Status.Code.UNAVAILABLE, e.code(), e.getMessage());
        assertEquals(1, server.sessionCount(), "only the trusting client opened a session");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> EnvServer.serve(
                "Pendulum-v1", EnvServer.Options.DEFAULT.withTls(tmp.resolve("none.pem"), mine[1])));
        assertTrue(missing.getMessage().startsWith("cannot read the TLS certificate " + tmp.resolve("none.pem")),
                missing.getMessage());
    }

    /** The Python server's --tls-cert/--tls-key, and the JVM client trusting that certificate. */
    @Test
    void aPythonTlsServerServesTheJvmClient(@TempDir Path tmp) throws Exception {
        Path[] mine = selfSigned(tmp.resolve("server"));
        ProcessBuilder pb = new ProcessBuilder(GymPython.require().toString(), "-m", "sac4j_gym.server", "--env",
                "Pendulum-v1", "--num-envs", "2", "--port", "0", "--tls-cert", mine[0].toString(), "--tls-key",
                mine[1].toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("PYTHONPATH", PythonRuntime.packageRoot().toString());
        Process python = pb.start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(python.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            assertTrue(line != null && line.startsWith("SAC4J_GYM_LISTENING port="), String.valueOf(line));
            String target = "127.0.0.1:" + line.substring(line.indexOf('=') + 1).strip();
            EnvHost host = keep(EnvHost.connect(target, Optional.empty(), Optional.of(mine[0]), CallTimeouts.DEFAULT));
            RemoteVectorEnv remote = keep(host.openVector(0, "test"));
            assertEquals(2, remote.numEnvs());
            remote.reset(3);
            assertEquals(2, remote.step(new float[][]{{0.5f}, {-0.5f}}).rewards().length);
        } finally {
            python.destroy();
            python.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void pythonAndJvmHostsMixWhenTheirSpacesMatch() {
        GymServer python = keep(GymPython.launch("Pendulum-v1"));
        EnvServer jvm = serve("Pendulum-v1", () -> Envs.make("Pendulum-v1"), EnvServer.Options.DEFAULT.withNumEnvs(2));
        EnvHosts hosts = keep(EnvHosts.connect(List.of(python.target(), jvm.target()), Optional.empty(),
                CallTimeouts.DEFAULT));
        MultiHostVectorEnv v = keep(hosts.openVector("train"));
        assertArrayEquals(new int[]{1, 2}, v.copiesPerHost());
        Space obs = v.singleObservationSpace();
        assertEquals(3, obs.flatSize());
        float[][] first = v.reset(-5);
        assertEquals(3, first.length);
        for (int t = 0; t < 210; t++) {
            VectorStep s = v.step(new float[][]{{1f}, {-1f}, {0.5f}});
            assertNotNull(s.observations()[2]);
            if (t == 199) {
                for (int i = 0; i < 3; i++) {
                    assertTrue(s.truncated()[i], "Pendulum's time limit on every host");
                }
            }
        }
        assertTrue(((Box) v.singleActionSpace()).high(0) == 2f);
    }
}
