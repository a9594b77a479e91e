package io.sac4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4j.checkpoint.Checkpoints;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sac4j train and env replay on gym: environments, end to end through the Python server. Needs
 * {@code SAC4J_PYTHON} (CI sets it); skipped with that reason otherwise.
 */
class GymCliTest {
    @BeforeEach
    void needsPython() {
        String p = System.getenv("SAC4J_PYTHON");
        Assumptions.assumeTrue(p != null && !p.isBlank(),
                "SAC4J_PYTHON is unset: the gym: CLI tests need a Python with gymnasium (CI sets it)");
    }

    private static String[] train(Path out, String env, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--env", env, "--steps", "600", "--eval-every", "200",
                "--eval-episodes", "1", "--checkpoint-every", "300", "--learning-starts", "100", "--batch-size", "32",
                "--hidden", "16", "--seed", "3", "--threads", "1", "--quiet", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    /** Cuts a finished run back to its step-300 checkpoint, as if it had been killed after it. */
    private static void forgetAfter300(Path run) throws IOException {
        Files.delete(Checkpoints.file(run, 600));
        Files.delete(run.resolve("final_eval.json"));
    }

    @Test
    void trainsPendulumThroughTheBridgeOnTwoCopiesAndResumes(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        MainTest.Result r = MainTest.run(train(run, "gym:Pendulum-v1", "--n-envs", "2", "--env-kwargs", "g=9.81"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("on gym:Pendulum-v1 for 600 steps on 2 copies"), r.out());
        assertEquals(4, Files.readAllLines(run.resolve("metrics.csv")).size(), "header and 3 evaluations");
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"g=9.81\""), "kwargs recorded");
        assertTrue(Files.exists(Checkpoints.file(run, 600)));

        forgetAfter300(run);
        r = MainTest.run("train", "--resume", run.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("holds no state of gym:Pendulum-v1: continuing with new episodes"), r.err());
        assertTrue(Files.exists(Checkpoints.file(run, 600)));
        assertEquals(4, Files.readAllLines(run.resolve("metrics.csv")).size(), "rows after 300 written once");

        // sac4j eval starts its own server with --python and repeats the final evaluation (the run's kwargs too)
        r = MainTest.run("eval", "--checkpoint", Checkpoints.file(run, 600).toString(), "--python",
                System.getenv("SAC4J_PYTHON"));
        assertEquals(0, r.code(), r.err());
        JsonNode out = Json.parse(r.out());
        assertEquals(CheckpointCliTest.field(run.resolve("final_eval.json"), "mean_return").doubleValue(),
                out.get("mean_return").doubleValue());
        assertEquals("gym:Pendulum-v1", out.get("env").textValue());
        r = MainTest.run("eval", "--checkpoint", Checkpoints.file(run, 600).toString(), "--env-kwargs", "g=1");
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("--env-kwargs goes with --env"), r.err());
    }

    /**
     * Resume exactness with new episodes: on NoOp-v0 (zero observations and rewards) whose episodes are 50
     * steps, a new episode at step 300 is the one an uninterrupted run starts there, so the resumed run
     * repeats the uninterrupted one exactly only if learner, optimisers, buffer and generators were restored
     * exactly.
     */
    @Test
    void resumedGymRunRepeatsTheUninterruptedOneWhenNewEpisodesChangeNothing(@TempDir Path tmp) throws IOException {
        Path whole = tmp.resolve("whole");
        Path cut = tmp.resolve("cut");
        String[] kwargs = {"--env-kwargs", "episode_steps=50"};
        assertEquals(0, MainTest.run(train(whole, "gym:sac4j_gym/NoOp-v0", kwargs)).code());
        MainTest.Result r = MainTest.run(train(cut, "gym:sac4j_gym/NoOp-v0", kwargs));
        assertEquals(0, r.code(), r.err());
        forgetAfter300(cut);
        r = MainTest.run("train", "--resume", cut.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertEquals(CheckpointCliTest.csvWithoutWall(whole), CheckpointCliTest.csvWithoutWall(cut));
        assertEquals(Files.readString(whole.resolve("final_eval.json")).replaceAll("\"(wall_s|env_wait_s)\"[^,}]*", ""),
                Files.readString(cut.resolve("final_eval.json")).replaceAll("\"(wall_s|env_wait_s)\"[^,}]*", ""));
    }

    @Test
    void replayPrintsAGymTrajectory(@TempDir Path tmp) throws IOException {
        Path actions = Files.writeString(tmp.resolve("a.txt"), "0.5\n-1\n# comment\n2\n");
        MainTest.Result r = MainTest.run("env", "replay", "--env", "gym:Pendulum-v1", "--seed", "4", "--actions",
                actions.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("t,reward,terminated,truncated,next_obs_0,next_obs_1,next_obs_2", lines.get(0));
        assertEquals(4, lines.size(), r.out());
        assertTrue(lines.get(3).startsWith("2,"), lines.get(3));
        assertFalse(r.out().contains("true"), "Pendulum neither terminates nor truncates in 3 steps");
    }

    @Test
    void presetsListTheMujocoEnvironments() {
        MainTest.Result r = MainTest.run("presets");
        assertTrue(r.out().contains("gym:HalfCheetah-v5"), r.out());
        assertTrue(r.out().contains("--steps 2000000"), "Humanoid: 2M steps");
    }
}
