package io.sac4j.cli;

import io.sac4j.train.EvalRecord;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The progress display's lines, on a fake clock: no test depends on real time. */
class ProgressDisplayTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Pattern STEP = Pattern.compile("step +(\\d+)/");

    /** A clock the test moves by hand. */
    private static final class FakeClock {
        long nanos;
    }

    private final StringWriter text = new StringWriter();
    private final FakeClock clock = new FakeClock();

    private ProgressDisplay display(long total, boolean terminal) {
        return new ProgressDisplay(new PrintWriter(text), total, terminal, () -> clock.nanos);
    }

    private static EvalRecord eval(long step) {
        return EvalRecord.builder().step(step).wallSeconds(0).evalMeanReturn(-150.25)
                .evalStdReturn(20.5).trainEpisodeReturn(-200).criticLoss(0.25).actorLoss(30.5).alpha(0.125)
                .entropy(-1.5).build();
    }

    /** What a terminal would show: '\r' moves to column 0, '\n' ends the line, other characters overwrite. */
    private static List<String> screen(String output) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int col = 0;
        for (char c : output.toCharArray()) {
            if (c == '\r') {
                col = 0;
            } else if (c == '\n') {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                col = 0;
            } else {
                if (col < line.length()) {
                    line.setCharAt(col, c);
                } else {
                    line.append(c);
                }
                col++;
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static List<Long> steps(List<String> lines) {
        List<Long> steps = new ArrayList<>();
        for (String l : lines) {
            Matcher m = STEP.matcher(l);
            while (m.find()) {
                steps.add(Long.parseLong(m.group(1)));
            }
        }
        return steps;
    }

    @Test
    void theLinesForGivenNumbers() {
        assertEquals("step    4200/20000  21% |   245 steps/s | ETA 1m04s | train return  -1234.57 | eval  -1150.20",
                ProgressDisplay.statusLine(4200, 20000, 245.0, -1234.567, -1150.2));
        assertEquals("step       0/20000   0% |     - steps/s | ETA - | train return         - | eval         -",
                ProgressDisplay.statusLine(0, 20000, Double.NaN, Double.NaN, Double.NaN), "nothing known yet");
        assertEquals("step    1000/20000   5% |   125 steps/s | ETA 2m32s | train return   -200.00 | eval   -150.25"
                + " +-   20.50 | alpha 0.1250", ProgressDisplay.evaluationLine(eval(1000), 20000, 125.0, 1000));
        assertEquals("step     300/300 100% |  1234 steps/s | ETA 0s | train return   -200.00 | eval   -150.25"
                + " +-   20.50 | alpha -", ProgressDisplay.evaluationLine(EvalRecord.builder().step(300).wallSeconds(0).evalMeanReturn(-150.25)
                        .evalStdReturn(20.5).trainEpisodeReturn(-200)
                        .criticLoss(Double.NaN).actorLoss(Double.NaN).alpha(Double.NaN)
                        .entropy(Double.NaN).build(), 300, 1234.4, 300), "before the first update");
    }

    @Test
    void etaFormatting() {
        assertEquals("0s", ProgressDisplay.duration(0));
        assertEquals("59s", ProgressDisplay.duration(59.99));
        assertEquals("1m00s", ProgressDisplay.duration(60));
        assertEquals("59m59s", ProgressDisplay.duration(3599.5));
        assertEquals("1h00m", ProgressDisplay.duration(3600));
        assertEquals("2h05m", ProgressDisplay.duration(2 * 3600 + 5 * 60 + 59));
        assertEquals("120h00m", ProgressDisplay.duration(432_000));
        assertEquals("-", ProgressDisplay.duration(Double.NaN));
        assertEquals("-", ProgressDisplay.duration(Double.POSITIVE_INFINITY));
    }

    @Test
    void offATerminalALineAtEachTenthAndAtEachEvaluationAndNoCarriageReturn() {
        ProgressDisplay d = display(100, false);
        for (long t = 1; t <= 100; t++) {
            clock.nanos = t * SECOND; // one step per second
            if (t == 20) {
                d.onEpisodeEnd(t, -5, 20);
            }
            if (t % 50 == 0) {
                d.onEvaluation(eval(t));
            }
            d.onStep(t);
        }
        d.close();
        String out = text.toString();
        assertFalse(out.contains("\r"), out);
        List<String> lines = out.lines().toList();
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L), steps(lines), out);
        assertEquals("step      10/100  10% |     1 steps/s | ETA 1m30s | train return         - | eval         -",
                lines.get(0));
        assertEquals("step      30/100  30% |     1 steps/s | ETA 1m10s | train return     -5.00 | eval         -",
                lines.get(2), "the last episode's return");
        assertEquals(ProgressDisplay.evaluationLine(eval(50), 100, 1.0, 50), lines.get(4));
        assertEquals("step      60/100  60% |     1 steps/s | ETA 40s | train return   -200.00 | eval   -150.25",
                lines.get(5), "the evaluation's values from then on");
    }

    @Test
    void aResumedRunCountsItsRateFromItsFirstStep() {
        ProgressDisplay d = display(1000, false);
        clock.nanos = 10 * SECOND;
        for (long t = 501; t <= 600; t++) {
            d.onStep(t);
        }
        // 100 steps in 10 s: 10 steps/s, 400 left: 40 s.
        assertEquals(List.of("step     600/1000  60% |    10 steps/s | ETA 40s | train return         - | eval         -"),
                text.toString().lines().toList());
    }

    @Test
    void onATerminalOneLineRedrawnAtMostFourTimesASecondWithEvaluationLinesAbove() {
        ProgressDisplay d = display(10, true);
        for (long t = 1; t <= 10; t++) {
            clock.nanos = t * SECOND / 10; // 10 steps per second
            if (t == 5) {
                d.onEvaluation(eval(5));
            }
            d.onStep(t);
        }
        d.onFinish(null);
        d.close();
        String out = text.toString();
        // Drawn at step 1 (first), 4 (0.3 s later), then the evaluation line of step 5 (after the blanked status
        // line's '\r'), the status line again 0.3 s after that at 8, and at the finish (10).
        List<Long> drawn = new ArrayList<>();
        Matcher m = Pattern.compile("\rstep +(\\d+)/").matcher(out);
        while (m.find()) {
            drawn.add(Long.parseLong(m.group(1)));
        }
        assertEquals(List.of(1L, 4L, 5L, 8L, 10L), drawn, out);
        assertEquals(List.of(ProgressDisplay.evaluationLine(eval(5), 10, 10.0, 5),
                ProgressDisplay.statusLine(10, 10, 10.0, -200, -150.25)), screen(out));
        assertEquals(2, out.chars().filter(c -> c == '\n').count(), "the evaluation line and the end of the status line");
    }

    @Test
    void aShorterStatusLineLeavesNothingOfTheLongerOne() {
        ProgressDisplay d = display(100, true);
        clock.nanos = SECOND;
        d.onStep(1); // 1 step/s: ETA 1m39s
        clock.nanos = SECOND + 300_000_000L;
        for (long t = 2; t < 90; t++) {
            d.onStep(t);
        }
        clock.nanos = SECOND + 600_000_000L;
        d.onStep(90); // 90 steps in 1.6 s: ETA 0s, three characters shorter
        d.close();
        assertEquals(List.of(ProgressDisplay.statusLine(90, 100, 90 / 1.6, Double.NaN, Double.NaN)),
                screen(text.toString()));
        assertEquals(3, steps(List.of(text.toString())).size(), "drawn at steps 1, 2 and 90 only");
    }

    @Test
    void clearLineBlanksTheStatusLineForAnotherLineAndHoldsTheNextDraw() {
        ProgressDisplay d = display(100, true);
        clock.nanos = SECOND;
        d.onStep(1);
        clock.nanos = 2 * SECOND;
        d.clearLine();
        text.write("sac4j: warn: something\n"); // what the log does between the two
        clock.nanos = 2 * SECOND + ProgressDisplay.REDRAW_NANOS - 1;
        d.onStep(2); // held: a line on stderr may still be on its way
        assertEquals(List.of("sac4j: warn: something"), screen(text.toString()));
        clock.nanos = 2 * SECOND + ProgressDisplay.REDRAW_NANOS;
        d.onStep(3);
        d.close();
        assertEquals(List.of("sac4j: warn: something", ProgressDisplay.statusLine(3, 100, 3 / 2.25, Double.NaN,
                Double.NaN)), screen(text.toString()));
    }
}
