package io.sac4j.train;

import io.sac4j.checkpoint.Checkpoint;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.CheckpointReader;
import io.sac4j.checkpoint.Checkpoints;
import io.sac4j.checkpoint.ComponentStates;
import io.sac4j.checkpoint.Manifest;
import io.sac4j.env.RestorableEnv;
import io.sac4j.sac.SacConfig;
import io.sac4j.tensor.Kernels;
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
 * environment state when every copy is restorable ({@link EnvCheckpoint}), and the replay buffer
 * when {@link Checkpointing#includeBuffer}. Resuming refuses a checkpoint of another format,
 * environment or configuration with a {@link ResumeException} before it changes anything.
 */
final class RunCheckpoint {
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
                .with(OffPolicyLoop.MANIFEST_FORMAT, FORMAT_VERSION)
                .with(OffPolicyLoop.MANIFEST_ENV, tr.envs.id())
                .with(OffPolicyLoop.MANIFEST_STEP, tr.step)
                .with(OffPolicyLoop.MANIFEST_TOTAL_STEPS, tr.run.totalSteps())
                .with(OffPolicyLoop.MANIFEST_UPDATES, tr.learner.updates())
                .with(OffPolicyLoop.MANIFEST_BUFFER, Boolean.toString(c.includeBuffer()))
                .with(OffPolicyLoop.MANIFEST_ENV_RESTORABLE, Boolean.toString(copies.isPresent()))
                .with(OffPolicyLoop.MANIFEST_CONFIG, c.configText())
                .withProvenance(tr.run.seed(), Kernels.threads());
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
            }
            if (c.includeBuffer()) {
                ComponentStates.putReplayBuffer(out, "buffer", tr.buffer);
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
                        + s.windowSums().length + " sums, expected 5 (or 4)");
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
            if (Boolean.parseBoolean(m.get(OffPolicyLoop.MANIFEST_BUFFER).orElse("false"))) {
                ComponentStates.restoreReplayBuffer(in, "buffer", tr.buffer);
            } else {
                LOG.info("{} holds no replay buffer: continuing with an empty one, so the run no longer repeats"
                        + " an uninterrupted one", where);
            }
            Optional<List<RestorableEnv>> copies = tr.envs.restorableCopies();
            if (Boolean.parseBoolean(m.get(OffPolicyLoop.MANIFEST_ENV_RESTORABLE).orElse("false"))
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
    static void checkResumable(Manifest m, String what, String envId, SacConfig sac, RunConfig run) {
        String format = m.get(OffPolicyLoop.MANIFEST_FORMAT).orElse("(none)");
        if (!format.equals(Integer.toString(FORMAT_VERSION))) {
            throw new ResumeException(what + " is a run checkpoint of format " + format + " (an older sac4j); this"
                    + " sac4j resumes format " + FORMAT_VERSION + " only: start a new run", List.of());
        }
        String savedEnv = m.get(OffPolicyLoop.MANIFEST_ENV).orElse("(none)");
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
