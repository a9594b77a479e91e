package io.sac4j.cli;

import io.sac4j.train.EvalRecord;
import io.sac4j.train.TrainListener;
import io.sac4j.train.TrainResult;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What {@code sac4j train} prints while it trains (not with {@code --quiet}). One line per evaluation,
 * always: {@code step N/TOTAL P% | R steps/s | ETA T | train return X | eval M +- S | alpha A}. Between
 * them, on a terminal, a status line with the same head ({@code ... | train return X | eval M}, the last
 * values known) redrawn in place with a carriage return at most every {@link #REDRAW_NANOS}; elsewhere
 * (a file, a pipe, CI), where a carriage return would pile up, the status line printed as a line of its
 * own at each tenth of the run that had no evaluation line.
 *
 * <p>Steps per second count the steps this process trained (a resumed run's from its checkpoint on)
 * over the time since the display was made, evaluations included, so the ETA (the steps left at that
 * rate) includes them too. Time comes from the clock given, so tests need no real time. Driven by the
 * training thread's callbacks; {@link #close} ends a status line left open, as after a failure.
 */
final class ProgressDisplay implements TrainListener, AutoCloseable {
    /** Shortest time between two redraws of the status line on a terminal: 4 per second. */
    static final long REDRAW_NANOS = 250_000_000L;
    /** Status lines off a terminal: one at each tenth of the run (unless an evaluation line was printed there). */
    static final int LINES_PER_RUN = 10;

    private final PrintWriter out;
    private final long totalSteps;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private final long startNanos;

    private long firstStep = -1;
    private long step;
    private double lastEpisodeReturn = Double.NaN;
    private double lastEvalMean = Double.NaN;
    private long lastEvalStep = -1;
    /** Characters of the status line now on the terminal; 0 when none is open. */
    private int drawnWidth;
    /** When the status line was last drawn or blanked; the next draw waits {@link #REDRAW_NANOS} from then. */
    private long lastDrawNanos;

    /**
     * @param out       where lines go (stdout)
     * @param terminal  whether {@code out} is a terminal: redraw in place, else print plain lines
     * @param nanoClock monotonic nanoseconds, {@link System#nanoTime} outside tests; read now as the start
     */
    ProgressDisplay(PrintWriter out, long totalSteps, boolean terminal, LongSupplier nanoClock) {
        this.out = out;
        this.totalSteps = totalSteps;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.lastDrawNanos = startNanos - REDRAW_NANOS; // the first step draws at once
    }

    /**
     * Whether this JVM's stdout is an interactive terminal. {@link System#console()} is null off a
     * terminal up to JDK 21; from JDK 22 on it is a console even when redirected, and
     * {@code Console.isTerminal()} (looked up by reflection: sac4j compiles for 17) says.
     */
    static boolean stdoutIsTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(c);
        } catch (NoSuchMethodException e) {
            return true; // JDK 17-21: a console exists only on a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override
    public void onEpisodeEnd(long step, double episodeReturn, int length) {
        lastEpisodeReturn = episodeReturn;
    }

    @Override
    public void onEvaluation(EvalRecord r) {
        lastEvalMean = r.evalMeanReturn();
        lastEvalStep = r.step();
        lastEpisodeReturn = r.trainEpisodeReturn();
        clearLine();
        out.println(evaluationLine(r, totalSteps, stepsPerSecond(r.step()), r.step()));
        out.flush();
    }

    @Override
    public void onStep(long step) {
        if (firstStep < 0) {
            firstStep = step;
        }
        this.step = step;
        if (terminal) {
            long now = nanoClock.getAsLong();
            if (now - lastDrawNanos >= REDRAW_NANOS) {
                draw(now);
            }
        } else if (step != lastEvalStep && step * LINES_PER_RUN / totalSteps > (step - 1) * LINES_PER_RUN / totalSteps) {
            out.println(statusLine());
            out.flush();
        }
    }

    @Override
    public void onFinish(TrainResult result) {
        if (terminal && step > 0) {
            draw(nanoClock.getAsLong()); // the last step (after the final evaluation), also when stopped early
        }
        close();
    }

    /** Ends a status line left open on the terminal, so what follows starts on a line of its own. */
    @Override
    public void close() {
        if (drawnWidth > 0) {
            out.println();
            out.flush();
            drawnWidth = 0;
        }
    }

    /**
     * Blanks the status line on the terminal before another line is printed there (an evaluation line,
     * a log line on stderr), and holds the next redraw for {@link #REDRAW_NANOS}: a line on stderr can
     * reach the terminal later than stdout's (the {@code sac4j} launcher filters stderr through grep),
     * and would otherwise land at the end of the redrawn status line.
     */
    void clearLine() {
        if (drawnWidth > 0) {
            out.print("\r" + " ".repeat(drawnWidth) + "\r");
            out.flush();
            drawnWidth = 0;
        }
        lastDrawNanos = nanoClock.getAsLong();
    }

    private void draw(long now) {
        String line = statusLine();
        out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
        out.flush();
        drawnWidth = line.length();
        lastDrawNanos = now;
    }

    private String statusLine() {
        return statusLine(step, totalSteps, stepsPerSecond(step), lastEpisodeReturn, lastEvalMean);
    }

    /** Steps trained by this process per second of its time so far; NaN before the first step or second. */
    private double stepsPerSecond(long atStep) {
        double seconds = (nanoClock.getAsLong() - startNanos) / 1e9;
        long done = firstStep < 0 ? 0 : atStep - firstStep + 1;
        return seconds > 0 && done > 0 ? done / seconds : Double.NaN;
    }

    /** {@code step N/TOTAL P% | R steps/s | ETA T}: where the run is and when it will end. */
    static String head(long step, long total, double stepsPerSecond) {
        double eta = (total - step) / stepsPerSecond;
        return String.format(Locale.ROOT, "step %7d/%d %3d%% | %s steps/s | ETA %s", step, total, step * 100 / total,
                Double.isFinite(stepsPerSecond) ? String.format(Locale.ROOT, "%5.0f", stepsPerSecond) : "    -",
                duration(eta));
    }

    /** The status line: {@link #head}, the last training episode's return and the last evaluation's mean. */
    static String statusLine(long step, long total, double stepsPerSecond, double lastReturn, double lastEval) {
        return head(step, total, stepsPerSecond) + " | train return " + number(lastReturn) + " | eval "
                + number(lastEval);
    }

    /** The line of evaluation {@code r}: as {@link #statusLine}, then the evaluation's std and alpha. */
    static String evaluationLine(EvalRecord r, long total, double stepsPerSecond, long step) {
        return statusLine(step, total, stepsPerSecond, r.trainEpisodeReturn(), r.evalMeanReturn()) + " +- "
                + String.format(Locale.ROOT, "%7.2f", r.evalStdReturn()) + " | alpha "
                + (Double.isNaN(r.alpha()) ? "-" : String.format(Locale.ROOT, "%.4f", r.alpha()));
    }

    /** A return in 9 columns, 2 decimals; {@code -} when not known yet. */
    static String number(double v) {
        return Double.isNaN(v) ? "        -" : String.format(Locale.ROOT, "%9.2f", v);
    }

    /** {@code 42s}, {@code 3m07s}, {@code 2h05m}; {@code -} when not finite (no rate yet). Rounded down. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "-";
        }
        long s = (long) seconds;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }
}
