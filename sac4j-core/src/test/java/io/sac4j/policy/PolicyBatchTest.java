package io.sac4j.policy;

import io.sac4j.sac.Learners;
import io.sac4j.sac.SacConfig;
import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Space;
import io.sac4j.random.Rng;
import io.sac4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Policy#act(Matrix, Matrix, Rng)}: a batch of observations gets, bit for bit, the actions that
 * {@link Policy#act(float[], float[], Rng)} gives row by row from the same generator (what lets the
 * loop act for N environments with one call and stay reproducible).
 */
class PolicyBatchTest {
    private static final Box OBS = Box.uniform(3, -2, 2);
    private static final SacConfig CFG = SacConfig.builder().hiddenSizes(32, 32).build();

    private static Policy policy(Space actions) {
        return Learners.create(CFG, OBS, actions, new Rng(11)).policy();
    }

    private static Matrix observations(int rows) {
        Matrix m = new Matrix(rows, OBS.flatSize());
        new Rng(5).fillUniform(m.data, 0, m.data.length, -2f, 2f);
        return m;
    }

    /** The batch's actions, then the same rows one call each; both from generators seeded alike. */
    private static void assertBatchEqualsRows(Policy p, int rows) {
        Matrix obs = observations(rows);
        Matrix batch = new Matrix(rows, p.actDim());
        Rng a = new Rng(42);
        p.act(obs, batch, a);
        float[] one = new float[p.obsDim()];
        float[] action = new float[p.actDim()];
        float[] rowWise = new float[rows * p.actDim()];
        Rng b = new Rng(42);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(obs.data, i * one.length, one, 0, one.length);
            p.act(one, action, b);
            System.arraycopy(action, 0, rowWise, i * action.length, action.length);
        }
        assertArrayEquals(rowWise, batch.data, rows + " rows");
        assertEquals(b.nextLong(), a.nextLong(), "the batch drew as many numbers as the rows did");
    }

    @Test
    void tanhGaussianBatchEqualsRowByRow() {
        Policy p = policy(Box.uniform(2, -1, 1));
        for (int rows : new int[] {1, 4, 7, 4}) {
            assertBatchEqualsRows(p, rows);
        }
    }

    @Test
    void categoricalBatchEqualsRowByRow() {
        Policy p = policy(new Discrete(5));
        for (int rows : new int[] {1, 4, 9}) {
            assertBatchEqualsRows(p, rows);
        }
    }

    @Test
    void theDefaultBatchIsTheRowLoop() {
        Policy inner = policy(Box.uniform(2, -1, 1));
        Policy plain = new Policy() {
            @Override
            public int obsDim() {
                return inner.obsDim();
            }

            @Override
            public int actDim() {
                return inner.actDim();
            }

            @Override
            public void actDeterministic(float[] observation, float[] action) {
                inner.actDeterministic(observation, action);
            }

            @Override
            public void act(float[] observation, float[] action, Rng rng) {
                inner.act(observation, action, rng);
            }
        };
        assertBatchEqualsRows(plain, 4);
        Matrix batched = new Matrix(4, 2);
        Matrix byDefault = new Matrix(4, 2);
        inner.act(observations(4), batched, new Rng(3));
        plain.act(observations(4), byDefault, new Rng(3));
        assertArrayEquals(batched.data, byDefault.data, "the built-in override gives the default's bits");
    }

    @Test
    void aBatchOfTheWrongShapeIsRefused() {
        Policy p = policy(Box.uniform(2, -1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.act(new Matrix(4, 3), new Matrix(3, 2), new Rng(0)));
        assertEquals("policy: a batch needs rows x 3 observations and rows x 2 actions, got 4x3 and 3x2",
                e.getMessage());
    }
}
