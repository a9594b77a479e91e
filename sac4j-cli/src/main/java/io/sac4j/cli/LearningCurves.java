package io.sac4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Learning-curve PNGs from run directories ({@code config.json} and {@code metrics.csv} as
 * {@code sac4j train} writes them), drawn with XChart on a headless AWT.
 *
 * <ul>
 *   <li>One run: its evaluation mean return against the step, with a band of plus or minus the
 *       standard deviation over the evaluation episodes; titled with the environment id and algorithm.</li>
 *   <li>Several runs: one line per group (environment id and algorithm): at each step the mean over
 *       the group's runs that have an evaluation there, with a band from their minimum to their
 *       maximum (the usual way to show several seeds, as in rl-baselines3-zoo's plots).</li>
 * </ul>
 * A row whose {@code eval_mean_return} is {@code nan} is left out; a missing {@code eval_std_return}
 * counts as zero width. Bad input (a missing directory, no {@code metrics.csv} or {@code config.json},
 * a file without evaluation rows, a malformed number) throws {@link IllegalArgumentException} naming
 * the file and the problem.
 */
public final class LearningCurves {
    static {
        // No display is needed to draw into an image; set before any AWT class loads.
        System.setProperty("java.awt.headless", "true");
    }

    /** The file {@link #writeSingle} writes inside the run directory. */
    public static final String FILE_NAME = "learning_curve.png";
    public static final int DEFAULT_WIDTH = 1000;
    public static final int DEFAULT_HEIGHT = 600;
    /** Line colours, one per group in order (matplotlib's tab10, the colours readers know from RL papers). */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    /** Opacity of a band over the white plot area. */
    static final int BAND_ALPHA = 64;

    private LearningCurves() {
    }

    /** The evaluation rows of one run directory. */
    record Run(Path dir, String env, String algorithm, long[] steps, double[] mean, double[] std) {
        String group() {
            return env + " " + algorithm;
        }
    }

    /** One line to draw: x, the centre line and the band's lower and upper edges. */
    record Curve(String label, double[] x, double[] y, double[] low, double[] high) {
    }

    /**
     * Draws the single-run curve of {@code runDir} into {@code runDir/learning_curve.png} at the
     * default size, replacing the file if present; returns its path.
     */
    public static Path writeSingle(Path runDir) throws IOException {
        Path out = runDir.resolve(FILE_NAME);
        write(List.of(runDir), out, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        return out;
    }

    /**
     * Draws the runs into a PNG of {@code width} x {@code height} pixels at {@code out} (written to a
     * temporary file, then moved into place): the single-run curve for one directory, the grouped
     * mean and min-max band for several.
     */
    public static void write(List<Path> runDirs, Path out, int width, int height) throws IOException {
        if (runDirs.isEmpty()) {
            throw new IllegalArgumentException("no run directory given");
        }
        if (width < 100 || height < 100 || width > 10_000 || height > 10_000) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the image size must be within 100..10000 pixels a side, got %dx%d", width, height));
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a directory; give a file name ending in .png");
        }
        List<Run> runs = new ArrayList<>();
        for (Path d : runDirs) {
            runs.add(read(d));
        }
        XYChart chart = chart(runs, width, height);
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + out.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                if (!ImageIO.write(image, "png", o)) {
                    throw new IOException("no PNG writer in this Java runtime");
                }
            }
            try {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads one run directory's {@code config.json} (env id, algorithm) and {@code metrics.csv}. */
    static Run read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such run directory: " + dir);
        }
        Path config = dir.resolve("config.json");
        Path metrics = dir.resolve("metrics.csv");
        if (!Files.isRegularFile(metrics)) {
            throw new IllegalArgumentException("no metrics.csv in " + dir + " (is it a run directory of sac4j train?)");
        }
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("no config.json in " + dir + " (is it a run directory of sac4j train?)");
        }
        JsonNode json;
        try {
            json = Json.parse(readText(config));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(config + " is not valid JSON: " + e.getMessage());
        }
        String env = json.path("env").textValue();
        if (env == null) {
            throw new IllegalArgumentException(config + " has no \"env\" field");
        }
        String algorithm = json.path("algorithm").textValue();
        if (algorithm == null) {
            algorithm = "sac";
        }
        List<String> lines = readText(metrics).lines().toList();
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IllegalArgumentException(metrics + " is empty (expected the header "
                    + io.sac4j.train.MetricsCsv.HEADER + ")");
        }
        List<String> header = Arrays.asList(lines.get(0).trim().split(",", -1));
        int iStep = column(header, "step", metrics);
        int iMean = column(header, "eval_mean_return", metrics);
        int iStd = column(header, "eval_std_return", metrics);
        List<long[]> steps = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (int ln = 1; ln < lines.size(); ln++) {
            String line = lines.get(ln).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != header.size()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s line %d: %d fields, the header has %d",
                        metrics, ln + 1, f.length, header.size()));
            }
            long step;
            try {
                step = Long.parseLong(f[iStep].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s line %d: step '%s' is not an integer",
                        metrics, ln + 1, f[iStep]));
            }
            double mean = number(f[iMean], metrics, ln + 1, "eval_mean_return");
            double std = number(f[iStd], metrics, ln + 1, "eval_std_return");
            if (Double.isFinite(mean)) {
                steps.add(new long[] {step});
                values.add(new double[] {mean, Double.isFinite(std) ? std : 0});
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(metrics + " has no evaluation rows yet");
        }
        int n = steps.size();
        long[] s = new long[n];
        double[] m = new double[n];
        double[] sd = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = steps.get(i)[0];
            m[i] = values.get(i)[0];
            sd[i] = values.get(i)[1];
        }
        return new Run(dir, env, algorithm, s, m, sd);
    }

    /** The curves to draw: the run's mean +- std for one run, else the mean and min-max per group. */
    static List<Curve> curves(List<Run> runs) {
        if (runs.size() == 1) {
            Run r = runs.get(0);
            int n = r.steps().length;
            double[] x = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.steps()[i];
                lo[i] = r.mean()[i] - r.std()[i];
                hi[i] = r.mean()[i] + r.std()[i];
            }
            return List.of(new Curve(r.group() + " (mean \u00b1 std over evaluation episodes)", x, r.mean().clone(),
                    lo, hi));
        }
        Map<String, List<Run>> groups = new LinkedHashMap<>();
        for (Run r : runs) {
            groups.computeIfAbsent(r.group(), k -> new ArrayList<>()).add(r);
        }
        List<Curve> curves = new ArrayList<>();
        for (Map.Entry<String, List<Run>> g : groups.entrySet()) {
            TreeMap<Long, List<Double>> byStep = new TreeMap<>();
            for (Run r : g.getValue()) {
                for (int i = 0; i < r.steps().length; i++) {
                    byStep.computeIfAbsent(r.steps()[i], k -> new ArrayList<>()).add(r.mean()[i]);
                }
            }
            int n = byStep.size();
            double[] x = new double[n];
            double[] y = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            int i = 0;
            for (Map.Entry<Long, List<Double>> e : byStep.entrySet()) {
                double sum = 0;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (double v : e.getValue()) {
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                x[i] = e.getKey();
                y[i] = sum / e.getValue().size();
                lo[i] = min;
                hi[i] = max;
                i++;
            }
            int k = g.getValue().size();
            curves.add(new Curve(g.getKey() + (k == 1 ? " (1 run)" : " (mean of " + k + " runs, min-max band)"),
                    x, y, lo, hi));
        }
        return curves;
    }

    static XYChart chart(List<Run> runs, int width, int height) {
        List<Curve> curves = curves(runs);
        String title;
        if (runs.size() == 1) {
            title = runs.get(0).env() + ", " + runs.get(0).algorithm();
        } else if (runs.stream().map(Run::env).distinct().count() == 1) {
            title = runs.get(0).env() + ", " + runs.size() + " runs";
        } else {
            title = "learning curves, " + runs.size() + " runs";
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("step")
                .yAxisTitle("evaluation mean return").build();
        XYStyler st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.InsideSE);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderVisible(true);
        st.setPlotGridLinesColor(new Color(0xdddddd));
        st.setLegendBorderColor(new Color(0xcccccc));
        st.setXAxisDecimalPattern("#,##0");
        for (int c = 0; c < curves.size(); c++) {
            Curve cv = curves.get(c);
            Color colour = PALETTE[c % PALETTE.length];
            int n = cv.x().length;
            // The band is a closed polygon: along the upper edge, then back along the lower one.
            double[] px = new double[2 * n];
            double[] py = new double[2 * n];
            for (int i = 0; i < n; i++) {
                px[i] = cv.x()[i];
                py[i] = cv.high()[i];
                px[2 * n - 1 - i] = cv.x()[i];
                py[2 * n - 1 - i] = cv.low()[i];
            }
            XYSeries band = chart.addSeries("band " + c, px, py);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), BAND_ALPHA));
            band.setLineColor(new Color(0, 0, 0, 0));
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(false);
            XYSeries line = chart.addSeries(cv.label(), cv.x(), cv.y());
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(colour);
            line.setLineStyle(new BasicStroke(2.5f));
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setMarkerColor(colour);
        }
        return chart;
    }

    private static int column(List<String> header, String name, Path file) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(file + " has no column '" + name + "' (header: " + String.join(",", header)
                    + ")");
        }
        return i;
    }

    private static double number(String s, Path file, int line, String column) {
        String t = s.trim();
        if (t.equalsIgnoreCase("nan") || t.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s line %d: %s '%s' is not a number",
                    file, line, column, s));
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
