package io.sac4j.nn;

import java.util.List;

/** Target-network averaging. */
public final class Polyak {
    private Polyak() {
    }

    /**
     * {@code target <- (1 - tau) target + tau online}, parameter by parameter (seed 003,
     * "Target networks"; SAC's {@code tau}, 0.005 by default). Modifies target.
     */
    public static void update(List<Parameter> online, List<Parameter> target, float tau) {
        requireMatching(online, target);
        float keep = 1f - tau;
        for (int p = 0; p < online.size(); p++) {
            float[] o = online.get(p).value.data;
            float[] t = target.get(p).value.data;
            for (int i = 0; i < t.length; i++) {
                t[i] = keep * t[i] + tau * o[i];
            }
        }
    }

    /** {@code target <- online}. Modifies target. */
    public static void copy(List<Parameter> online, List<Parameter> target) {
        requireMatching(online, target);
        for (int p = 0; p < online.size(); p++) {
            target.get(p).value.copyFrom(online.get(p).value);
        }
    }

    /**
     * The gradient of {@code 1/2 ||theta_src - theta_t||^2}: {@code theta_src - theta_t}
     * into the source's gradients when {@code full}, {@code theta_t - theta_src} into the target's.
     * Returns the loss.
     */
    public static double distance(List<Parameter> source, List<Parameter> target, boolean full) {
        requireMatching(source, target);
        double loss = 0;
        for (int i = 0; i < source.size(); i++) {
            float[] s = source.get(i).value.data;
            float[] t = target.get(i).value.data;
            float[] gs = source.get(i).grad.data;
            float[] gt = target.get(i).grad.data;
            for (int j = 0; j < source.get(i).value.size(); j++) {
                float d = t[j] - s[j];
                loss += 0.5 * d * d;
                gt[j] = d;
                if (full) {
                    gs[j] = -d;
                }
            }
        }
        return loss;
    }

    private static void requireMatching(List<Parameter> a, List<Parameter> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("parameter lists differ in length: " + a.size() + " vs " + b.size());
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).value.sameShape(b.get(i).value)) {
                throw new IllegalArgumentException("parameter " + i + " differs in shape: " + a.get(i) + " vs " + b.get(i));
            }
        }
    }
}
