package io.sac4j.gym;

import io.grpc.Status;
import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.EnvOptions;
import io.sac4j.env.Envs;
import io.sac4j.env.Env;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user sees when something goes wrong on the Python side: one line that names it, never a hang. */
class ErrorPathsTest {
    private static void assertOneLine(String message) {
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    @Test
    void unknownIdIsGymnasiumsMessageInOneLine() {
        GymServer.Options o = GymPython.options();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GymServer.launch("NoSuchEnv-v0", o, System.err));
        assertOneLine(e.getMessage());
        assertTrue(e.getMessage().startsWith("gym:NoSuchEnv-v0: the environment server did not start"), e.getMessage());
        assertTrue(e.getMessage().contains("NameNotFound") && e.getMessage().contains("NoSuchEnv"), e.getMessage());
    }

    @Test
    void missingInterpreterNamesItAndThePipCommand() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GymServer.launch("Pendulum-v1",
                GymServer.Options.DEFAULT.withPython(Path.of("/nonexistent/python3")), System.err));
        assertOneLine(e.getMessage());
        assertTrue(e.getMessage().contains("/nonexistent/python3") && e.getMessage().contains("--python")
                && e.getMessage().contains(PythonRuntime.PIP_INSTALL), e.getMessage());
    }

    @Test
    void exceptionMidStepNamesEnvStepAndPythonException() {
        try (GymServer server = GymPython.launch("sac4j_gym/Faulty-v0", "{\"fail_at_step\": 3}");
             RemoteEnv env = server.openEnv("test")) {
            env.reset(0);
            env.step(new float[]{0f});
            env.step(new float[]{0f});
            RemoteEnvException e = assertThrows(RemoteEnvException.class, () -> env.step(new float[]{0f}));
            assertOneLine(e.getMessage());
            assertTrue(e.getMessage().startsWith("gym:sac4j_gym/Faulty-v0: Step 3 after reset failed: "), e.getMessage());
            assertTrue(e.getMessage().contains("RuntimeError: boom at step 3"), e.getMessage());
            assertEquals(Status.Code.INTERNAL, e.code());
            assertEquals(Optional.of("RuntimeError"), e.errorType());
        }
    }

    @Test
    void killedServerIsAClearErrorWithinTheTimeoutNotAHang() throws Exception {
        try (GymServer server = GymPython.launch("sac4j_gym/NoOp-v0"); RemoteEnv env = server.openEnv("test")) {
            env.reset(0);
            env.step(new float[]{0f});
            ProcessHandle child = ProcessHandle.of(server.pid().orElseThrow()).orElseThrow();
            child.destroyForcibly();
            child.onExit().get(10, TimeUnit.SECONDS);
            long start = System.nanoTime();
            RemoteEnvException e = assertThrows(RemoteEnvException.class, () -> env.step(new float[]{0f}));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < CallTimeouts.DEFAULT.step().toSeconds(), "took " + seconds + " s");
            assertOneLine(e.getMessage());
            assertTrue(e.getMessage().startsWith("gym:sac4j_gym/NoOp-v0: Step 2 after reset failed: the environment"
                    + " server is unreachable"), e.getMessage());
            assertTrue(e.getMessage().contains("exited with status 137 (signal 9)"), e.getMessage());
            assertEquals(Status.Code.UNAVAILABLE, e.code());
        }
    }

    /** A connection closed while a call is written (grpc-java's UNKNOWN "channel closed") is the unreachable server. */
    @Test
    void aChannelClosedMidCallIsTheUnreachableServer() {
        EnvServiceClient c = new EnvServiceClient(null, CallTimeouts.DEFAULT, "gym:X-v0",
                () -> "the server process 1 exited with status 137 (signal 9)");
        RemoteEnvException e = c.failure(Status.UNKNOWN.withDescription("channel closed").asRuntimeException(),
                "Step 2 after reset", Duration.ofSeconds(30));
        assertEquals(Status.Code.UNAVAILABLE, e.code());
        assertEquals("gym:X-v0: Step 2 after reset failed: the environment server is unreachable (UNKNOWN: channel"
                + " closed); the server process 1 exited with status 137 (signal 9)", e.getMessage());
        RemoteEnvException other = c.failure(Status.UNKNOWN.withDescription("something else").asRuntimeException(),
                "Step 2 after reset", Duration.ofSeconds(30));
        assertEquals(Status.Code.UNKNOWN, other.code());
        assertTrue(other.getMessage().contains("failed: something else (UNKNOWN)"), other.getMessage());
    }

    @Test
    void stuckServerHitsTheStepDeadline() {
        GymServer.Options o = GymPython.options().withKwargsJson("{\"step_seconds\": 30}")
                .withTimeouts(CallTimeouts.DEFAULT.withStep(Duration.ofMillis(1500)));
        try (GymServer server = GymServer.launch("sac4j_gym/Sleep-v0", o, System.err);
             RemoteEnv env = server.openEnv("test")) {
            env.reset(0);
            long start = System.nanoTime();
            RemoteEnvException e = assertThrows(RemoteEnvException.class, () -> env.step(new float[]{0f}));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds >= 1.4 && seconds < 10, "took " + seconds + " s");
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
            assertTrue(e.getMessage().contains("Step 1 after reset failed: no reply within 1.5 s"), e.getMessage());
        }
    }

    @Test
    void tupleSpaceIsRefusedNamingIt() {
        // Image (uint8) and rank-2 Box spaces: FakeServerTest, which can serve any space.
        try (GymServer server = GymPython.launch("Blackjack-v1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server.openEnv("test"));
            assertOneLine(e.getMessage());
            assertTrue(e.getMessage().startsWith("gym:Blackjack-v1: the observation space Tuple(Discrete(32)"),
                    e.getMessage());
        }
    }

    @Test
    void spacesAndWrongActionSizes() {
        try (GymServer server = GymPython.launch("HalfCheetah-v5"); RemoteVectorEnv v = server.openVector(3, "test")) {
            Box obs = assertInstanceOf(Box.class, v.singleObservationSpace());
            Box act = assertInstanceOf(Box.class, v.singleActionSpace());
            assertEquals(17, obs.dim());
            assertEquals(6, act.dim());
            assertArrayEquals(new float[]{-1, -1, -1, -1, -1, -1}, act.low());
            assertEquals(Float.NEGATIVE_INFINITY, obs.low(0));
            assertEquals(1000, v.maxEpisodeSteps());
            assertTrue(v.serverInfo().contains("gymnasium 1.3.0"), v.serverInfo());
            v.reset(1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> v.step(new float[][]{new float[6], new float[6]}));
            assertEquals("gym:HalfCheetah-v5: 2 actions for 3 copies", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> v.step(new float[][]{new float[6], new float[5], new float[6]}));
            assertEquals("gym:HalfCheetah-v5: action has length 5, expected 6", e.getMessage());
        }
        try (GymServer server = GymPython.launch("CartPole-v1"); RemoteEnv env = server.openEnv("test")) {
            assertEquals(new Discrete(2), env.actionSpace());
            env.reset(0);
            assertEquals(1.0, env.step(new float[]{1f}).reward());
            assertThrows(IllegalArgumentException.class, () -> env.step(new float[]{2f}));
        }
    }

    @Test
    void providerMakesGymIdsAndClosingTheEnvEndsTheServer() throws Exception {
        EnvOptions o = EnvOptions.NONE.withPython(GymPython.require()).withKwarg("g", 9.81);
        long pid;
        try (Env env = Envs.make("gym:Pendulum-v1", o)) {
            assertEquals("gym:Pendulum-v1", env.id());
            assertEquals(3, env.reset(0).length);
            pid = ProcessHandle.current().children().filter(p -> p.info().commandLine().orElse("")
                    .contains("sac4j_gym.server")).mapToLong(ProcessHandle::pid).max().orElseThrow();
        }
        Optional<ProcessHandle> child = ProcessHandle.of(pid);
        if (child.isPresent()) {
            child.get().onExit().get(10, TimeUnit.SECONDS);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "server " + pid + " still runs");
    }

    /** A JVM killed with kill -9 takes its server with it: no orphan Python process. */
    @Test
    void serverDiesWithAKilledJvm() throws Exception {
        Path python = GymPython.require();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LaunchAndWait.class.getName(), python.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        Process jvm = pb.start();
        long serverPid;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            assertTrue(line != null && line.startsWith("server pid "), "child JVM said: " + line);
            serverPid = Long.parseLong(line.substring("server pid ".length()));
            ProcessHandle server = ProcessHandle.of(serverPid).orElseThrow();
            assertTrue(server.isAlive());
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            jvm.waitFor(10, TimeUnit.SECONDS);
            server.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(server.isAlive(), "the server outlived its JVM");
        } finally {
            jvm.destroyForcibly();
        }
    }
}
