package io.sac4j.policy;

import io.sac4j.checkpoint.Checkpoint;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.CheckpointReader;
import io.sac4j.checkpoint.ComponentStates;
import io.sac4j.checkpoint.EntryType;
import io.sac4j.checkpoint.Manifest;
import io.sac4j.nn.Linear;
import io.sac4j.nn.Mlp;
import io.sac4j.nn.Parameter;
import io.sac4j.random.Rng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The deployable policy file: the actor alone (no critics, optimiser or replay buffer), read back by
 * {@link Policy#load} with nothing but sac4j-core. A loaded policy is an ordinary
 * {@link TanhGaussianPolicy} or {@link CategoricalPolicy} over the saved weights, so it acts exactly
 * as the saved one did, bit for bit, deterministic and stochastic (same observation, same
 * {@link Rng} state, same action), on the same kernel.
 *
 * <h2>File format (policy format version {@value #FORMAT_VERSION})</h2>
 * The container is the checkpoint file of {@link Checkpoint} (magic {@code "SAC4JCKP"}, container
 * format version, CRC32C of the header, of each entry and of the whole file, atomic write through
 * {@code <file>.tmp} and a rename). What makes it a policy file:
 * <pre>
 * manifest  sac4j.file     = "policy"                        ({@link #FILE_KIND})
 *           policy.format  = "1"                             ({@link #FORMAT_VERSION})
 *           policy.kind    = "tanh-gaussian" | "categorical"
 *           sac4j.version, and any keys the caller added (env id, seed, step ...)
 * entries   policy.sizes   ints   tanh-gaussian: [obs, h1, ..., hk, |A|], k >= 1 (trunk with ReLU after
 *                                 every layer, then the mu and log_std heads from hk to |A|);
 *                                 categorical: [obs, h1, ..., hk, n] (ReLU between layers, none on the
 *                                 n logits), k >= 0
 *           policy.logStdBounds  floats [logStdMin, logStdMax] (tanh-gaussian only)
 *           policy.names, policy.shapes, policy/NAME   the weights, by {@link ComponentStates#putParameters}:
 *                                 tanh-gaussian actor.trunk.I.weight (in x out, row-major) and .bias (1 x out),
 *                                 actor.mu.*, actor.log_std.*; categorical actor.I.weight, actor.I.bias
 * </pre>
 * A truncated, corrupt or foreign file, a training checkpoint, another policy format version, an
 * unknown kind, or sizes that do not fit the weights are refused with a one-line
 * {@link CheckpointException} (an {@link IOException}) naming the file and the reason.
 */
public final class PolicyFile {
    /** The manifest key that says what a sac4j file holds. */
    public static final String FILE_KEY = "sac4j.file";
    /** {@link #FILE_KEY}'s value in a policy file. */
    public static final String FILE_KIND = "policy";
    /** The manifest key of the policy format version. */
    public static final String FORMAT_KEY = "policy.format";
    /** The policy format version this code writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;
    /** The manifest key of the policy kind. */
    public static final String KIND_KEY = "policy.kind";
    /** {@link #KIND_KEY} of a {@link TanhGaussianPolicy}. */
    public static final String TANH_GAUSSIAN = "tanh-gaussian";
    /** {@link #KIND_KEY} of a {@link CategoricalPolicy}. */
    public static final String CATEGORICAL = "categorical";

    static final String PREFIX = "policy";
    static final String SIZES = PREFIX + ".sizes";
    static final String BOUNDS = PREFIX + ".logStdBounds";
    /** The parameter-name prefix of a loaded categorical policy's network. */
    static final String CATEGORICAL_NET = "actor";
    /** A bound on any one layer width read from a file, far above any network sac4j trains. */
    static final int MAX_WIDTH = 1 << 20;

    private PolicyFile() {
    }

    /** Writes {@code policy}'s actor to {@code file} (see the class comment); the manifest holds only the format keys. */
    public static void write(Policy policy, Path file) throws IOException {
        write(policy, file, Manifest.empty());
    }

    /**
     * Writes {@code policy}'s actor to {@code file} atomically, with the caller's {@code extra}
     * manifest keys (for example the environment id and the training step) next to the format keys.
     *
     * @param policy a {@link TanhGaussianPolicy} or a {@link CategoricalPolicy} (its weights are read, not modified)
     * @throws IllegalArgumentException for another kind of policy, or a categorical network with a
     *                                  ReLU on its logits
     */
    public static void write(Policy policy, Path file, Manifest extra) throws IOException {
        if (policy instanceof TanhGaussianPolicy p) {
            write(p.actor(), file, extra);
        } else if (policy instanceof CategoricalPolicy p) {
            writeCategorical(p.logitsNetwork(), file, extra);
        } else {
            throw new IllegalArgumentException("PolicyFile: cannot save a " + (policy == null ? "null policy"
                    : policy.getClass().getName()) + "; only TanhGaussianPolicy and CategoricalPolicy");
        }
    }

    /** Writes a continuous actor (as a {@link TanhGaussianPolicy} acts with it) to {@code file} atomically. */
    public static void write(Actor actor, Path file, Manifest extra) throws IOException {
        List<Linear> trunk = actor.trunk().layers();
        int[] sizes = new int[trunk.size() + 2];
        sizes[0] = actor.obsDim();
        for (int i = 0; i < trunk.size(); i++) {
            sizes[i + 1] = trunk.get(i).out;
        }
        sizes[sizes.length - 1] = actor.actDim();
        Manifest m = manifest(extra, TANH_GAUSSIAN);
        List<Parameter> params = actor.parameters();
        Checkpoint.write(file, m, out -> {
            out.putInts(SIZES, sizes);
            out.putFloats(BOUNDS, new float[] {actor.logStdMin(), actor.logStdMax()});
            ComponentStates.putParameters(out, PREFIX, params);
        });
    }

    /** Writes a categorical policy's logits network (ReLU between layers, none on the logits) to {@code file} atomically. */
    public static void writeCategorical(Mlp logitsNet, Path file, Manifest extra) throws IOException {
        if (logitsNet.activatesOutput()) {
            throw new IllegalArgumentException("PolicyFile: the categorical policy's network applies ReLU to its"
                    + " logits; only networks without an output activation can be saved");
        }
        List<Linear> layers = logitsNet.layers();
        int[] sizes = new int[layers.size() + 1];
        sizes[0] = logitsNet.inputSize();
        for (int i = 0; i < layers.size(); i++) {
            sizes[i + 1] = layers.get(i).out;
        }
        // Saved under the names a loaded network has, whatever the live network was called.
        Mlp canonical = new Mlp(CATEGORICAL_NET, sizes, new Rng(1));
        canonical.copyFrom(logitsNet);
        Manifest m = manifest(extra, CATEGORICAL);
        Checkpoint.write(file, m, out -> {
            out.putInts(SIZES, sizes);
            ComponentStates.putParameters(out, PREFIX, canonical.parameters());
        });
    }

    private static Manifest manifest(Manifest extra, String kind) {
        return extra.with(FILE_KEY, FILE_KIND).with(FORMAT_KEY, FORMAT_VERSION).with(KIND_KEY, kind);
    }

    /** The manifest of policy file {@code file} (after every check of {@link #read} but the weights'). */
    public static Manifest manifest(Path file) throws IOException {
        try (CheckpointReader in = Checkpoint.open(file)) {
            checkManifest(file, in.manifest());
            return in.manifest();
        }
    }

    /**
     * Reads a policy file: a {@link TanhGaussianPolicy} or {@link CategoricalPolicy} over the saved
     * weights. Refuses a file that fails any check with a one-line {@link CheckpointException}.
     */
    public static Policy read(Path file) throws IOException {
        try (CheckpointReader in = Checkpoint.open(file)) {
            String kind = checkManifest(file, in.manifest());
            int[] sizes = sizes(file, in, kind);
            try {
                if (kind.equals(TANH_GAUSSIAN)) {
                    float[] bounds = bounds(file, in);
                    List<Integer> hidden = new ArrayList<>();
                    for (int i = 1; i < sizes.length - 1; i++) {
                        hidden.add(sizes[i]);
                    }
                    // The initial weights are overwritten below; the generator only fills them.
                    Actor actor = new Actor(sizes[0], sizes[sizes.length - 1], hidden, bounds[0], bounds[1], new Rng(1));
                    ComponentStates.restoreParameters(in, PREFIX, actor.parameters());
                    return new TanhGaussianPolicy(actor);
                }
                Mlp net = new Mlp(CATEGORICAL_NET, sizes, new Rng(1));
                ComponentStates.restoreParameters(in, PREFIX, net.parameters());
                return new CategoricalPolicy(net);
            } catch (CheckpointException e) {
                throw refuse(file, e.getMessage());
            }
        }
    }

    private static String checkManifest(Path file, Manifest m) throws CheckpointException {
        String what = m.get(FILE_KEY).orElse(null);
        if (!FILE_KIND.equals(what)) {
            throw refuse(file, what == null ? "not a policy file (a training checkpoint? export the policy from it first)"
                    : "not a policy file (" + FILE_KEY + " = '" + what + "')");
        }
        String version = m.get(FORMAT_KEY).orElse("(none)");
        if (!version.equals(Integer.toString(FORMAT_VERSION))) {
            throw refuse(file, "policy format version " + version + ", this sac4j reads only " + FORMAT_VERSION);
        }
        String kind = m.get(KIND_KEY).orElse("(none)");
        if (!kind.equals(TANH_GAUSSIAN) && !kind.equals(CATEGORICAL)) {
            throw refuse(file, "unknown policy kind '" + kind + "' (expected " + TANH_GAUSSIAN + " or "
                    + CATEGORICAL + ")");
        }
        return kind;
    }

    /** The layer sizes, checked against the kind and against the bytes the file holds, before anything is allocated. */
    private static int[] sizes(Path file, CheckpointReader in, String kind) throws CheckpointException {
        if (!in.has(SIZES)) {
            throw refuse(file, "no entry '" + SIZES + "'");
        }
        int n = in.count(SIZES, EntryType.INTS);
        int min = kind.equals(TANH_GAUSSIAN) ? 3 : 2;
        if (n < min || n > 1024) {
            throw refuse(file, "entry '" + SIZES + "' holds " + n + " sizes, expected " + min + " to 1024 for a "
                    + kind + " policy");
        }
        int[] sizes = in.ints(SIZES);
        long floats = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1 || sizes[i] > MAX_WIDTH) {
                throw refuse(file, "layer size " + sizes[i] + " at position " + i + " of '" + SIZES
                        + "' is outside [1, " + MAX_WIDTH + "]");
            }
            if (i > 0) {
                floats += ((long) sizes[i - 1] + 1) * sizes[i];
            }
        }
        if (kind.equals(TANH_GAUSSIAN)) {
            floats += ((long) sizes[sizes.length - 2] + 1) * sizes[sizes.length - 1]; // the second head
        }
        if (4 * floats > in.sizeBytes()) {
            throw refuse(file, "layer sizes " + Arrays.toString(sizes) + " need " + 4 * floats
                    + " bytes of weights, the file has " + in.sizeBytes());
        }
        return sizes;
    }

    private static float[] bounds(Path file, CheckpointReader in) throws CheckpointException {
        if (!in.has(BOUNDS) || in.count(BOUNDS, EntryType.FLOATS) != 2) {
            throw refuse(file, "entry '" + BOUNDS + "' missing or not 2 floats");
        }
        float[] b = in.floats(BOUNDS);
        if (!(b[0] <= b[1]) || !Float.isFinite(b[0]) || !Float.isFinite(b[1])) {
            throw refuse(file, "log-std bounds [" + b[0] + ", " + b[1] + "] are not a finite interval");
        }
        return b;
    }

    private static CheckpointException refuse(Path file, String reason) {
        String prefix = "checkpoint " + file + ": ";
        String r = reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
        return new CheckpointException("policy file " + file + ": " + r);
    }
}
