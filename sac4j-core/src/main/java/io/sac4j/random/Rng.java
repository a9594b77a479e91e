package io.sac4j.random;

/**
 * A seeded, splittable pseudo-random generator: xoshiro256** (Blackman and Vigna, 2018) seeded
 * through SplitMix64. Not thread-safe: give each consumer its own generator with {@link #split()}.
 *
 * <p>Same seed, same sequence, on every JVM: floating-point draws use {@link StrictMath}.
 */
public final class Rng {
    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private boolean haveSpare;
    private double spare;

    public Rng(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
    }

    /** SplitMix64's output function (Steele, Lea and Flood, 2014). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A new generator whose sequence is independent of this one's; advances this generator. */
    public Rng split() {
        return new Rng(mix(nextLong()));
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /**
     * Standard normal draw (Marsaglia's polar method; the second value of each pair is kept for the
     * next call). Box-Muller's sine and cosine cost more than the rest of the policy noise, and
     * StrictMath, needed for run-to-run bit identity, has no fast form of them.
     */
    public double nextGaussian() {
        if (haveSpare) {
            haveSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2.0 * nextDouble() - 1.0;
            v = 2.0 * nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
        spare = v * f;
        haveSpare = true;
        return u * f;
    }

    /** Fills {@code out[off, off + len)} with standard normal draws. Modifies out. */
    public void fillGaussian(float[] out, int off, int len) {
        for (int i = off; i < off + len; i++) {
            out[i] = (float) nextGaussian();
        }
    }

    /**
     * The generator's whole state: the four xoshiro256** words and the Gaussian kept from the last
     * pair of {@link #nextGaussian()} (the polar method draws two at a time). A generator restored
     * from it continues the identical sequence of every draw.
     *
     * @param haveSpare whether {@code spare} is the next {@link #nextGaussian()} value
     * @param spare     that value (0 when there is none)
     */
    public record State(long s0, long s1, long s2, long s3, boolean haveSpare, double spare) {
        public State {
            if ((s0 | s1 | s2 | s3) == 0) {
                // xoshiro's all-zero state is a fixed point: every draw would be 0 (Blackman and Vigna, 2018).
                throw new IllegalArgumentException("Rng state: all four xoshiro256** words are 0, which no seed gives");
            }
        }
    }

    /** A copy of this generator's state (for checkpoints). Not modified. */
    public State state() {
        return new State(s0, s1, s2, s3, haveSpare, haveSpare ? spare : 0.0);
    }

    /** Replaces this generator's state with {@code state}, so it continues that sequence. Modifies this. */
    public void restoreState(State state) {
        s0 = state.s0();
        s1 = state.s1();
        s2 = state.s2();
        s3 = state.s3();
        haveSpare = state.haveSpare();
        spare = state.haveSpare() ? state.spare() : 0.0;
    }

    /** Fills {@code out[off, off + len)} with uniform draws in [lo, hi). Modifies out. */
    public void fillUniform(float[] out, int off, int len, float lo, float hi) {
        for (int i = off; i < off + len; i++) {
            out[i] = (float) uniform(lo, hi);
        }
    }
}
