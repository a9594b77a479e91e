package io.sac4j.tabular;

/** Solves a small dense linear system in double: Gaussian elimination with partial pivoting. */
final class DenseSolve {
    private DenseSolve() {
    }

    /**
     * The x with {@code a x = b}. a and b are not modified.
     *
     * @throws IllegalArgumentException when a is singular to working precision
     */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int i = col + 1; i < n; i++) {
                if (Math.abs(m[i][col]) > Math.abs(m[pivot][col])) {
                    pivot = i;
                }
            }
            if (!(Math.abs(m[pivot][col]) > 1e-300)) {
                throw new IllegalArgumentException("DenseSolve: the matrix is singular (column " + col + ")");
            }
            double[] rowSwap = m[col];
            m[col] = m[pivot];
            m[pivot] = rowSwap;
            double xSwap = x[col];
            x[col] = x[pivot];
            x[pivot] = xSwap;
            for (int i = col + 1; i < n; i++) {
                double f = m[i][col] / m[col][col];
                if (f != 0) {
                    for (int j = col; j < n; j++) {
                        m[i][j] -= f * m[col][j];
                    }
                    x[i] -= f * x[col];
                }
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double sum = x[i];
            for (int j = i + 1; j < n; j++) {
                sum -= m[i][j] * x[j];
            }
            x[i] = sum / m[i][i];
        }
        return x;
    }
}
