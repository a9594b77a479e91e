package io.sac4j.train;

import io.sac4j.checkpoint.Checkpoint;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.CheckpointReader;
import io.sac4j.checkpoint.Checkpoints;
import io.sac4j.checkpoint.ComponentStates;
import io.sac4j.checkpoint.Manifest;
import io.sac4j.buffer.NStepWindow;
import io.sac4j.buffer.PrioritizedReplay;
import io.sac4j.checkpoint.StateReader;
import io.sac4j.checkpoint.StateWriter;
import io.sac4j.env.RestorableEnv;
import io.sac4j.sac.SacConfig;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A training run's checkpoint (run checkpoint format {@value #FORMAT_VERSION}): the manifest (the
 * environment, the step, the configuration field by field through {@link SacConfigCodec}, the
 * recorded files' lengths, provenance), then the learner's entries, the generators
 * {@code rng.act} and {@code rng.sample}, the loop's state ({@link LoopState}), each copy's
 * environment state when every copy is restorable ({@link EnvCheckpoint}) with, for n-step returns,
 * the transitions its n-step window holds ({@code loop.nstep.<i>.observations}, {@code .actions},
 * {@code .rewards}), and the replay buffer when {@link Checkpointing#includeBuffer} with, for prioritized
 * replay, its priorities ({@code replay.priorities}: the tree's leaves of the held slots, after the
 * exponent alpha; {@code replay.max_priority}). Beta's position is the step's ({@code loop.step}):
 * beta is a function of the step. Resuming refuses a checkpoint of another format,
 * environment or configuration with a {@link ResumeException} before it changes anything.
 */
public final class RunCheckpoint {
    /**
     * Manifest keys of a run checkpoint (besides {@link Manifest}'s provenance keys and the configuration's,
     * {@link SacConfigCodec}).
     */
    public static final String MANIFEST_ENV = "env";
    public static final String MANIFEST_STEP = "step";
    public static final String MANIFEST_TOTAL_STEPS = "total_steps";
    public static final String MANIFEST_UPDATES = "updates";
    /** The run's configuration as the caller's text (the CLI's config.json), {@link Checkpointing#configText}. */
    public static final String MANIFEST_CONFIG = "config";
    public static final String MANIFEST_BUFFER = "buffer.included";
    public static final String MANIFEST_ENV_RESTORABLE = "env.restorable";
    /** The run checkpoint format, {@value #FORMAT_VERSION}. */
    public static final String MANIFEST_FORMAT = "format.version";

    /** 2: the configuration stored field by field, the loop's state in named entries. Format 1 (toString texts, positional arrays) is refused. */
    static final int FORMAT_VERSION = 2;

    private static final Logger LOG = LibraryLog.get(OffPolicyLoop.class);

    private RunCheckpoint() {
    }

    /**
     * Writes the checkpoint of {@code tr.step} and returns its file. A failure (a non-finite parameter,
     * an I/O error) deletes the partial file and leaves earlier checkpoints as they were.
     */
    static Path save(Checkpointing c, Training tr) throws IOException {
        Optional<List<RestorableEnv>> copies = tr.envs.restorableCopies();
        Manifest m = Manifest.empty()
                .with(MANIFEST_FORMAT, FORMAT_VERSION)
                .with(MANIFEST_ENV, tr.envs.id())
                .with(MANIFEST_STEP, tr.step)
                .with(MANIFEST_TOTAL_STEPS, tr.run.totalSteps())
                .with(MANIFEST_UPDATES, tr.learner.updates())
                .with(MANIFEST_BUFFER, Boolean.toString(c.includeBuffer()))
                .with(MANIFEST_ENV_RESTORABLE, Boolean.toString(copies.isPresent()))
                .with(MANIFEST_CONFIG, c.configText())
                .withProvenance(tr.run.seed(), tr.threads.threads());
        for (Map.Entry<String, String> e : configuration(tr.sac, tr.run).entrySet()) {
            m = m.with(e.getKey(), e.getValue());
        }
        m = RecordedFiles.record(m, c.runDir(), c.recordedFiles());
        LoopState state = LoopState.of(tr, tr.sac.warmupActionRepeat() > 1);
        return Checkpoints.save(c.runDir(), tr.step, m, out -> {
            tr.learner.saveState(out);
            ComponentStates.putRng(out, "rng.act", tr.actRng);
            ComponentStates.putRng(out, "rng.sample", tr.sampleRng);
            state.write(out);
            if (copies.isPresent()) {
                for (int i = 0; i < copies.get().size(); i++) {
                    EnvCheckpoint.put(out, EnvCheckpoint.prefix(i), copies.get().get(i));
                }
                if (tr.sac.nStep() > 1) {
                    putWindows(out, tr.collector.windows);
                }
            }
            if (c.includeBuffer()) {
                ComponentStates.putReplayBuffer(out, "buffer", tr.buffer);
                if (tr.prioritized.isPresent()) {
                    putPriorities(out, tr.prioritized.get());
                }
            }
        }, c.keep());
    }

    /**
     * Restores everything {@link #save} wrote into the freshly built {@code tr}; with environments
     * whose state was not saved (or cannot be restored now) starts new episodes, seeded from the step.
     *
     * @throws ResumeException when the checkpoint cannot continue this run
     */
    static void restore(Path file, Training tr) {
        String where = "checkpoint " + file;
        try (CheckpointReader in = Checkpoint.open(file)) {
            Manifest m = in.manifest();
            checkResumable(m, where, tr.envs.id(), tr.sac, tr.run);
            int n = tr.envs.numEnvs();
            LoopState s = LoopState.read(in, n, tr.envs.singleObservationSpace().flatSize(),
                    tr.envs.singleActionSpace().flatSize(), tr.sac.warmupActionRepeat() > 1, tr.run.collectedSteps(),
                    where);
            if (s.envSeed() != tr.envSeed) {
                throw new CheckpointException(where + ": the environment seed differs from this run's");
            }
            if (!tr.window.restore(s.windowSums(), s.windowCount())) {
                throw new CheckpointException(where + ": entry " + LoopState.WINDOW + " holds "
                        + s.windowSums().length + " sums, expected 6 (or 5 or 4)");
            }
            tr.learner.restoreState(in);
            ComponentStates.restoreRng(in, "rng.act", tr.actRng);
            ComponentStates.restoreRng(in, "rng.sample", tr.sampleRng);
            tr.step = s.step();
            tr.evalSeed = s.evalSeed();
            tr.startNanos -= (long) (s.wallSeconds() * 1e9);
            Collector c = tr.collector;
            c.lastEpisodeReturn = s.lastEpisodeReturn();
            if (s.heldActions() != null) {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(s.heldActions()[i], 0, c.actions[i], 0, c.actions[i].length);
                }
            }
            if (Boolean.parseBoolean(m.get(MANIFEST_BUFFER).orElse("false"))) {
                ComponentStates.restoreReplayBuffer(in, "buffer", tr.buffer);
                if (tr.prioritized.isPresent()) {
                    restorePriorities(in, tr.prioritized.get(), where);
                }
            } else {
                LOG.info("{} holds no replay buffer: continuing with an empty one, so the run no longer repeats"
                        + " an uninterrupted one", where);
            }
            Optional<List<RestorableEnv>> copies = tr.envs.restorableCopies();
            if (Boolean.parseBoolean(m.get(MANIFEST_ENV_RESTORABLE).orElse("false"))
                    && copies.isPresent()) {
                for (int i = 0; i < n; i++) {
                    float[] envObs = EnvCheckpoint.restore(in, EnvCheckpoint.prefix(i), copies.get().get(i));
                    if (!Arrays.equals(envObs, s.observations()[i])) {
                        throw new CheckpointException(where + ": the restored environment observes "
                                + Arrays.toString(envObs) + ", the checkpoint's observation is "
                                + Arrays.toString(s.observations()[i]));
                    }
                    c.obs[i] = s.observations()[i];
                    c.episodeLength[i] = s.episodeLengths()[i];
                    c.episodeReturn[i] = s.episodeReturns()[i];
                }
                if (tr.sac.nStep() > 1) {
                    restoreWindows(in, c.windows, where);
                }
            } else {
                // The environments' state was not saved: continue with new episodes, seeded from the step.
                LOG.warn("{} holds no state of {}: continuing with new episodes, so the run no longer repeats an"
                        + " uninterrupted one", where, tr.envs.id());
                c.resetAll(tr.envSeed + tr.step, tr.step);
            }
        } catch (CheckpointException e) {
            throw new ResumeException("cannot resume from " + where + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static final String PRIORITIES = "replay.priorities";
    private static final String MAX_PRIORITY = "replay.max_priority";

    /** Prefix of copy {@code i}'s n-step window entries. */
    static String windowPrefix(int i) {
        return "loop.nstep." + i;
    }

    /** Each copy's pending n-step transitions, oldest first. */
    private static void putWindows(StateWriter out, NStepWindow[] windows) throws IOException {
        for (int i = 0; i < windows.length; i++) {
            NStepWindow.Pending p = windows[i].pending();
            out.putFloats(windowPrefix(i) + ".observations", p.observations());
            out.putFloats(windowPrefix(i) + ".actions", p.actions());
            out.putDoubles(windowPrefix(i) + ".rewards", p.rewards());
        }
    }

    private static void restoreWindows(StateReader in, NStepWindow[] windows, String where) throws CheckpointException {
        for (int i = 0; i < windows.length; i++) {
            String p = windowPrefix(i);
            if (!in.has(p + ".rewards")) {
                throw new CheckpointException(where + ": entry " + p + ".rewards (copy " + i + "'s n-step window) is"
                        + " missing");
            }
            try {
                windows[i].restore(new NStepWindow.Pending(in.floats(p + ".observations"), in.floats(p + ".actions"),
                        in.doubles(p + ".rewards")));
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(where + ": entry " + p + ": " + e.getMessage());
            }
        }
    }

    /** The priorities of the buffer's held slots and the largest priority seen. */
    private static void putPriorities(StateWriter out, PrioritizedReplay per) throws IOException {
        PrioritizedReplay.State s = per.state();
        out.putDoubles(PRIORITIES, Arrays.copyOf(s.priorities(), per.buffer().size()));
        out.putDoubles(MAX_PRIORITY, s.maxPriority());
    }

    private static void restorePriorities(StateReader in, PrioritizedReplay per, String where)
            throws CheckpointException {
        if (!in.has(PRIORITIES) || !in.has(MAX_PRIORITY)) {
            throw new CheckpointException(where + ": entries " + PRIORITIES + " and " + MAX_PRIORITY
                    + " (prioritized replay) are missing");
        }
        double[] held = in.doubles(PRIORITIES);
        double[] max = in.doubles(MAX_PRIORITY);
        if (held.length != per.buffer().size() || max.length != 1) {
            throw new CheckpointException(where + ": entry " + PRIORITIES + " holds " + held.length + " priorities and "
                    + MAX_PRIORITY + " " + max.length + " values, expected " + per.buffer().size() + " and 1");
        }
        try {
            per.restore(new PrioritizedReplay.State(Arrays.copyOf(held, per.buffer().capacity()), max[0]));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(where + ": " + e.getMessage());
        }
    }

    /**
     * The evaluation seed a run checkpoint holds (entry {@code loop.eval_seed}): with it,
     * {@link Evaluator#evaluate(java.util.function.Supplier, io.sac4j.sac.Learner, long, int)} repeats the
     * run's evaluations.
     */
    public static long evaluationSeed(StateReader checkpoint) throws CheckpointException {
        return LoopState.evaluationSeed(checkpoint);
    }

    /** The configuration keys a checkpoint stores: {@link SacConfigCodec#encode} of both configs. */
    static Map<String, String> configuration(SacConfig sac, RunConfig run) {
        Map<String, String> m = new LinkedHashMap<>(SacConfigCodec.encode(sac));
        m.putAll(SacConfigCodec.encode(run));
        return m;
    }

    /**
     * Refuses, with a message starting with {@code what}, a checkpoint manifest of another run
     * checkpoint format, of another environment than {@code envId}, or made with another SAC or run
     * configuration (field by field: the message and {@link ResumeException#differingFields} name
     * each field that differs). Changes nothing.
     */
    public static void checkResumable(Manifest m, String what, String envId, SacConfig sac, RunConfig run) {
        String format = m.get(MANIFEST_FORMAT).orElse("(none)");
        if (!format.equals(Integer.toString(FORMAT_VERSION))) {
            throw new ResumeException(what + " is a run checkpoint of format " + format + " (an older sac4j); this"
                    + " sac4j resumes format " + FORMAT_VERSION + " only: start a new run", List.of());
        }
        String savedEnv = m.get(MANIFEST_ENV).orElse("(none)");
        if (!savedEnv.equals(envId)) {
            throw new ResumeException(what + " is of " + savedEnv + ", this run trains " + envId, List.of("env"));
        }
        Map<String, String> current = configuration(sac, run);
        Map<String, String> saved = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.values().entrySet()) {
            if (e.getKey().startsWith("sac.") || e.getKey().startsWith("run.")) {
                saved.put(e.getKey(), e.getValue());
            }
        }
        saved = SacConfigCodec.withLaterDefaults(saved);
        List<String> differing = SacConfigCodec.differences(saved, current);
        if (differing.isEmpty()) {
            return;
        }
        boolean sacDiffers = differing.stream().anyMatch(k -> k.startsWith("sac."));
        boolean runDiffers = differing.stream().anyMatch(k -> k.startsWith("run."));
        List<String> parts = new ArrayList<>();
        for (String key : differing) {
            String field = key.substring(key.indexOf('.') + 1);
            parts.add(field + "=" + saved.getOrDefault(key, "(none)") + " there, " + field + "="
                    + current.getOrDefault(key, "(none)") + " here");
        }
        throw new ResumeException(what + " was made with another "
                + (sacDiffers && runDiffers ? "SAC and run" : sacDiffers ? "SAC" : "run") + " configuration: "
                + String.join("; ", parts), differing);
    }
}
