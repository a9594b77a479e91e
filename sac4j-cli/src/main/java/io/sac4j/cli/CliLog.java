package io.sac4j.cli;

import io.sac4j.train.TrainingException;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The command line's SLF4J provider (registered in {@code META-INF/services}): the library's log
 * records as one line each, {@code sac4j: <level>: <message> (<cause>)}, on the command's stderr.
 * Warnings and errors by default, INFO too with {@code sac4j train --verbose}. A record carrying a
 * {@link TrainingException} (the library's note of a guard stop) shows only with {@code --verbose}:
 * the command reports that exception itself as its one error line.
 *
 * <p>A provider of its own instead of slf4j-simple because the level must follow {@code --verbose}, known only
 * once the options are parsed (slf4j-simple fixes each logger's level when the logger is made), and
 * because the lines go to the {@link PrintWriter} {@link Main#execute} was given, which the tests read.
 * Log lines come from the training thread only, between the progress display's lines
 * ({@link #beforeEachLine}).
 */
public final class CliLog implements SLF4JServiceProvider {
    /** The SLF4J API this provider is written against. */
    public static final String REQUESTED_API_VERSION = "2.0.99";

    private static volatile PrintWriter err = new PrintWriter(System.err, true);
    private static volatile Level threshold = Level.WARN;
    private static volatile Runnable beforeEachLine = () -> { };

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    /** Sends log lines to {@code stderr} from now on, at {@code level} and above; nothing runs before each line. */
    static void configure(PrintWriter stderr, Level level) {
        err = stderr;
        threshold = level;
        beforeEachLine = () -> { };
    }

    /** Shows records at {@code level} and above from now on. */
    static void setLevel(Level level) {
        threshold = level;
    }

    /** Runs {@code hook} before each log line is printed (the progress display clears its line); null: nothing. */
    static void beforeEachLine(Runnable hook) {
        beforeEachLine = hook == null ? () -> { } : hook;
    }

    /** The line printed for a record, or null when it is not shown at the current level. */
    static String line(Level level, String message, Throwable cause) {
        if (level.toInt() < threshold.toInt()
                || cause instanceof TrainingException && threshold.toInt() > Level.INFO.toInt()) {
            return null;
        }
        String text = "sac4j: " + level.name().toLowerCase(Locale.ROOT) + ": " + message;
        if (cause != null) {
            text += " (" + (cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage()) + ")";
        }
        return text.replace('\n', ' ');
    }

    @Override
    public void initialize() {
        loggerFactory = Logger::new;
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new NOPMDCAdapter();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return REQUESTED_API_VERSION;
    }

    /** A logger that reads the level at each call, so {@code --verbose} applies to loggers made before it. */
    private static final class Logger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        Logger(String name) {
            this.name = name;
        }

        private static boolean enabled(Level level) {
            return level.toInt() >= threshold.toInt();
        }

        @Override
        public boolean isTraceEnabled() {
            return enabled(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return enabled(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return enabled(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return enabled(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return enabled(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            String text = line(level, MessageFormatter.basicArrayFormat(pattern, arguments), throwable);
            if (text != null) {
                beforeEachLine.run();
                PrintWriter out = err;
                out.println(text);
                out.flush();
            }
        }
    }
}
