package io.sac4j.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A text file written a line at a time, each flushed at once so a crash loses nothing written. */
abstract class LineSink implements TrainListener, AutoCloseable {
    private final BufferedWriter out;
    private final Path file;

    /** Starts {@code file} afresh. */
    LineSink(Path file) {
        this(file, false);
    }

    /** Starts {@code file} afresh, or, when {@code append}, writes after what it holds (a resumed run). */
    LineSink(Path file, boolean append) {
        this.file = file;
        try {
            this.out = append
                    ? Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND)
                    : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    final void writeLine(String line) {
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
