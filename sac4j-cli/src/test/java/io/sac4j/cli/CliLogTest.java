package io.sac4j.cli;

import io.sac4j.train.TrainingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's SLF4J provider: found by SLF4J, one line per record, the level switchable at any time. */
class CliLogTest {
    @AfterEach
    void backToTheDefault() {
        CliLog.configure(new PrintWriter(System.err, true), Level.WARN);
    }

    @Test
    void linesAtTheLevelAndAboveWithTheCauseInBrackets() {
        CliLog.configure(new PrintWriter(new StringWriter()), Level.WARN);
        assertNull(CliLog.line(Level.INFO, "checkpoint written", null), "INFO hidden by default");
        assertEquals("sac4j: warn: disk almost full", CliLog.line(Level.WARN, "disk almost full", null));
        assertEquals("sac4j: error: cannot write (no space left)",
                CliLog.line(Level.ERROR, "cannot write", new IllegalStateException("no space left")));
        assertEquals("sac4j: warn: two lines", CliLog.line(Level.WARN, "two\nlines", null));
        TrainingException guard = new TrainingException(333, "NaN observation at step 333");
        assertNull(CliLog.line(Level.WARN, "stopped by a guard", guard), "the command prints the guard stop itself");
        CliLog.setLevel(Level.INFO);
        assertEquals("sac4j: info: checkpoint written", CliLog.line(Level.INFO, "checkpoint written", null));
        assertEquals("sac4j: warn: stopped by a guard (NaN observation at step 333)",
                CliLog.line(Level.WARN, "stopped by a guard", guard), "shown with --verbose");
        assertNull(CliLog.line(Level.DEBUG, "evaluation", null));
    }

    @Test
    void slf4jUsesThisProviderAndItsLoggersFollowTheLevelSetLater() {
        StringWriter err = new StringWriter();
        CliLog.configure(new PrintWriter(err), Level.WARN);
        org.slf4j.Logger log = LoggerFactory.getLogger("io.sac4j.test");
        assertEquals(CliLog.class.getName() + "$Logger", log.getClass().getName(), "SLF4J found CliLog");
        log.info("not shown {}", 1);
        int[] hooks = {0};
        CliLog.beforeEachLine(() -> hooks[0]++);
        log.warn("shown {} of {}", 1, 2);
        CliLog.setLevel(Level.INFO);
        log.info("now shown");
        assertEquals("sac4j: warn: shown 1 of 2\nsac4j: info: now shown\n", err.toString().replace("\r\n", "\n"));
        assertEquals(2, hooks[0], "the hook ran before each printed line");
        assertTrue(log.isInfoEnabled() && !log.isDebugEnabled());
    }
}
