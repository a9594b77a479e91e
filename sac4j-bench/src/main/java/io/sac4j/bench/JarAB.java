package io.sac4j.bench;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Locale;

/**
 * Before and after, inside one JVM: loads two or more builds of the CLI ({@code sac4j.jar}) in class
 * loaders of their own and alternates {@code sac4j bench update --runs 1} between them, round after
 * round, then prints each build's median and the median (and quartiles) of its per-round ratio to the
 * first build. On a shared machine whose speed drifts by a third within minutes, builds timed
 * minutes apart in separate processes differ by more than most changes; rounds a second apart in one
 * process put the same drift on both sides of each ratio. See {@code bench/ab.sh}.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks.jar io.sac4j.bench.JarAB
 *      ROUNDS THREADS UPDATES before.jar after.jar [more.jar ...] [-- extra bench update options]</pre>
 */
public final class JarAB {
    private JarAB() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: JarAB ROUNDS THREADS UPDATES A.jar B.jar [C.jar ...] [-- bench update options]");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[0]);
        int dash = Arrays.asList(args).indexOf("--");
        String[] jars = Arrays.copyOfRange(args, 3, dash < 0 ? args.length : dash);
        String[] extra = dash < 0 ? new String[0] : Arrays.copyOfRange(args, dash + 1, args.length);
        String[] command = concat(new String[] {"bench", "update", "--threads", args[1], "--runs", "1", "--updates",
                args[2]}, extra);
        Method[] execute = new Method[jars.length];
        for (int j = 0; j < jars.length; j++) {
            // The platform loader as parent: each build's classes come from its own jar, none from ours.
            URLClassLoader loader = new URLClassLoader(new URL[] {new File(jars[j]).toURI().toURL()},
                    ClassLoader.getPlatformClassLoader());
            execute[j] = loader.loadClass("io.sac4j.cli.Main")
                    .getMethod("execute", String[].class, PrintWriter.class, PrintWriter.class);
        }
        double[][] rate = new double[jars.length][rounds];
        for (int r = -2; r < rounds; r++) { // two untimed rounds: each build's JIT warms up
            for (int j = 0; j < jars.length; j++) {
                double v = updatesPerSecond(execute[j], command);
                if (r >= 0) {
                    rate[j][r] = v;
                }
            }
        }
        for (int j = 0; j < jars.length; j++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = rate[j][r] / rate[0][r];
            }
            System.out.printf(Locale.ROOT, "%s: median %.1f updates/s, ratio to %s per round: median %.3f"
                            + " (quartiles %.3f, %.3f)%n", jars[j], quantile(rate[j], 0.5), jars[0],
                    quantile(ratio, 0.5), quantile(ratio, 0.25), quantile(ratio, 0.75));
        }
    }

    private static double updatesPerSecond(Method execute, String[] command) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = (int) execute.invoke(null, command, new PrintWriter(out, true), new PrintWriter(err, true));
        String s = out.toString();
        String key = "\"updates_per_s_median\": ";
        int at = s.indexOf(key);
        if (code != 0 || at < 0) {
            throw new IllegalStateException("bench update failed (" + code + "): " + err + s);
        }
        at += key.length();
        int end = at;
        while (end < s.length() && "0123456789.eE+-".indexOf(s.charAt(end)) >= 0) {
            end++;
        }
        return Double.parseDouble(s.substring(at, end));
    }

    private static double quantile(double[] x, double q) {
        double[] s = x.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
