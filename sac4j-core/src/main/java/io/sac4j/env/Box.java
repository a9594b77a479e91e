package io.sac4j.env;

import java.util.Arrays;

/** A box {@code [low_i, high_i]} in R^n; bounds may be infinite. */
public final class Box implements Space {
    private final float[] low;
    private final float[] high;

    public Box(float[] low, float[] high) {
        if (low.length != high.length || low.length == 0) {
            throw new IllegalArgumentException(
                    "Box bounds must be non-empty and of equal length, got " + low.length + " and " + high.length);
        }
        for (int i = 0; i < low.length; i++) {
            if (!(low[i] <= high[i])) {
                throw new IllegalArgumentException("Box: low[" + i + "] = " + low[i] + " > high[" + i + "] = " + high[i]);
            }
        }
        this.low = low.clone();
        this.high = high.clone();
    }

    /** The box {@code [lo, hi]^n}. */
    public static Box uniform(int n, float lo, float hi) {
        float[] l = new float[n];
        float[] h = new float[n];
        Arrays.fill(l, lo);
        Arrays.fill(h, hi);
        return new Box(l, h);
    }

    public int dim() {
        return low.length;
    }

    @Override
    public int flatSize() {
        return low.length;
    }

    public float low(int i) {
        return low[i];
    }

    public float high(int i) {
        return high[i];
    }

    public float[] low() {
        return low.clone();
    }

    public float[] high() {
        return high.clone();
    }

    /** True if every bound is finite. */
    public boolean isBounded() {
        for (int i = 0; i < low.length; i++) {
            if (!Float.isFinite(low[i]) || !Float.isFinite(high[i])) {
                return false;
            }
        }
        return true;
    }

    public boolean contains(float[] x) {
        if (x.length != low.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= low[i] && x[i] <= high[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Box(" + Arrays.toString(low) + ", " + Arrays.toString(high) + ")";
    }
}
