package io.sac4j.random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RngTest {
    @Test
    void sameSeedSameSequence() {
        Rng a = new Rng(42), b = new Rng(42);
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        assertEquals(new Rng(42).nextGaussian(), new Rng(42).nextGaussian());
        assertNotEquals(new Rng(42).nextLong(), new Rng(43).nextLong());
    }

    @Test
    void splitIsDeterministicAndDiffers() {
        Rng a = new Rng(7), b = new Rng(7);
        Rng sa = a.split(), sb = b.split();
        assertEquals(sa.nextLong(), sb.nextLong());
        assertNotEquals(a.nextLong(), sa.nextLong());
    }

    @Test
    void uniformAndNormalMoments() {
        Rng r = new Rng(1);
        // 10^6 draws: the fourth moment's standard error is sqrt(96 / n) ~ 0.01, so 0.08 is 8 of them.
        int n = 1_000_000;
        double s = 0, s2 = 0, g = 0, g2 = 0, g4 = 0;
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            assertTrue(u >= 0 && u < 1);
            s += u;
            s2 += u * u;
            double z = r.nextGaussian();
            g += z;
            g2 += z * z;
            g4 += z * z * z * z;
        }
        assertEquals(0.5, s / n, 0.005);
        assertEquals(1.0 / 12, s2 / n - 0.25, 0.002);
        assertEquals(0.0, g / n, 0.01);
        assertEquals(1.0, g2 / n, 0.015);
        assertEquals(3.0, g4 / n, 0.08);
    }

    @Test
    void nextIntIsUniformAndBounded() {
        Rng r = new Rng(3);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[r.nextInt(7)]++;
        }
        for (int c : counts) {
            assertEquals(10_000, c, 400);
        }
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    }

    @Test
    void floatsStayInUnitInterval() {
        Rng r = new Rng(9);
        for (int i = 0; i < 100_000; i++) {
            float f = r.nextFloat();
            assertTrue(f >= 0f && f < 1f);
        }
    }
}
