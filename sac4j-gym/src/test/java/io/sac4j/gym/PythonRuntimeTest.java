package io.sac4j.gym;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The managed virtual environment's life, with a fake {@code python3} that records its calls instead of
 * creating a venv and installing from a package index: made once with the pinned packages, reused after,
 * and a failed install reported with the command to run and redone on the next use.
 */
class PythonRuntimeTest {
    /**
     * A fake bootstrap interpreter: {@code -m venv --clear DIR} makes DIR/bin/python, a script that logs
     * its arguments to {@code calls.log} and exits with the status in {@code pip-status} (0 when absent),
     * printing a pip-like complaint when that is not 0.
     */
    private static Path fakePython3(Path tmp) throws IOException {
        Path venvPython = tmp.resolve("venv-python.sh");
        Files.writeString(venvPython, """
                #!/bin/sh
                echo "pip $*" >> "%1$s/calls.log"
                status=$(cat "%1$s/pip-status" 2>/dev/null || echo 0)
                [ "$status" = 0 ] || echo "ERROR: No matching distribution found for gymnasium==1.3.0"
                exit "$status"
                """.formatted(tmp));
        Path bootstrap = tmp.resolve("python3");
        Files.writeString(bootstrap, """
                #!/bin/sh
                echo "bootstrap $*" >> "%1$s/calls.log"
                dir="$4"
                mkdir -p "$dir/bin" && cp "%1$s/venv-python.sh" "$dir/bin/python" && chmod +x "$dir/bin/python"
                """.formatted(tmp));
        for (Path p : List.of(venvPython, bootstrap)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bootstrap;
    }

    private static List<String> calls(Path tmp) throws IOException {
        Path log = tmp.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void createsTheEnvironmentOnceWithThePinnedPackagesThenReusesIt(@TempDir Path tmp) throws IOException {
        Path bootstrap = fakePython3(tmp);
        Path dir = tmp.resolve("cache").resolve(PythonRuntime.VENV_NAME);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8);

        Path python = PythonRuntime.managedVenv(dir, bootstrap.toString(), out);
        assertEquals(dir.resolve("bin").resolve("python"), python);
        List<String> calls = calls(tmp);
        assertEquals(2, calls.size(), calls.toString());
        assertEquals("bootstrap -m venv --clear " + dir, calls.get(0));
        assertTrue(calls.get(1).startsWith("pip -m pip install "), calls.get(1));
        assertTrue(calls.get(1).endsWith(" " + String.join(" ", PythonRuntime.PIP_PACKAGES)), calls.get(1));
        String said = progress.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("creating a Python environment for Gymnasium in " + dir), said);
        assertTrue(said.contains("Python environment ready"), said);

        assertEquals(python, PythonRuntime.managedVenv(dir, bootstrap.toString(), out));
        assertEquals(2, calls(tmp).size(), "a complete environment is reused, not made again");
    }

    @Test
    void aFailedInstallNamesTheCommandShowsPipAndIsRedoneNextTime(@TempDir Path tmp) throws IOException {
        Path bootstrap = fakePython3(tmp);
        Files.writeString(tmp.resolve("pip-status"), "1");
        Path dir = tmp.resolve(PythonRuntime.VENV_NAME);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PythonRuntime.managedVenv(dir, bootstrap.toString(), out));
        assertTrue(e.getMessage().contains("failed with exit status 1: pip install into " + dir), e.getMessage());
        assertTrue(e.getMessage().contains(PythonRuntime.PIP_INSTALL), e.getMessage());
        assertTrue(e.getMessage().contains("--python"), e.getMessage());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("No matching distribution"),
                "pip's own output is shown when it fails");

        Files.writeString(tmp.resolve("pip-status"), "0");
        PythonRuntime.managedVenv(dir, bootstrap.toString(), out);
        assertEquals(4, calls(tmp).size(), "the half-made environment is made again: " + calls(tmp));
    }

    @Test
    void noBootstrapInterpreterIsNamedWithTheWayOut(@TempDir Path tmp) {
        Path dir = tmp.resolve("venv");
        String missing = tmp.resolve("no-such-python3").toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PythonRuntime.managedVenv(dir, missing, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().startsWith("cannot run " + missing), e.getMessage());
        assertTrue(e.getMessage().contains("venv module installed? or pass --python / set SAC4J_PYTHON"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("bin").resolve("python")));
    }
}
