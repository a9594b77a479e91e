package io.sac4j.gym;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.sac4j.env.Discrete;
import io.sac4j.env.VectorStep;
import io.sac4j.gym.proto.BoxSpace;
import io.sac4j.gym.proto.CloseReply;
import io.sac4j.gym.proto.DType;
import io.sac4j.gym.proto.DiscreteSpace;
import io.sac4j.gym.proto.OpenReply;
import io.sac4j.gym.proto.ResetReply;
import io.sac4j.gym.proto.Space;
import io.sac4j.gym.proto.StepReply;
import io.sac4j.gym.proto.StepRequest;
import io.sac4j.gym.proto.Tensor;
import io.sac4j.sac.SacConfig;
import io.sac4j.train.OffPolicyLoop;
import io.sac4j.train.RunConfig;
import io.sac4j.train.TrainingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against a server written here (grpc-java, loopback), which can send what a Python
 * server would not: any space, a misshapen reply, a NaN. Needs no Python.
 */
class FakeServerTest {
    private Server server;
    private GymServer client;
    private final AtomicInteger resets = new AtomicInteger();
    private final List<StepRequest> steps = new ArrayList<>();

    private static Space box(DType dtype, long... shape) {
        BoxSpace.Builder b = BoxSpace.newBuilder().setDtype(dtype);
        long n = 1;
        for (long s : shape) {
            b.addShape(s);
            n *= s;
        }
        for (int i = 0; i < n; i++) {
            b.addLow(-1).addHigh(1);
        }
        return Space.newBuilder().setBox(b).build();
    }

    private static Tensor floats(DType dtype, long[] shape, double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (dtype == DType.FLOAT64) {
                b.putDouble(v);
            } else {
                b.putFloat((float) v);
            }
        }
        b.flip();
        Tensor.Builder t = Tensor.newBuilder().setDtype(dtype).setData(ByteString.copyFrom(b));
        for (long s : shape) {
            t.addShape(s);
        }
        return t.build();
    }

    /** Serves {@code obs}/{@code act} spaces; Reset gives zeros, Step answers with {@code step}. */
    private GymServer serve(Space obs, Space act, Function<StepRequest, StepReply> step) throws Exception {
        ServerServiceDefinition service = ServerServiceDefinition.builder(EnvServiceClient.SERVICE.getFullName())
                .addMethod(EnvServiceClient.OPEN, ServerCalls.asyncUnaryCall((r, o) -> {
                    o.onNext(OpenReply.newBuilder().setSessionId("s").setEnvId("Fake-v0").setNumEnvs(r.getNumEnvs())
                            .setObservationSpace(obs).setActionSpace(act).build());
                    o.onCompleted();
                }))
                .addMethod(EnvServiceClient.RESET, ServerCalls.asyncUnaryCall((r, o) -> {
                    resets.incrementAndGet();
                    o.onNext(ResetReply.newBuilder().setObservations(floats(DType.FLOAT64, new long[]{1, 2}, 0, 0))
                            .build());
                    o.onCompleted();
                }))
                .addMethod(EnvServiceClient.STEP, ServerCalls.asyncUnaryCall((r, o) -> {
                    steps.add(r);
                    o.onNext(step.apply(r));
                    o.onCompleted();
                }))
                .addMethod(EnvServiceClient.CLOSE, ServerCalls.asyncUnaryCall((r, o) -> {
                    o.onNext(CloseReply.getDefaultInstance());
                    o.onCompleted();
                }))
                .build();
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(service).build().start();
        client = GymServer.connect("Fake-v0", "127.0.0.1:" + server.getPort(), CallTimeouts.DEFAULT);
        return client;
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    /** A step of one copy: observation (2 values, float64), reward, flags, and the final observation when done. */
    private static StepReply reply(double o0, double reward, boolean terminated, double final0) {
        StepReply.Builder b = StepReply.newBuilder().setObservations(floats(DType.FLOAT64, new long[]{1, 2}, o0, 0))
                .setRewards(floats(DType.FLOAT64, new long[]{1}, reward)).addTerminated(terminated).addTruncated(false);
        if (terminated) {
            b.addFinalIndices(0).setFinalObservations(floats(DType.FLOAT64, new long[]{1, 2}, final0, 0));
        }
        return b.build();
    }

    @Test
    void methodNamesComeFromTheContract() {
        assertEquals("sac4j.env.v1.EnvService/Step", EnvServiceClient.STEP.getFullMethodName());
        assertEquals(4, EnvServiceClient.SERVICE.getMethods().size());
    }

    @Test
    void imageRankTwoAndUnsupportedSpacesAreRefusedNamingThem() throws Exception {
        serve(box(DType.UINT8, 84, 84, 3), box(DType.FLOAT32, 1), r -> null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.openEnv("t"));
        assertTrue(e.getMessage().startsWith("gym:Fake-v0: the observation space Box(shape [84, 84, 3], UINT8) is not"
                + " supported: uint8 arrays are images"), e.getMessage());
        stop();
        serve(box(DType.FLOAT32, 3, 4), box(DType.FLOAT32, 1), r -> null);
        e = assertThrows(IllegalArgumentException.class, () -> client.openEnv("t"));
        assertTrue(e.getMessage().contains("Box(shape [3, 4], FLOAT32) is not supported: rank 2"), e.getMessage());
        stop();
        serve(box(DType.FLOAT32, 2), Space.newBuilder().setUnsupported("Dict('a': Discrete(2))").build(), r -> null);
        e = assertThrows(IllegalArgumentException.class, () -> client.openEnv("t"));
        assertTrue(e.getMessage().startsWith("gym:Fake-v0: the action space Dict('a': Discrete(2)) is not supported"),
                e.getMessage());
    }

    @Test
    void misshapenRepliesAreNamed() throws Exception {
        serve(box(DType.FLOAT64, 2), box(DType.FLOAT32, 1), r -> StepReply.newBuilder()
                .setObservations(floats(DType.FLOAT64, new long[]{1, 3}, 0, 0, 0))
                .setRewards(floats(DType.FLOAT64, new long[]{1}, 0)).addTerminated(false).addTruncated(false).build());
        RemoteEnv env = client.openEnv("t");
        env.reset(0);
        RemoteEnvException e = assertThrows(RemoteEnvException.class, () -> env.step(new float[]{0}));
        assertEquals("gym:Fake-v0: Step 1 after reset: misshapen reply: observations have shape [1, 3], expected [1, 2]",
                e.getMessage());
        stop();
        serve(box(DType.FLOAT64, 2), box(DType.FLOAT32, 1), r -> StepReply.newBuilder()
                .setObservations(floats(DType.FLOAT64, new long[]{1, 2}, 0, 0))
                .setRewards(floats(DType.FLOAT64, new long[]{1}, 0)).addTerminated(true).addTruncated(false).build());
        RemoteEnv env2 = client.openEnv("t");
        env2.reset(0);
        e = assertThrows(RemoteEnvException.class, () -> env2.step(new float[]{0}));
        assertTrue(e.getMessage().contains("final_observations have shape [], expected [0, 2]"), e.getMessage());
    }

    @Test
    void autoresetObservationServesTheNextResetWithoutACall() throws Exception {
        serve(box(DType.FLOAT64, 2), box(DType.FLOAT32, 1), r -> reply(7, 1.5, true, 3));
        RemoteEnv env = client.openEnv("t");
        env.reset(0);
        assertEquals(1, resets.get());
        var s = env.step(new float[]{0.25f});
        assertArrayEquals(new float[]{3, 0}, s.observation(), "the real final observation");
        assertTrue(s.terminated());
        assertThrows(IllegalStateException.class, () -> env.step(new float[]{0}));
        assertArrayEquals(new float[]{7, 0}, env.reset(), "the autoreset's first observation");
        assertEquals(1, resets.get(), "no Reset call");
        env.reset(5);
        assertEquals(2, resets.get(), "reset(seed) calls the server");
        Tensor sent = steps.get(0).getActions();
        assertEquals(DType.FLOAT32, sent.getDtype());
        assertEquals(List.of(1L, 1L), sent.getShapeList());
        assertEquals(0.25f, sent.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }

    @Test
    void discreteActionsGoOutAsInt64WithGymnasiumsStart() throws Exception {
        Space act = Space.newBuilder().setDiscrete(DiscreteSpace.newBuilder().setN(3).setStart(-1)).build();
        serve(box(DType.FLOAT64, 2), act, r -> reply(0, 0, false, 0));
        RemoteVectorEnv v = client.openVector(1, "t");
        assertEquals(new Discrete(3), v.singleActionSpace());
        v.reset(0);
        VectorStep s = v.step(new float[][]{{2}});
        assertNull(s.finalObservations()[0]);
        Tensor sent = steps.get(0).getActions();
        assertEquals(DType.INT64, sent.getDtype());
        assertEquals(1L, sent.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    /** A NaN observation reaches the training loop, whose guard names it with its step. */
    @Test
    void nanObservationIsStoppedByTheLoopsGuard() throws Exception {
        serve(box(DType.FLOAT64, 2), box(DType.FLOAT32, 1),
                r -> reply(steps.size() == 3 ? Double.NaN : 0.5, 0, false, 0));
        RemoteVectorEnv v = client.openVector(1, "train");
        RemoteEnv eval = client.openEnv("eval");
        SacConfig sac = SacConfig.DEFAULTS.toBuilder().batchSize(4).hiddenSizes(List.of(8)).build();
        OffPolicyLoop loop = OffPolicyLoop.builder(sac, new RunConfig(50, 1000, 1, 0, 1)).envs(v).evalEnv(eval).build();
        TrainingException e = assertThrows(TrainingException.class, loop::run);
        assertEquals(3, e.step());
        assertTrue(e.getMessage().startsWith("gym:Fake-v0 returned a non-finite observation at step 3"), e.getMessage());
    }
}
