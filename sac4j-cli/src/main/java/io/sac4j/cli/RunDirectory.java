package io.sac4j.cli;

import io.sac4j.train.TrainResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A run directory of {@code sac4j train}: where it goes, and the files the command writes there itself. */
final class RunDirectory {
    static final String CONFIG_FILE = "config.json";
    static final String METRICS_CSV = "metrics.csv";
    static final String METRICS_JSONL = "metrics.jsonl";
    static final String FINAL_EVAL = "final_eval.json";
    /** The run directory's folder of TensorBoard event files. */
    static final String TENSORBOARD_DIR = "tb";

    private RunDirectory() {
    }

    /**
     * Creates and returns the run directory: {@code out}, which must be a directory that is empty or
     * missing unless {@code overwrite}; or, with {@code out} null, runs/&lt;env&gt;-seed&lt;seed&gt;,
     * numbered -2, -3, ... if taken.
     */
    static Path prepare(Path out, boolean overwrite, String envId, long seed) throws IOException {
        Path dir = out;
        if (dir == null) {
            Path base = Path.of("runs", envId + "-seed" + seed);
            dir = base;
            for (int i = 2; Files.exists(dir); i++) {
                dir = Path.of(base + "-" + i);
            }
        } else if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--out " + dir + " exists and is not a directory");
            }
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !overwrite) {
                throw new IllegalArgumentException("--out " + dir
                        + " already holds files; choose another directory or pass --overwrite");
            }
        }
        Files.createDirectories(dir);
        return dir;
    }

    /** Writes final_eval.json (the final evaluation, steps, wall time and the time the loop waited on the training environments) into {@code dir}; returns its path. */
    static Path writeFinalEval(Path dir, TrainResult result) {
        Map<String, Object> fin = new LinkedHashMap<>();
        fin.put("mean_return", result.finalEval().meanReturn());
        fin.put("std_return", result.finalEval().stdReturn());
        fin.put("episodes", result.finalEval().episodes());
        fin.put("steps", result.steps());
        fin.put("wall_s", result.wallSeconds());
        fin.put("env_wait_s", result.envWaitSeconds());
        Path file = dir.resolve(FINAL_EVAL);
        writeAtomically(file, Json.write(fin));
        return file;
    }

    /** Writes {@code text} to a temporary file beside {@code file}, then renames it into place. */
    static void writeAtomically(Path file, String text) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
