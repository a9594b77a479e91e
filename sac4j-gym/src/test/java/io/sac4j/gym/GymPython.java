package io.sac4j.gym;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Python the tests serve environments with: {@value PythonRuntime#PYTHON_ENV} (CI creates a
 * virtual environment with gymnasium and mujoco and sets it). Without it the Python-backed tests are
 * skipped with that reason, visibly; they never fall back to creating an environment.
 */
final class GymPython {
    private GymPython() {
    }

    /** The interpreter; skips the calling test when {@value PythonRuntime#PYTHON_ENV} is unset. */
    static Path require() {
        String p = System.getenv(PythonRuntime.PYTHON_ENV);
        Assumptions.assumeTrue(p != null && !p.isBlank(), PythonRuntime.PYTHON_ENV
                + " is unset: the tests that need a Python with gymnasium and mujoco are skipped (CI sets it)");
        return Path.of(p);
    }

    static GymServer.Options options() {
        return GymServer.Options.DEFAULT.withPython(require());
    }

    static GymServer launch(String gymId) {
        return GymServer.launch(gymId, options(), System.err);
    }

    static GymServer launch(String gymId, String kwargsJson) {
        return GymServer.launch(gymId, options().withKwargsJson(kwargsJson), System.err);
    }

    /** Runs {@code python args...} with the sac4j_gym package on the path; returns stdout, failing on a non-zero exit. */
    static String run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(require().toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("PYTHONPATH", PythonRuntime.packageRoot().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python " + args + " failed: " + out);
        }
        return out;
    }
}
