package io.sac4j.policy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sac4j.nn.Linear;
import io.sac4j.nn.Mlp;
import io.sac4j.nn.Parameter;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OnnxExport}: the exported model, run by onnxruntime (com.microsoft.onnxruntime, test scope),
 * gives sac4j's deterministic actions within 1e-5; and the file decoded back by an independent minimal
 * protobuf reader holds the declared structure and the weights bit for bit.
 */
class OnnxExportTest {
    static final double TOL = 1e-5;
    static final int N = 500;

    @TempDir
    Path dir;

    static float[][] observations(long seed, int n, int dim) {
        Rng rng = new Rng(seed);
        float[][] obs = new float[n][dim];
        for (float[] row : obs) {
            for (int j = 0; j < dim; j++) {
                row[j] = (float) rng.uniform(-5, 5);
            }
        }
        return obs;
    }

    /** Runs the model on {@code obs}; returns the named outputs' values (float[][] or long[][]). */
    static List<Object> run(byte[] model, float[][] obs, String... outputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(model, options);
             OnnxTensor input = OnnxTensor.createTensor(env, obs);
             OrtSession.Result result = session.run(java.util.Map.of(OnnxExport.INPUT, input))) {
            List<Object> values = new ArrayList<>();
            for (String name : outputs) {
                values.add(result.get(name).orElseThrow(() -> new AssertionError("no output " + name)).getValue());
            }
            return values;
        }
    }

    @Test
    void continuousModelMatchesDeterministicActionsAndLogStd() throws IOException, OrtException {
        Actor actor = PolicyFileTest.actor(17); // log-std head scaled up: both clamp bounds are hit
        TanhGaussianPolicy policy = new TanhGaussianPolicy(actor);
        Path file = dir.resolve("policy.onnx");
        OnnxExport.write(policy, file);
        assertFalse(Files.exists(dir.resolve("policy.onnx.tmp")));
        byte[] model = Files.readAllBytes(file);
        assertArrayEquals(OnnxExport.toBytes(policy), model);

        float[][] obs = observations(1, N, policy.obsDim());
        List<Object> out = run(model, obs, OnnxExport.ACTION, OnnxExport.LOG_STD);
        float[][] action = (float[][]) out.get(0);
        float[][] logStd = (float[][]) out.get(1);
        assertEquals(N, action.length);

        float[] live = new float[policy.actDim()];
        Matrix x = new Matrix(1, policy.obsDim());
        Matrix[] trunk = actor.trunk().newBuffers(1);
        Matrix ls = new Matrix(1, policy.actDim());
        double worstAction = 0;
        double worstLogStd = 0;
        int atMin = 0;
        int atMax = 0;
        for (int i = 0; i < N; i++) {
            policy.actDeterministic(obs[i], live);
            System.arraycopy(obs[i], 0, x.data, 0, obs[i].length);
            actor.logStdHead().apply(actor.trunk().apply(x, trunk), ls);
            for (int j = 0; j < live.length; j++) {
                worstAction = Math.max(worstAction, Math.abs(action[i][j] - live[j]));
                float clamped = Math.min(Math.max(ls.data[j], actor.logStdMin()), actor.logStdMax());
                worstLogStd = Math.max(worstLogStd, Math.abs(logStd[i][j] - clamped));
                atMin += clamped == actor.logStdMin() ? 1 : 0;
                atMax += clamped == actor.logStdMax() ? 1 : 0;
            }
        }
        assertTrue(worstAction <= TOL, "max |onnx - sac4j| action = " + worstAction);
        assertTrue(worstLogStd <= TOL, "max |onnx - sac4j| log_std = " + worstLogStd);
        assertTrue(atMin > 0 && atMax > 0, "both clamp bounds exercised: " + atMin + " / " + atMax);
    }

    @Test
    void discreteModelMatchesLogitsAndArgmax() throws IOException, OrtException {
        Mlp net = new Mlp("actor", new int[] {6, 32, 32, 4}, new Rng(3));
        CategoricalPolicy policy = new CategoricalPolicy(net);
        byte[] model = OnnxExport.toBytes(policy);
        float[][] obs = observations(2, N, 6);
        List<Object> out = run(model, obs, OnnxExport.ACTION, OnnxExport.LOGITS);
        long[][] action = (long[][]) out.get(0);
        float[][] logits = (float[][]) out.get(1);

        Matrix x = new Matrix(1, 6);
        Matrix[] bufs = net.newBuffers(1);
        float[] a = new float[1];
        double worst = 0;
        for (int i = 0; i < N; i++) {
            System.arraycopy(obs[i], 0, x.data, 0, 6);
            Matrix live = net.apply(x, bufs);
            for (int j = 0; j < 4; j++) {
                worst = Math.max(worst, Math.abs(logits[i][j] - live.data[j]) / Math.max(1, Math.abs(live.data[j])));
            }
            policy.actDeterministic(obs[i], a);
            assertEquals(1, action[i].length);
            assertEquals((long) a[0], action[i][0], "argmax at observation " + i);
        }
        assertTrue(worst <= TOL, "max relative |onnx - sac4j| logit = " + worst);
    }

    @Test
    void discreteNetworkWithReluOnItsLogits() throws OrtException {
        // PolicyFile refuses such a network; the ONNX export follows it (Relu, then Identity to "logits").
        Mlp net = new Mlp("actor", new int[] {3, 8, 5}, true, new Rng(6));
        float[][] obs = observations(3, 100, 3);
        float[][] logits = (float[][]) run(OnnxExport.toBytes(new CategoricalPolicy(net)), obs,
                OnnxExport.LOGITS).get(0);
        Matrix x = new Matrix(1, 3);
        Matrix[] bufs = net.newBuffers(1);
        int zeros = 0;
        for (int i = 0; i < obs.length; i++) {
            System.arraycopy(obs[i], 0, x.data, 0, 3);
            Matrix live = net.apply(x, bufs);
            for (int j = 0; j < 5; j++) {
                assertEquals(live.data[j], logits[i][j], TOL * Math.max(1, Math.abs(live.data[j])));
                zeros += logits[i][j] == 0f ? 1 : 0;
            }
        }
        assertTrue(zeros > 0, "the ReLU on the logits was exercised");
    }

    @Test
    void otherPoliciesAreRefused() {
        Policy custom = new Policy() {
            public int obsDim() {
                return 1;
            }

            public int actDim() {
                return 1;
            }

            public void actDeterministic(float[] observation, float[] action) {
            }

            public void act(float[] observation, float[] action, Rng rng) {
            }
        };
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(custom));
    }

    // --- an independent reading of the file: protobuf wire format, onnx.proto field numbers ---

    /** One decoded field: number, wire type, and the value (Long for varints, byte[] for length-delimited). */
    record Field(int number, int wire, Object value) {
        long asLong() {
            return (Long) value;
        }

        String asString() {
            return new String((byte[]) value, StandardCharsets.UTF_8);
        }

        List<Field> asMessage() {
            return decode((byte[]) value);
        }
    }

    static List<Field> decode(byte[] b) {
        List<Field> fields = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < b.length) {
            long tag = readVarint(b, pos);
            int number = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (wire) {
                case 0 -> fields.add(new Field(number, wire, readVarint(b, pos)));
                case 2 -> {
                    int len = (int) readVarint(b, pos);
                    assertTrue(len >= 0 && pos[0] + len <= b.length, "length " + len + " at " + pos[0]);
                    byte[] v = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + len);
                    pos[0] += len;
                    fields.add(new Field(number, wire, v));
                }
                default -> throw new AssertionError("unexpected wire type " + wire + " of field " + number);
            }
        }
        return fields;
    }

    static long readVarint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int x = b[pos[0]++] & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new AssertionError("varint longer than 10 bytes");
    }

    static List<Field> all(List<Field> fields, int number) {
        return fields.stream().filter(f -> f.number() == number).toList();
    }

    static Field one(List<Field> fields, int number) {
        List<Field> f = all(fields, number);
        assertEquals(1, f.size(), "field " + number + " once");
        return f.get(0);
    }

    @Test
    void decodedModelHoldsTheGraphAndTheWeightsBitForBit() {
        Actor actor = new Actor(3, 2, List.of(8, 4), -20, 2, new Rng(4));
        List<Field> model = decode(OnnxExport.toBytes(new TanhGaussianPolicy(actor)));
        assertEquals(OnnxExport.IR_VERSION, one(model, 1).asLong());
        assertEquals("sac4j", one(model, 2).asString());
        List<Field> opset = one(model, 8).asMessage();
        assertEquals(OnnxExport.OPSET, one(opset, 2).asLong());
        assertTrue(all(opset, 1).isEmpty(), "default domain");

        List<Field> graph = one(model, 7).asMessage();
        List<String> ops = new ArrayList<>();
        for (Field n : all(graph, 1)) {
            ops.add(one(n.asMessage(), 4).asString());
        }
        assertEquals(List.of("Gemm", "Relu", "Gemm", "Relu", "Gemm", "Tanh", "Gemm", "Clip"), ops);

        // Initializers: every parameter, dims [in, out] or [out], FLOAT, raw little-endian bits as in sac4j.
        java.util.Map<String, List<Field>> inits = new java.util.HashMap<>();
        for (Field t : all(graph, 5)) {
            List<Field> tf = t.asMessage();
            inits.put(one(tf, 8).asString(), tf);
        }
        List<Parameter> params = actor.parameters();
        assertEquals(params.size() + 2, inits.size());
        for (Parameter p : params) {
            List<Field> tf = inits.get(p.name());
            assertEquals(1, one(tf, 2).asLong(), p.name() + " is FLOAT");
            List<Long> dims = all(tf, 1).stream().map(Field::asLong).toList();
            boolean bias = p.name().endsWith(".bias");
            assertEquals(bias ? List.of((long) p.value.cols) : List.of((long) p.value.rows, (long) p.value.cols),
                    dims, p.name());
            ByteBuffer raw = ByteBuffer.wrap((byte[]) one(tf, 9).value()).order(ByteOrder.LITTLE_ENDIAN);
            float[] back = new float[p.value.size()];
            raw.asFloatBuffer().get(back);
            assertEquals(p.value.size() * 4, raw.capacity());
            assertArrayEquals(p.value.data, back, 0f, p.name());
        }
        List<Field> min = inits.get("log_std_min");
        assertTrue(all(min, 1).isEmpty(), "a scalar");
        assertEquals(-20f, ByteBuffer.wrap((byte[]) one(min, 9).value()).order(ByteOrder.LITTLE_ENDIAN).getFloat());

        // Input obs: float [N, 3] with N symbolic.
        List<Field> input = one(graph, 11).asMessage();
        assertEquals(OnnxExport.INPUT, one(input, 1).asString());
        List<Field> tensorType = one(one(input, 2).asMessage(), 1).asMessage();
        assertEquals(1, one(tensorType, 1).asLong());
        List<Field> dims = all(one(tensorType, 2).asMessage(), 1);
        assertEquals("N", one(dims.get(0).asMessage(), 2).asString());
        assertEquals(3, one(dims.get(1).asMessage(), 1).asLong());
        List<String> outputs = all(graph, 12).stream().map(f -> one(f.asMessage(), 1).asString()).toList();
        assertEquals(List.of(OnnxExport.ACTION, OnnxExport.LOG_STD), outputs);
    }

    @Test
    void linearLayersOfTheDiscreteGraph() {
        Mlp net = new Mlp("x", new int[] {2, 3}, new Rng(1));
        List<Field> graph = one(decode(OnnxExport.toBytes(new CategoricalPolicy(net))), 7).asMessage();
        List<String> ops = new ArrayList<>();
        List<Field> argmaxAttributes = null;
        for (Field n : all(graph, 1)) {
            List<Field> nf = n.asMessage();
            ops.add(one(nf, 4).asString());
            if (one(nf, 4).asString().equals("ArgMax")) {
                argmaxAttributes = all(nf, 5);
            }
        }
        assertEquals(List.of("Gemm", "ArgMax"), ops);
        java.util.Map<String, Long> attrs = new java.util.HashMap<>();
        for (Field a : argmaxAttributes) {
            List<Field> af = a.asMessage();
            assertEquals(2, one(af, 20).asLong(), "INT attribute");
            attrs.put(one(af, 1).asString(), one(af, 3).asLong());
        }
        assertEquals(java.util.Map.of("axis", 1L, "keepdims", 1L), attrs);
        Linear only = net.layers().get(0);
        assertTrue(all(graph, 5).stream().anyMatch(t -> one(t.asMessage(), 8).asString().equals(only.weight.name())));
    }
}
