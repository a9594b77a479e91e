package io.sac4j.gym;

import io.sac4j.train.LibraryLog;
import org.slf4j.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Python environment server as a child process: {@code python -m sac4j_gym.server ... --port 0
 * --exit-with-parent} on loopback, its port read from the one line it prints once listening
 * ({@value #LISTENING}), its stderr forwarded to the log line by line.
 *
 * <p>The child must not outlive this JVM, even one killed with {@code kill -9}: its stdin is a pipe
 * this process keeps open and never writes, and the server exits when the pipe reaches end of file
 * (which the kernel causes when this process dies). As a second line of defence the server asks Linux
 * for SIGTERM when the thread that started it exits (PR_SET_PDEATHSIG), so the child is started
 * from a thread that lives exactly as long as the child (the reaper, which then waits for it);
 * and a shutdown hook destroys it on an orderly JVM exit.
 */
final class ServerProcess implements AutoCloseable {
    /** The line prefix the server prints on stdout once it listens. */
    static final String LISTENING = "SAC4J_GYM_LISTENING port=";
    private static final Logger LOG = LibraryLog.get(ServerProcess.class);
    /** Stderr lines kept for error messages (the server's one-line error is its last). */
    private static final int KEPT_LINES = 20;

    private final Process process;
    private final int port;
    private final Deque<String> lastErrLines;
    private final Thread shutdownHook;
    private final String name;

    private ServerProcess(Process process, int port, Deque<String> lastErrLines, Thread hook, String name) {
        this.process = process;
        this.port = port;
        this.lastErrLines = lastErrLines;
        this.shutdownHook = hook;
        this.name = name;
    }

    /**
     * Starts {@code python -m sac4j_gym.server} with {@code args} and waits until it listens.
     *
     * @param name names the environment in messages, e.g. {@code gym:HalfCheetah-v5}
     * @throws IllegalArgumentException when the interpreter cannot run, or the server exits before listening
     *                                  (its last stderr line is the message: an unknown id, a missing dependency)
     * @throws IllegalStateException    when it does not listen within {@code startupTimeout}
     */
    static ServerProcess start(String name, Path python, Path packageRoot, List<String> args, Duration startupTimeout) {
        List<String> command = new java.util.ArrayList<>(List.of(python.toString(), "-u", "-m", "sac4j_gym.server"));
        command.addAll(args);
        command.add("--port");
        command.add("0");
        command.add("--exit-with-parent");
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        String old = env.get("PYTHONPATH");
        env.put("PYTHONPATH", packageRoot + (old == null || old.isEmpty() ? "" : java.io.File.pathSeparator + old));
        env.put("PYTHONUNBUFFERED", "1");

        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread reaper = new Thread(() -> {
            Process p;
            try {
                p = pb.start();
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                return;
            }
            started.complete(p);
            while (true) {
                try {
                    p.waitFor(); // keeps this, the starting thread, alive as long as the child (PR_SET_PDEATHSIG)
                    return;
                } catch (InterruptedException ignored) {
                    // only the child's end ends this thread
                }
            }
        }, "sac4j-gym-server-reaper");
        reaper.setDaemon(true);
        reaper.start();
        Process p;
        try {
            p = started.get();
        } catch (ExecutionException e) {
            throw new IllegalArgumentException(name + ": cannot start the Python interpreter " + python + ": "
                    + EnvServiceClient.oneLine(String.valueOf(e.getCause().getMessage())) + "; install Python 3.10+"
                    + " and " + PythonRuntime.PIP_INSTALL + ", then pass --python or set " + PythonRuntime.PYTHON_ENV);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while starting the environment server", e);
        }
        Thread hook = new Thread(() -> destroy(p), "sac4j-gym-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        Deque<String> errLines = new ArrayDeque<>();
        Thread err = new Thread(() -> forward(p, errLines, name), "sac4j-gym-server-stderr");
        err.setDaemon(true);
        err.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread out = new Thread(() -> readStdout(p, port, name), "sac4j-gym-server-stdout");
        out.setDaemon(true);
        out.start();
        ServerProcess server = new ServerProcess(p, 0, errLines, hook, name);
        try {
            int listening = port.get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ServerProcess(p, listening, errLines, hook, name);
        } catch (TimeoutException e) {
            server.close();
            throw new IllegalStateException(name + ": the environment server did not listen within "
                    + EnvServiceClient.seconds(startupTimeout) + server.lastLineSuffix());
        } catch (ExecutionException e) {
            waitQuietly(p, err);
            server.close();
            throw new IllegalArgumentException(name + ": the environment server did not start (exit status "
                    + exitStatus(p) + ")" + server.lastLineSuffix());
        } catch (InterruptedException e) {
            server.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while starting the environment server", e);
        }
    }

    private static void readStdout(Process p, CompletableFuture<Integer> port, String name) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!port.isDone() && line.startsWith(LISTENING)) {
                    try {
                        port.complete(Integer.parseInt(line.substring(LISTENING.length()).trim()));
                    } catch (NumberFormatException e) {
                        port.completeExceptionally(new IllegalStateException("bad listening line: " + line));
                    }
                } else {
                    LOG.info("{} server stdout: {}", name, line);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        port.completeExceptionally(new IllegalStateException("the server's stdout closed"));
    }

    private static void forward(Process p, Deque<String> kept, String name) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (kept) {
                    if (kept.size() == KEPT_LINES) {
                        kept.removeFirst();
                    }
                    kept.addLast(line);
                }
                LOG.info("{} server: {}", name, line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static void waitQuietly(Process p, Thread err) {
        try {
            p.waitFor(5, TimeUnit.SECONDS);
            err.join(2000); // the last stderr lines
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String exitStatus(Process p) {
        return p.isAlive() ? "still running" : Integer.toString(p.exitValue());
    }

    /** ": <the server's last stderr line>" or "" when it printed none. */
    private String lastLineSuffix() {
        synchronized (lastErrLines) {
            for (var it = lastErrLines.descendingIterator(); it.hasNext(); ) {
                String l = it.next().strip();
                if (!l.isEmpty()) {
                    return ": " + l;
                }
            }
        }
        return "";
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * For messages of a failed call: "" while the server runs, else its exit status and last stderr
     * line (a Python traceback's last line, or a signal).
     */
    String diagnosis() {
        if (process.isAlive()) {
            return "";
        }
        int status = process.exitValue();
        return "the server process " + process.pid() + " exited with status " + status
                + (status > 128 ? " (signal " + (status - 128) + ")" : "") + lastLineSuffix();
    }

    /** Ends the child: closes its stdin (it exits by itself), then SIGTERM, then SIGKILL. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down: the hook runs anyway
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                destroy(process);
            }
        } catch (InterruptedException e) {
            destroy(process);
            Thread.currentThread().interrupt();
        }
    }

    private static void destroy(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ServerProcess(" + name + ", pid " + process.pid() + ", port " + port + ")";
    }
}
