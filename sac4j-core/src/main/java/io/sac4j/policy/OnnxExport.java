package io.sac4j.policy;

import io.sac4j.checkpoint.Checkpoint;
import io.sac4j.nn.Linear;
import io.sac4j.nn.Mlp;
import io.sac4j.proto.ProtoWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a policy's actor as an ONNX model, encoded by hand in the protobuf wire format (no
 * dependency), for runtimes outside the JVM (onnxruntime, TensorRT, browsers).
 *
 * <h2>The graph</h2>
 * Input {@code obs}: float {@code [N, obsDim]}, {@code N} symbolic. Each linear layer is a
 * {@code Gemm(h, W, b)} with {@code W} stored {@code in x out} as sac4j holds it (so no transpose)
 * and {@code b} of shape {@code [out]}, followed by {@code Relu} where sac4j applies one.
 * <ul>
 * <li>{@link TanhGaussianPolicy}: outputs {@code action} float {@code [N, |A|]} {@code = Tanh(mu(obs))}
 * (the deterministic action, as {@link Policy#actDeterministic}) and {@code log_std} float
 * {@code [N, |A|]} {@code = Clip(log_std(obs), logStdMin, logStdMax)}, from which a runtime can draw
 * {@code tanh(mu + exp(log_std) eps)} itself.</li>
 * <li>{@link CategoricalPolicy}: outputs {@code action} int64 {@code [N, 1]} {@code = ArgMax(logits,
 * axis 1)} (the first largest, as {@link Policy#actDeterministic}) and {@code logits} float
 * {@code [N, n]}.</li>
 * </ul>
 * IR version {@value #IR_VERSION}, default-domain opset {@value #OPSET} (Gemm, Relu, Tanh and ArgMax
 * are opset-13 operators; Clip takes its bounds as inputs since opset 11). Weights are initializers
 * named as sac4j's parameters ({@code actor.trunk.0.weight} ...), stored as little-endian
 * {@code raw_data}.
 *
 * <h2>Field numbers</h2>
 * From onnx/onnx {@code onnx/onnx.proto}: ModelProto ir_version 1, producer_name 2, producer_version
 * 3, doc_string 6, graph 7, opset_import 8; OperatorSetIdProto domain 1, version 2; GraphProto node 1,
 * name 2, initializer 5, doc_string 10, input 11, output 12; NodeProto input 1, output 2, name 3,
 * op_type 4, attribute 5; AttributeProto name 1, i 3, type 20 (INT = 2); TensorProto dims 1,
 * data_type 2 (FLOAT = 1, INT64 = 7), name 8, raw_data 9; ValueInfoProto name 1, type 2; TypeProto
 * tensor_type 1; TypeProto.Tensor elem_type 1, shape 2; TensorShapeProto dim 1; Dimension dim_value 1,
 * dim_param 2. The wire format (varint, length-delimited, tag = field << 3 | wire type) is
 * protobuf's (protobuf.dev, "Encoding").
 */
public final class OnnxExport {
    /** The ONNX IR version written (IR 8: ONNX 1.10, read by every onnxruntime since 1.10). */
    public static final long IR_VERSION = 8;
    /** The default-domain operator set version written. */
    public static final long OPSET = 13;
    /** The name of the graph's input. */
    public static final String INPUT = "obs";
    /** The name of the action output. */
    public static final String ACTION = "action";
    /** The name of the clamped log-std output of a continuous policy. */
    public static final String LOG_STD = "log_std";
    /** The name of the logits output of a discrete policy. */
    public static final String LOGITS = "logits";

    static final int FLOAT = 1;
    static final int INT64 = 7;
    static final int ATTRIBUTE_INT = 2;

    private OnnxExport() {
    }

    /**
     * Writes {@code policy} (a {@link TanhGaussianPolicy} or {@link CategoricalPolicy}; read, not
     * modified) as an ONNX model to {@code file}, atomically: through {@code <file>.tmp}, forced to
     * disk, then renamed over {@code file}; a failed write deletes the temporary file.
     */
    public static void write(Policy policy, Path file) throws IOException {
        byte[] model = toBytes(policy);
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(model);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot write ONNX model " + target
                        + ": the file system cannot rename atomically (" + e.getMessage() + ")", e);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The serialized ONNX ModelProto of {@code policy} (see the class comment). */
    public static byte[] toBytes(Policy policy) {
        ProtoWriter graph = new ProtoWriter();
        graph.string(2, "sac4j_policy");
        if (policy instanceof TanhGaussianPolicy p) {
            continuousGraph(p.actor(), graph);
        } else if (policy instanceof CategoricalPolicy p) {
            discreteGraph(p.logitsNetwork(), graph);
        } else {
            throw new IllegalArgumentException("OnnxExport: cannot export a " + (policy == null ? "null policy"
                    : policy.getClass().getName()) + "; only TanhGaussianPolicy and CategoricalPolicy");
        }
        ProtoWriter opset = new ProtoWriter();
        opset.int64(2, OPSET); // domain 1 left out: the default ONNX domain
        ProtoWriter model = new ProtoWriter();
        model.int64(1, IR_VERSION);
        model.string(2, "sac4j");
        model.string(3, Checkpoint.sac4jVersion());
        model.message(7, graph);
        model.message(8, opset);
        return model.toByteArray();
    }

    private static void continuousGraph(Actor actor, ProtoWriter graph) {
        graph.string(10, "sac4j tanh-Gaussian policy: action = tanh(mu(obs)), log_std = clip(log_std(obs), "
                + actor.logStdMin() + ", " + actor.logStdMax() + ")");
        String h = INPUT;
        List<Linear> trunk = actor.trunk().layers();
        for (int i = 0; i < trunk.size(); i++) {
            h = linear(graph, trunk.get(i), h, "trunk." + i, true);
        }
        String mu = linear(graph, actor.muHead(), h, "mu", false);
        graph.message(1, node("Tanh", "tanh", new String[] {mu}, ACTION));
        String logStd = linear(graph, actor.logStdHead(), h, "log_std_unclamped", false);
        graph.message(5, tensor("log_std_min", new long[0], new float[] {actor.logStdMin()}));
        graph.message(5, tensor("log_std_max", new long[0], new float[] {actor.logStdMax()}));
        graph.message(1, node("Clip", "clip", new String[] {logStd, "log_std_min", "log_std_max"}, LOG_STD));
        graph.message(11, valueInfo(INPUT, FLOAT, actor.obsDim()));
        graph.message(12, valueInfo(ACTION, FLOAT, actor.actDim()));
        graph.message(12, valueInfo(LOG_STD, FLOAT, actor.actDim()));
    }

    private static void discreteGraph(Mlp net, ProtoWriter graph) {
        graph.string(10, "sac4j categorical policy: logits(obs), action = argmax(logits)");
        List<Linear> layers = net.layers();
        String h = INPUT;
        for (int i = 0; i < layers.size(); i++) {
            boolean last = i + 1 == layers.size();
            boolean relu = !last || net.activatesOutput();
            h = linear(graph, layers.get(i), h, !last ? "layer." + i : relu ? "logits_linear" : LOGITS, relu);
        }
        if (!h.equals(LOGITS)) {
            graph.message(1, node("Identity", "logits", new String[] {h}, LOGITS));
        }
        ProtoWriter argmax = node("ArgMax", "argmax", new String[] {LOGITS}, ACTION);
        argmax.message(5, intAttribute("axis", 1));
        argmax.message(5, intAttribute("keepdims", 1));
        graph.message(1, argmax);
        graph.message(11, valueInfo(INPUT, FLOAT, net.inputSize()));
        graph.message(12, valueInfo(ACTION, INT64, 1));
        graph.message(12, valueInfo(LOGITS, FLOAT, net.outputSize()));
    }

    /**
     * Adds {@code Gemm(x, W, b)}, and a {@code Relu} when {@code relu}, with W and b as initializers;
     * returns the name of the output: {@code name}, or {@code name.relu}.
     */
    private static String linear(ProtoWriter graph, Linear layer, String x, String name, boolean relu) {
        String w = layer.weight.name();
        String b = layer.bias.name();
        graph.message(5, tensor(w, new long[] {layer.in, layer.out}, layer.weight.value.data));
        graph.message(5, tensor(b, new long[] {layer.out}, layer.bias.value.data));
        graph.message(1, node("Gemm", name + ".gemm", new String[] {x, w, b}, name));
        if (!relu) {
            return name;
        }
        graph.message(1, node("Relu", name + ".relu", new String[] {name}, name + ".relu"));
        return name + ".relu";
    }

    /** A NodeProto of the default domain with one output. */
    private static ProtoWriter node(String opType, String name, String[] inputs, String output) {
        ProtoWriter n = new ProtoWriter();
        for (String in : inputs) {
            n.string(1, in);
        }
        n.string(2, output);
        n.string(3, name);
        n.string(4, opType);
        return n;
    }

    private static ProtoWriter intAttribute(String name, long value) {
        ProtoWriter a = new ProtoWriter();
        a.string(1, name);
        a.int64(3, value);
        a.int64(20, ATTRIBUTE_INT);
        return a;
    }

    private static ProtoWriter tensor(String name, long[] dims, float[] values) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.int64(1, d);
        }
        t.int64(2, FLOAT);
        t.string(8, name);
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        t.bytes(9, raw.array());
        return t;
    }

    /** A ValueInfoProto of a tensor {@code [N, cols]}, N symbolic. */
    private static ProtoWriter valueInfo(String name, int elemType, long cols) {
        ProtoWriter batch = new ProtoWriter();
        batch.string(2, "N");
        ProtoWriter width = new ProtoWriter();
        width.int64(1, cols);
        ProtoWriter shape = new ProtoWriter();
        shape.message(1, batch);
        shape.message(1, width);
        ProtoWriter tensorType = new ProtoWriter();
        tensorType.int64(1, elemType);
        tensorType.message(2, shape);
        ProtoWriter type = new ProtoWriter();
        type.message(1, tensorType);
        ProtoWriter v = new ProtoWriter();
        v.string(1, name);
        v.message(2, type);
        return v;
    }
}
