package io.sac4j.train;

import io.sac4j.checkpoint.Checkpoint;
import io.sac4j.checkpoint.CheckpointReader;
import io.sac4j.checkpoint.Checkpoints;
import io.sac4j.env.Envs;
import io.sac4j.sac.SacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When {@link OffPolicyLoop} calls each {@link TrainListener} method, and with what. */
class TrainListenerTest {
    private static final SacConfig TINY = SacConfig.builder().hiddenSizes(8).batchSize(8).learningStarts(50).build();

    /** Records the calls as "step:event" (episodes, evaluations, checkpoints) and the steps of onStep apart. */
    private static class Recorder implements TrainListener {
        final List<String> events = new ArrayList<>();
        final List<Long> steps = new ArrayList<>();
        final List<Path> checkpointFiles = new ArrayList<>();

        @Override
        public void onEpisodeEnd(long step, double episodeReturn, int length) {
            events.add(step + ":episode");
        }

        @Override
        public void onEvaluation(EvalRecord record) {
            events.add(record.step() + ":evaluation");
        }

        @Override
        public void onCheckpoint(long step, Path file) {
            // The file is complete when we are told: it opens and verifies now, not only after the run.
            try (CheckpointReader in = Checkpoint.open(file)) {
                assertEquals(step, in.manifest().requireLong(RunCheckpoint.MANIFEST_STEP));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            events.add(step + ":checkpoint");
            checkpointFiles.add(file);
        }

        @Override
        public void onStep(long step) {
            if (!events.isEmpty() && events.get(events.size() - 1).startsWith(step + ":")) {
                events.add(step + ":step"); // listed only after a step's other events, to keep the list short
            }
            steps.add(step);
        }
    }

    @Test
    void everyStepIsReportedOnceInOrderAfterItsEpisodeEvaluationAndCheckpoint(@TempDir Path tmp) {
        Recorder r = new Recorder();
        // Pendulum's episodes last 200 steps; evaluations every 200, checkpoints every 250 (the newest 2 kept).
        OffPolicyLoop.builder(TINY, new RunConfig(600, 200, 1, 0)).envs(() -> Envs.make("Pendulum-v1"))
                .listeners(List.of(r)).checkpointing(Checkpointing.every(tmp, 250)).build().run();
        assertEquals(LongStream.rangeClosed(1, 600).boxed().toList(), r.steps);
        assertEquals(List.of("200:episode", "200:evaluation", "200:step", "250:checkpoint", "250:step",
                "400:episode", "400:evaluation", "400:step", "500:checkpoint", "500:step",
                "600:episode", "600:evaluation", "600:checkpoint", "600:step"), r.events, "the last step is saved too");
        assertEquals(List.of(Checkpoints.file(tmp, 250), Checkpoints.file(tmp, 500), Checkpoints.file(tmp, 600)),
                r.checkpointFiles);
        assertTrue(Files.exists(r.checkpointFiles.get(2)));
        assertFalse(Files.exists(r.checkpointFiles.get(0)), "the newest 2 kept");
    }

    @Test
    void aResumedRunReportsTheStepsAfterItsCheckpointOnly(@TempDir Path tmp) {
        OffPolicyLoop.builder(TINY, new RunConfig(300, 300, 1, 0)).envs(() -> Envs.make("Pendulum-v1"))
                .checkpointing(Checkpointing.every(tmp, 250)).build().run();
        Recorder r = new Recorder();
        OffPolicyLoop.builder(TINY, new RunConfig(300, 300, 1, 0)).envs(() -> Envs.make("Pendulum-v1"))
                .listeners(List.of(r)).checkpointing(Checkpointing.every(tmp, 250))
                .resumeFrom(Checkpoints.file(tmp, 250)).build().run();
        assertEquals(LongStream.rangeClosed(251, 300).boxed().toList(), r.steps);
        assertEquals(List.of("300:evaluation", "300:checkpoint", "300:step"), r.events,
                "the last step's checkpoint, none other due before 500");
    }

    /** An early stop off the interval: its step's checkpoint comes after the shouldStop that asked for it. */
    @Test
    void anEarlyStopIsCheckpointedAfterItsRequest(@TempDir Path tmp) {
        Recorder r = new Recorder() {
            @Override
            public boolean shouldStop() {
                boolean stop = steps.size() == 320;
                if (stop) {
                    events.add(steps.get(steps.size() - 1) + ":stop");
                }
                return stop;
            }
        };
        OffPolicyLoop.builder(TINY, new RunConfig(600, 200, 1, 0)).envs(() -> Envs.make("Pendulum-v1"))
                .listeners(List.of(r)).checkpointing(Checkpointing.every(tmp, 250)).build().run();
        assertEquals(List.of("320:stop", "320:checkpoint"), r.events.subList(r.events.size() - 2, r.events.size()));
        assertEquals(List.of(Checkpoints.file(tmp, 250), Checkpoints.file(tmp, 320)), r.checkpointFiles);
    }
}
