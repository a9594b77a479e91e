package io.sac4j.game;

import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GameGradientsTest {
    /** A game given by its players' full gradients. */
    private record Game(int[] blockStarts, Grad grad) implements DifferentiableGame {
        interface Grad {
            void of(int player, double[] theta, double[] out);
        }

        @Override
        public int dimension() {
            return blockStarts[blockStarts.length - 1];
        }

        @Override
        public void gradient(int player, double[] theta, double[] out) {
            grad.of(player, theta, out);
        }
    }

    /** J_i = 1/2 theta^T M_i theta + b_i^T theta, M_i symmetric: grad_theta J_i = M_i theta + b_i. */
    private static final class Quadratic {
        final int[] starts;
        final double[][][] m;
        final double[][] b;

        Quadratic(int[] starts, long seed, boolean samePlayerLoss) {
            this.starts = starts;
            int n = starts.length - 1, d = starts[n];
            Rng r = new Rng(seed);
            m = new double[n][d][d];
            b = new double[n][d];
            for (int i = 0; i < n; i++) {
                int src = samePlayerLoss ? 0 : i;
                for (int p = 0; p < d; p++) {
                    b[i][p] = samePlayerLoss && i > 0 ? b[0][p] : r.uniform(-1, 1);
                    for (int q = 0; q <= p; q++) {
                        double v = samePlayerLoss && i > 0 ? m[src][p][q] : r.uniform(-2, 2);
                        m[i][p][q] = v;
                        m[i][q][p] = v;
                    }
                }
            }
        }

        Game game() {
            return new Game(starts, (i, th, out) -> {
                for (int p = 0; p < th.length; p++) {
                    double s = b[i][p];
                    for (int q = 0; q < th.length; q++) {
                        s += m[i][p][q] * th[q];
                    }
                    out[p] = s;
                }
            });
        }

        /** H: row r is row r of the Hessian of the loss of r's owner. */
        double[][] h() {
            int d = starts[starts.length - 1];
            double[][] h = new double[d][];
            for (int i = 0; i + 1 < starts.length; i++) {
                for (int r = starts[i]; r < starts[i + 1]; r++) {
                    h[r] = m[i][r].clone();
                }
            }
            return h;
        }
    }

    private static double[] times(double[][] h, double[] v, boolean transpose) {
        double[] out = new double[v.length];
        for (int r = 0; r < v.length; r++) {
            for (int c = 0; c < v.length; c++) {
                out[r] += (transpose ? h[c][r] : h[r][c]) * v[c];
            }
        }
        return out;
    }

    private static double norm(double[] v) {
        return GameGradients.norm(v, 0, v.length);
    }

    private static void assertClose(double[] expected, double[] actual, double rtol, String what) {
        double scale = Math.max(norm(expected), 1e-300);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], rtol * scale, what + "[" + k + "]");
        }
    }

    @Test
    void quadraticGameProductsMatchTheExactMatrixProducts() {
        Quadratic q = new Quadratic(new int[] {0, 2, 3, 6}, 11, false);
        GameGradients g = new GameGradients(q.game());
        double[] theta = {0.3, -1.2, 0.8, 2.0, -0.4, 0.6};
        double[] xi = new double[6], hXi = new double[6], htXi = new double[6], atXi = new double[6];
        g.xi(theta, xi);
        double[][] h = q.h();
        // xi = H theta + c for this game: check the stacking of the own blocks first.
        double[] full = new double[6];
        for (int i = 0; i < 3; i++) {
            q.game().gradient(i, theta, full);
            for (int k = g.blockStart(i); k < g.blockEnd(i); k++) {
                assertEquals(full[k], xi[k], 0);
            }
        }
        g.hessianTimesXi(theta, xi, 1e-3, hXi);
        g.hessianTransposeTimesXi(theta, xi, 1e-3, htXi);
        GameGradients.antisymmetricTransposeTimesXi(hXi, htXi, atXi);
        double[] exactH = times(h, xi, false), exactHt = times(h, xi, true);
        double[] exactAt = new double[6];
        for (int k = 0; k < 6; k++) {
            exactAt[k] = 0.5 * (exactHt[k] - exactH[k]);
        }
        assertClose(exactH, hXi, 1e-6, "H xi");
        assertClose(exactHt, htXi, 1e-6, "H^T xi");
        assertClose(exactAt, atXi, 1e-6, "A^T xi");
        // H is not symmetric here, so H xi and H^T xi differ: the check above distinguishes them.
        assertTrue(norm(exactAt) > 0.1 * norm(exactH));
        // The seed's form xi + H^T xi through adjustedDirection.
        double[] d = new double[6];
        g.adjustedDirection(theta, GradientAdjustment.hessianTranspose(1.0), d);
        double[] expected = new double[6];
        for (int k = 0; k < 6; k++) {
            expected[k] = xi[k] + exactHt[k];
        }
        assertClose(expected, d, 1e-6, "xi + H^T xi");
    }

    /**
     * A non-quadratic two-player game, H from the second derivatives by hand:
     * J_1 = x^2 y + x sin y + x^4 / 4 (player x), J_2 = y^2 cos x - x y^3 (player y).
     */
    @Test
    void nonQuadraticGameProductsMatchTheAnalyticHessian() {
        Game game = new Game(new int[] {0, 1, 2}, (i, th, out) -> {
            double x = th[0], y = th[1];
            if (i == 0) {
                out[0] = 2 * x * y + Math.sin(y) + x * x * x;
                out[1] = x * x + x * Math.cos(y);
            } else {
                out[0] = -Math.sin(x) * y * y - y * y * y;
                out[1] = 2 * Math.cos(x) * y - 3 * x * y * y;
            }
        });
        double x = 0.7, y = -0.4;
        double[][] h = {{2 * y + 3 * x * x, 2 * x + Math.cos(y)}, {-2 * Math.sin(x) * y - 3 * y * y, 2 * Math.cos(x) - 6 * x * y}};
        double[] xi = {2 * x * y + Math.sin(y) + x * x * x, 2 * Math.cos(x) * y - 3 * x * y * y};
        GameGradients g = new GameGradients(game);
        double[] hXi = new double[2], htXi = new double[2];
        g.hessianTimesXi(new double[] {x, y}, xi, 1e-4, hXi);
        g.hessianTransposeTimesXi(new double[] {x, y}, xi, 1e-4, htXi);
        assertClose(times(h, xi, false), hXi, 1e-6, "H xi");
        assertClose(times(h, xi, true), htXi, 1e-6, "H^T xi");
    }

    /** Both players minimise the same J: H is J's (symmetric) Hessian, A = 0, the adjustment is xi itself. */
    @Test
    void potentialGameIsLeftUnadjusted() {
        Quadratic q = new Quadratic(new int[] {0, 3, 5}, 12, true);
        GameGradients g = new GameGradients(q.game());
        double[] theta = {0.5, -0.1, 1.3, -0.9, 0.2};
        double[] d = new double[5];
        g.adjustedDirection(theta, GradientAdjustment.antisymmetric(1.0), d);
        double[] xi = g.lastXi();
        assertTrue(norm(g.lastAdjustment()) <= 1e-8 * norm(xi), "A^T xi = " + norm(g.lastAdjustment()));
        assertClose(xi, d, 1e-8, "adjusted direction");
    }

    private static final Game BILINEAR = new Game(new int[] {0, 1, 2}, (i, th, out) -> {
        // J_1 = x y (x minimises), J_2 = -x y (y minimises, i.e. maximises x y)
        double s = i == 0 ? 1 : -1;
        out[0] = s * th[1];
        out[1] = s * th[0];
    });

    private static double run(GradientAdjustment adjustment, int steps, double lr) {
        GameGradients g = new GameGradients(BILINEAR);
        double[] theta = {1.0, 1.0}, d = new double[2];
        for (int t = 0; t < steps; t++) {
            if (adjustment == null) {
                g.xi(theta, d);
            } else {
                g.adjustedDirection(theta, adjustment, d);
            }
            theta[0] -= lr * d[0];
            theta[1] -= lr * d[1];
        }
        return Math.hypot(theta[0], theta[1]);
    }

    /** min_x max_y x y: simultaneous gradient descent spirals out, the adjusted dynamics converge to (0, 0). */
    @Test
    void bilinearGameDivergesWithoutAndConvergesWithTheAdjustment() {
        double start = Math.sqrt(2);
        double plain = run(null, 1000, 0.05);
        assertTrue(plain > 2 * start, "plain simultaneous gradient descent: |theta| = " + plain);
        double adjusted = run(GradientAdjustment.antisymmetric(1.0), 1000, 0.05);
        assertTrue(adjusted < 1e-3, "xi + A^T xi: |theta| = " + adjusted);
        double matched = run(GradientAdjustment.antisymmetric(0.5)
                .withNormalisation(GradientAdjustment.Normalisation.MATCH_OWN_GRADIENT), 1000, 0.05);
        assertTrue(matched < 1e-3, "normalised to the own gradient: |theta| = " + matched);
        // ... but at lambda = 1 a player's correction can cancel its own gradient exactly: it stalls.
        double cancelled = run(GradientAdjustment.antisymmetric(1.0)
                .withNormalisation(GradientAdjustment.Normalisation.MATCH_OWN_GRADIENT), 1000, 0.05);
        assertTrue(cancelled > 0.05, "normalised to the own gradient, lambda 1: |theta| = " + cancelled);
        // Unit blocks: a sign-like method, which with a fixed step stops within about two steps of (0, 0).
        double unit = run(GradientAdjustment.antisymmetric(1.0)
                .withNormalisation(GradientAdjustment.Normalisation.UNIT_BLOCKS), 1000, 0.05);
        assertTrue(unit <= 2 * 0.05 * Math.sqrt(2), "unit blocks: |theta| = " + unit);
        // The bilinear game is purely antisymmetric, so the alignment rule keeps lambda positive.
        double aligned = run(GradientAdjustment.antisymmetric(1.0).withSignAlignment(0.1), 1000, 0.05);
        assertTrue(aligned < 1e-3, "aligned: |theta| = " + aligned);
    }

    /**
     * J_1 = -x^2/2 + x y, J_2 = -y^2/2 - x y: H = [[-1, 1], [-1, -1]] = -I + A, an unstable fixed point.
     * By hand, xi = (y - x, -x - y), grad(1/2 |xi|^2) = H^T xi = 2 (x, y), A^T xi = (x + y, y - x), so
     * (1/d) <xi, gradH><A^T xi, gradH> = -2 |theta|^4: lambda turns negative once that exceeds epsilon.
     */
    @Test
    void signAlignmentFollowsTheRuleOfBalduzziEtAl() {
        Game game = new Game(new int[] {0, 1, 2}, (i, th, out) -> {
            double x = th[0], y = th[1];
            if (i == 0) {
                out[0] = -x + y;
                out[1] = x;
            } else {
                out[0] = -y;
                out[1] = -y - x;
            }
        });
        GameGradients g = new GameGradients(game);
        GradientAdjustment sga = GradientAdjustment.antisymmetric(0.7).withSignAlignment(0.1);
        double[] d = new double[2];
        assertEquals(-0.7, g.adjustedDirection(new double[] {1.0, 0.5}, sga, d), 0);
        assertEquals(-0.5 - 0.7 * 1.5, d[0], 1e-6); // xi_x - 0.7 (x + y)
        assertEquals(-1.5 + 0.7 * 0.5, d[1], 1e-6); // xi_y - 0.7 (y - x)
        // Near the fixed point |theta|^4 is small and epsilon keeps lambda positive: 2 * 0.2^4 < 0.1.
        assertEquals(0.7, g.adjustedDirection(new double[] {0.2, 0.0}, sga, d), 0);
        assertEquals(0.7, GradientAdjustment.alignedLambda(-0.7, 0.1, new double[] {1, 0}, new double[] {0, 1},
                new double[] {1, 1}), 0);
    }

    @Test
    void normalisationsScaleEachBlockAsDocumented() {
        int[] blocks = {0, 2, 3};
        double[] xi = {3, 4, -2}, adj = {0, 1, 5}, out = new double[3];
        GradientAdjustment.combine(xi, adj, 0.5, GradientAdjustment.Normalisation.NONE, blocks, out);
        assertArrayClose(new double[] {3, 4.5, 0.5}, out);
        // ||xi_0|| = 5, ||adj_0|| = 1; ||xi_1|| = 2, ||adj_1|| = 5
        GradientAdjustment.combine(xi, adj, 0.5, GradientAdjustment.Normalisation.MATCH_OWN_GRADIENT, blocks, out);
        assertArrayClose(new double[] {3, 6.5, -1}, out);
        GradientAdjustment.combine(xi, adj, 0.5, GradientAdjustment.Normalisation.UNIT_BLOCKS, blocks, out);
        assertArrayClose(new double[] {0.6, 1.3, -0.5}, out);
        // A zero block stays zero rather than dividing by zero.
        GradientAdjustment.combine(new double[] {0, 0, 1}, new double[] {0, 0, 0}, 1,
                GradientAdjustment.Normalisation.UNIT_BLOCKS, blocks, out);
        assertArrayClose(new double[] {0, 0, 1}, out);
    }

    private static void assertArrayClose(double[] expected, double[] actual) {
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], 1e-12, "[" + k + "]");
        }
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> new GameGradients(new Game(new int[] {0, 3, 2}, null)));
        assertThrows(IllegalArgumentException.class, () -> new GameGradients(new Game(new int[] {1, 2}, null)));
        GameGradients g = new GameGradients(BILINEAR);
        assertThrows(IllegalArgumentException.class, () -> g.xi(new double[3], new double[2]));
        assertThrows(IllegalArgumentException.class,
                () -> g.hessianTimesXi(new double[2], new double[] {1, 1}, 0, new double[2]));
        assertThrows(IllegalArgumentException.class,
                () -> GradientAdjustment.hessianTranspose(1).withSignAlignment(0.1));
        assertThrows(IllegalArgumentException.class, () -> GradientAdjustment.antisymmetric(Double.NaN));
    }
}
