package io.sac4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningCurvesTest {
    static final String HEADER =
            "step,wall_s,eval_mean_return,eval_std_return,train_episode_return,critic_loss,actor_loss,alpha,entropy";

    /** A run directory as sac4j train writes it, with the given evaluation rows ({step, mean, std}). */
    static Path fakeRun(Path dir, String env, String algorithm, double[]... rows) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{\n  \"env\": \"" + env + "\",\n"
                + (algorithm == null ? "" : "  \"algorithm\": \"" + algorithm + "\",\n")
                + "  \"steps\": 5000,\n  \"sac\": {\n    \"temperature\": \"learned\"\n  }\n}\n");
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (double[] r : rows) {
            csv.append((long) r[0]).append(",1.000,").append(Double.isNaN(r[1]) ? "nan" : r[1]).append(',')
                    .append(Double.isNaN(r[2]) ? "nan" : r[2]).append(",-1200.5,nan,nan,nan,nan\n");
        }
        Files.writeString(dir.resolve("metrics.csv"), csv);
        return dir;
    }

    static double[] row(double step, double mean, double std) {
        return new double[] {step, mean, std};
    }

    static int countPixels(BufferedImage img, Color c, int tolerance) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xFF) - c.getRed()) <= tolerance
                        && Math.abs(((p >> 8) & 0xFF) - c.getGreen()) <= tolerance
                        && Math.abs((p & 0xFF) - c.getBlue()) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The band colour over the white plot area: colour at BAND_ALPHA / 255 opacity. */
    static Color bandOverWhite(Color c) {
        double a = LearningCurves.BAND_ALPHA / 255.0;
        return new Color((int) Math.round(a * c.getRed() + (1 - a) * 255),
                (int) Math.round(a * c.getGreen() + (1 - a) * 255), (int) Math.round(a * c.getBlue() + (1 - a) * 255));
    }

    @Test
    void twoRunsOfOneEnvironmentDrawTheirMeanWithAMinMaxBand(@TempDir Path tmp) throws IOException {
        Path a = fakeRun(tmp.resolve("a"), "Pendulum-v1", null,
                row(1000, -1500, 100), row(2000, -900, 150), row(3000, -300, 50), row(4000, -160, 20));
        Path b = fakeRun(tmp.resolve("b"), "Pendulum-v1", null,
                row(1000, -1200, 100), row(2000, -1300, 150), row(3000, -700, 50), row(4000, -200, 20));
        Path png = tmp.resolve("out/curves.png");
        MainTest.Result r = MainTest.run("plot", a.toString(), b.toString(), "--out", png.toString(),
                "--width", "640", "--height", "400");
        assertEquals(0, r.code(), r.err());
        assertEquals("wrote " + png, r.out().trim());
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "decodes as an image");
        assertEquals(640, img.getWidth());
        assertEquals(400, img.getHeight());
        Color c = LearningCurves.PALETTE[0];
        int line = countPixels(img, c, 0);
        assertTrue(line > 100, line + " pixels of the series colour " + c);
        int band = countPixels(img, bandOverWhite(c), 2);
        assertTrue(band > 2000, band + " pixels of the min-max band");
        assertEquals(0, countPixels(img, LearningCurves.PALETTE[1], 0), "one group, one line");
        try (var files = Files.list(png.getParent())) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void runsOfTwoEnvironmentsDrawTwoColours(@TempDir Path tmp) throws IOException {
        Path a = fakeRun(tmp.resolve("a"), "Pendulum-v1", null, row(1000, -1500, 100), row(4000, -160, 20));
        Path b = fakeRun(tmp.resolve("b"), "MountainCarContinuous-v0", null, row(1000, -40, 5), row(4000, 90, 2));
        Path png = tmp.resolve("two.png");
        LearningCurves.write(List.of(a, b), png, 500, 300);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(500, img.getWidth());
        assertEquals(300, img.getHeight());
        for (int g = 0; g < 2; g++) {
            Color c = LearningCurves.PALETTE[g];
            assertTrue(countPixels(img, c, 0) > 50, "group " + g + " in its colour " + c);
        }
        assertEquals(0, countPixels(img, LearningCurves.PALETTE[2], 0), "no third series");
    }

    @Test
    void writeSingleDrawsTheRunIntoItsDirectory(@TempDir Path tmp) throws IOException {
        Path run = fakeRun(tmp.resolve("run"), "Pendulum-v1", "sac", row(500, -1400, 200), row(1000, Double.NaN,
                Double.NaN), row(1500, -700, 100));
        Path png = LearningCurves.writeSingle(run);
        assertEquals(run.resolve("learning_curve.png"), png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(LearningCurves.DEFAULT_WIDTH, img.getWidth());
        assertEquals(LearningCurves.DEFAULT_HEIGHT, img.getHeight());
        assertTrue(countPixels(img, LearningCurves.PALETTE[0], 0) > 100);
        assertTrue(countPixels(img, bandOverWhite(LearningCurves.PALETTE[0]), 2) > 1000, "the +-std band");
        long before = Files.size(png);
        LearningCurves.writeSingle(run); // replaces the file
        assertEquals(before, Files.size(png));
    }

    @Test
    void oneRunIsMeanPlusMinusStdAndSeveralAreMeanWithMinMax(@TempDir Path tmp) throws IOException {
        LearningCurves.Run one = LearningCurves.read(fakeRun(tmp.resolve("one"), "Pendulum-v1", null,
                row(500, -1400, 200), row(1000, Double.NaN, Double.NaN), row(1500, -700, Double.NaN)));
        assertEquals("sac", one.algorithm(), "the default algorithm");
        List<LearningCurves.Curve> c = LearningCurves.curves(List.of(one));
        assertEquals(1, c.size());
        assertArrayEquals(new double[] {500, 1500}, c.get(0).x(), "the nan row is left out");
        assertArrayEquals(new double[] {-1400, -700}, c.get(0).y());
        assertArrayEquals(new double[] {-1600, -700}, c.get(0).low(), "a missing std is a zero-width band");
        assertArrayEquals(new double[] {-1200, -700}, c.get(0).high());

        Path s0 = fakeRun(tmp.resolve("s0"), "Pendulum-v1", null, row(1000, -1000, 1), row(2000, -400, 1));
        Path s1 = fakeRun(tmp.resolve("s1"), "Pendulum-v1", null, row(1000, -1200, 1), row(2000, -200, 1),
                row(3000, -150, 1));
        Path s2 = fakeRun(tmp.resolve("s2"), "Pendulum-v1", null, row(1000, -800, 1), row(2000, -300, 1));
        Path v1 = fakeRun(tmp.resolve("v1"), "Pendulum-v1", "sac-v1", row(1000, -5, 1));
        List<LearningCurves.Curve> g = LearningCurves.curves(
                List.of(LearningCurves.read(s0), LearningCurves.read(s1), LearningCurves.read(v1),
                        LearningCurves.read(s2)));
        assertEquals(List.of("Pendulum-v1 sac (mean of 3 runs, min-max band)", "Pendulum-v1 sac-v1 (1 run)"),
                g.stream().map(LearningCurves.Curve::label).collect(Collectors.toList()),
                "grouped by environment and algorithm, in order of first appearance");
        LearningCurves.Curve sac = g.get(0);
        assertArrayEquals(new double[] {1000, 2000, 3000}, sac.x());
        assertArrayEquals(new double[] {-1000, -300, -150}, sac.y(), 1e-9, "mean over the runs with that step");
        assertArrayEquals(new double[] {-1200, -400, -150}, sac.low());
        assertArrayEquals(new double[] {-800, -200, -150}, sac.high());
    }

    @Test
    void readsTheEnvFromRealConfigJson(@TempDir Path tmp) throws IOException {
        Path run = fakeRun(tmp.resolve("run"), "unused", null, row(1000, -5, 1));
        Files.writeString(run.resolve("config.json"), "{\n  \"env\": \"Pendulum-v1\",\n  \"preset\": \"rl-baselines3-zoo"
                + " sac.yml (n_timesteps 2e4)\",\n  \"sac\": {\n    \"temperature\": \"learned\", \"env\": \"nested\"\n  }\n}\n");
        LearningCurves.Run r = LearningCurves.read(run);
        assertEquals("Pendulum-v1", r.env());
        assertEquals("sac", r.algorithm(), "no algorithm field: sac");
        Files.writeString(run.resolve("config.json"), "{\"sac\": {\"env\": \"x\"}, \"env\": \"a \\\"quoted\\\" id\"}");
        assertEquals("a \"quoted\" id", LearningCurves.read(run).env(), "the top level's env, unescaped");
        Files.writeString(run.resolve("config.json"), "{\"env\": \"Pendulum-v1\",\n");
        assertThrows(IllegalArgumentException.class, () -> LearningCurves.read(run), "malformed JSON");
    }

    private static void assertOneLineError(MainTest.Result r, String fragment) {
        assertEquals(Main.EXIT_USAGE, r.code(), r.err());
        List<String> lines = r.err().lines().collect(Collectors.toList());
        assertEquals(1, lines.size(), "one line, no stack trace: " + r.err());
        assertTrue(lines.get(0).startsWith("sac4j: error: "), lines.get(0));
        assertTrue(lines.get(0).contains(fragment), lines.get(0));
    }

    @Test
    void badInputGivesOneLineAndExitCode2(@TempDir Path tmp) throws IOException {
        Path good = fakeRun(tmp.resolve("good"), "Pendulum-v1", null, row(1000, -1000, 10));
        assertOneLineError(MainTest.run("plot", tmp.resolve("nope").toString()),
                "no such run directory: " + tmp.resolve("nope"));
        Path noMetrics = Files.createDirectory(tmp.resolve("nometrics"));
        assertOneLineError(MainTest.run("plot", good.toString(), noMetrics.toString()),
                "no metrics.csv in " + noMetrics);
        Path empty = fakeRun(tmp.resolve("empty"), "Pendulum-v1", null);
        Files.writeString(empty.resolve("metrics.csv"), "");
        assertOneLineError(MainTest.run("plot", empty.toString()), "metrics.csv is empty");
        Path headerOnly = fakeRun(tmp.resolve("header"), "Pendulum-v1", null);
        assertOneLineError(MainTest.run("plot", headerOnly.toString()), "has no evaluation rows yet");
        Path noConfig = fakeRun(tmp.resolve("noconfig"), "Pendulum-v1", null, row(1, 2, 3));
        Files.delete(noConfig.resolve("config.json"));
        assertOneLineError(MainTest.run("plot", noConfig.toString()), "no config.json in " + noConfig);
        Path garbled = fakeRun(tmp.resolve("garbled"), "Pendulum-v1", null);
        Files.writeString(garbled.resolve("metrics.csv"), HEADER + "\n1000,1.0,minus ten,1,1,1,1,1,1\n");
        assertOneLineError(MainTest.run("plot", garbled.toString()), "line 2: eval_mean_return 'minus ten' is not a number");
        assertOneLineError(MainTest.run("plot"), "Missing required parameter: 'RUN_DIR'");
        assertOneLineError(MainTest.run("plot", good.toString(), "--width", "5"),
                "the image size must be within 100..10000 pixels a side, got 5x600");
        assertOneLineError(MainTest.run("plot", good.toString(), "--out", tmp.toString()), "is a directory");
        assertFalse(Files.exists(good.resolve("learning_curve.png")), "nothing written on bad input");
    }
}
