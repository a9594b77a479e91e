package io.sac4j.gym;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where the Python side comes from: the interpreter that runs the server, and the {@code sac4j_gym}
 * package it runs, which ships inside this jar so that a user with only the jar can serve Gymnasium
 * environments.
 *
 * <p>The interpreter is, in this order: an explicit path ({@code --python}), the environment variable
 * {@value #PYTHON_ENV}, or a virtual environment this class creates on first use under
 * {@code ~/.cache/sac4j} ({@code $XDG_CACHE_HOME/sac4j}) with the pinned packages of
 * {@link #PIP_PACKAGES}; the last needs {@code python3} on the PATH and a package index (or a local
 * wheel store pip is configured for).
 */
public final class PythonRuntime {
    /** The environment variable naming the Python interpreter (with gymnasium installed) to serve environments with. */
    public static final String PYTHON_ENV = "SAC4J_PYTHON";
    /**
     * The environment variable naming a folder that holds the {@code sac4j_gym} package, used instead of
     * the copy inside the jar: for working on the Python side, or a jar built without it.
     */
    public static final String PACKAGE_ENV = "SAC4J_GYM_PYTHONPATH";
    /** What the managed virtual environment installs; the versions this sac4j was tested with. */
    public static final List<String> PIP_PACKAGES = List.of("gymnasium==1.3.0", "mujoco==3.14.0", "grpcio", "protobuf",
            "numpy", "imageio", "packaging");
    /** The command a user runs to install them into an interpreter of their own. */
    public static final String PIP_INSTALL = "pip install " + String.join(" ", PIP_PACKAGES);
    /**
     * The managed environment's folder name: a new one when the package list changes (an environment made
     * for an older list, e.g. before {@code packaging} was added, is left alone, never half-upgraded).
     */
    static final String VENV_NAME = "gym-venv-gymnasium1.3.0-mujoco3.14.0-"
            + Integer.toHexString(String.join(" ", PIP_PACKAGES).hashCode());
    /** Where the package sits in the jar (copied there from {@code python/} by the build). */
    static final String RESOURCE_ROOT = "io/sac4j/gym/python/";
    private static final String MARKER = ".sac4j-complete";

    private PythonRuntime() {
    }

    /**
     * The interpreter: {@code explicit}, else {@value #PYTHON_ENV}, else the managed virtual environment
     * (created now if missing, with a progress message on {@code progress}).
     *
     * @throws IllegalArgumentException naming the path and where it came from when it is not an executable file, or
     *                                  what failed while creating the managed environment
     */
    public static Path interpreter(Optional<Path> explicit, PrintStream progress) {
        if (explicit.isPresent()) {
            return checkExecutable(explicit.get(), "--python");
        }
        String fromEnv = System.getenv(PYTHON_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return checkExecutable(Path.of(fromEnv), PYTHON_ENV);
        }
        return managedVenv(cacheRoot().resolve(VENV_NAME), "python3", progress);
    }

    private static Path checkExecutable(Path p, String source) {
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            throw new IllegalArgumentException("Python interpreter " + p + " (" + source + ") is not an executable"
                    + " file; install Python 3.10+ with: " + PIP_INSTALL);
        }
        return p;
    }

    static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("sac4j");
    }

    /**
     * The interpreter of the virtual environment {@code dir}, created with {@code bootstrap -m venv} and
     * filled first if not complete (a marker file, written last, says it is).
     */
    static Path managedVenv(Path dir, String bootstrap, PrintStream progress) {
        Path python = dir.resolve("bin").resolve("python");
        if (Files.exists(dir.resolve(MARKER))) {
            return python;
        }
        try {
            Files.createDirectories(dir.getParent());
            try (FileChannel lockFile = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (Files.exists(dir.resolve(MARKER))) { // another process made it while we waited
                    return python;
                }
                progress.println("sac4j: creating a Python environment for Gymnasium in " + dir
                        + " (first use only; python3 -m venv, then " + PIP_INSTALL + ")");
                progress.flush();
                run(List.of(bootstrap, "-m", "venv", "--clear", dir.toString()), progress,
                        bootstrap + " -m venv " + dir + " (is " + bootstrap + " with its venv module installed? or pass"
                                + " --python / set " + PYTHON_ENV + ")");
                List<String> pip = new ArrayList<>(List.of(python.toString(), "-m", "pip", "install",
                        "--quiet", "--disable-pip-version-check", "--retries", "1", "--timeout", "5"));
                pip.addAll(PIP_PACKAGES);
                run(pip, progress, "pip install into " + dir + " (install yourself with: " + python + " -m "
                        + PIP_INSTALL + ", or pass --python / set " + PYTHON_ENV + ")");
                Files.writeString(dir.resolve(MARKER), String.join("\n", PIP_PACKAGES) + "\n");
                progress.println("sac4j: Python environment ready: " + python);
                return python;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Python environment " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code command}; its output is kept and shown on {@code progress} only when it fails (pip's
     * retry warnings on a machine without an index are noise when the install succeeds). A failure names
     * {@code what}.
     */
    private static void run(List<String> command, PrintStream progress, String what) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot run " + command.get(0) + ": " + e.getMessage() + " during "
                    + what);
        }
        p.getOutputStream().close();
        byte[] output;
        try (InputStream in = p.getInputStream()) {
            output = in.readAllBytes();
        }
        int status;
        try {
            status = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + what, e);
        }
        if (status != 0) {
            progress.write(output);
            progress.flush();
            throw new IllegalArgumentException("failed with exit status " + status + ": " + what);
        }
    }

    /**
     * The folder to put on {@code PYTHONPATH} so that {@code python -m sac4j_gym.server} runs: {@value #PACKAGE_ENV}
     * if set, else the package inside this jar, extracted once into {@code ~/.cache/sac4j/python/<content hash>}.
     */
    public static Path packageRoot() {
        String override = System.getenv(PACKAGE_ENV);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (!Files.isRegularFile(p.resolve("sac4j_gym").resolve("server.py"))) {
                throw new IllegalArgumentException(PACKAGE_ENV + "=" + override + " holds no sac4j_gym/server.py");
            }
            return p;
        }
        Map<String, byte[]> files = bundledFiles();
        String hash = sha256(files).substring(0, 16);
        Path target = cacheRoot().resolve("python").resolve(hash);
        if (Files.exists(target.resolve(MARKER))) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempDirectory(target.getParent(), hash + ".tmp");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path out = tmp.resolve(f.getKey());
                Files.createDirectories(out.getParent());
                Files.write(out, f.getValue());
            }
            Files.writeString(tmp.resolve(MARKER), hash + "\n");
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                deleteTree(tmp); // another process extracted the same files first
            } catch (IOException e) {
                if (!Files.exists(target.resolve(MARKER))) {
                    throw e;
                }
                deleteTree(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the sac4j_gym Python package to " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /** The package's files from the class path, by path relative to the package root ({@code sac4j_gym/server.py}). */
    static Map<String, byte[]> bundledFiles() {
        URL marker = PythonRuntime.class.getClassLoader().getResource(RESOURCE_ROOT + "sac4j_gym/server.py");
        if (marker == null) {
            throw new IllegalArgumentException("this sac4j-gym was built without the sac4j_gym Python package"
                    + " (python/sac4j_gym was missing); set " + PACKAGE_ENV + " to a folder holding sac4j_gym");
        }
        Map<String, byte[]> files = new TreeMap<>();
        try {
            if (marker.getProtocol().equals("jar")) {
                JarURLConnection c = (JarURLConnection) marker.openConnection();
                c.setUseCaches(false);
                try (JarFile jar = c.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry e = entries.nextElement();
                        if (!e.isDirectory() && e.getName().startsWith(RESOURCE_ROOT)) {
                            try (InputStream in = jar.getInputStream(e)) {
                                files.put(e.getName().substring(RESOURCE_ROOT.length()), in.readAllBytes());
                            }
                        }
                    }
                }
            } else {
                Path root = Path.of(marker.toURI()).getParent().getParent();
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : walk.filter(Files::isRegularFile).toList()) {
                        files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the bundled sac4j_gym package at " + marker + ": " + e, e);
        }
        return files;
    }

    private static String sha256(Map<String, byte[]> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                md.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(f.getValue());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
