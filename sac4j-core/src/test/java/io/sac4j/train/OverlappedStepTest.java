package io.sac4j.train;

import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.PendingStep;
import io.sac4j.env.VectorEnv;
import io.sac4j.env.VectorStep;
import io.sac4j.env.VectorWrapper;
import io.sac4j.sac.SacConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vector whose step returns before it finishes ({@link VectorEnv#startStep}, as a remote one does)
 * lets the loop run its gradient steps meanwhile, with the bits of a vector that steps at once: here
 * the step is taken only when joined, so a gradient step that read the step's transitions before
 * they exist would change the losses.
 */
class OverlappedStepTest {
    private static final RunConfig RUN = RunConfig.builder().totalSteps(600).evalEvery(200).evalEpisodes(1).seed(5)
            .nEnvs(2).build();

    /** Steps only when joined; counts the steps started and those joined after the loop's gradient steps. */
    private static final class Lazy extends VectorWrapper {
        int started;

        Lazy(VectorEnv inner) {
            super(inner);
        }

        @Override
        public PendingStep startStep(float[][] actions) {
            started++;
            float[][] copy = actions.clone();
            return new PendingStep() {
                private VectorStep result;

                @Override
                public boolean isDone() {
                    return result != null;
                }

                @Override
                public VectorStep join() {
                    if (result == null) {
                        result = inner.step(copy);
                    }
                    return result;
                }
            };
        }
    }

    /** Every metrics row of a run, wall time and update speed left out. */
    private static final class Rows implements TrainListener {
        final List<String> rows = new ArrayList<>();

        @Override
        public void onEvaluation(EvalRecord r) {
            rows.add(r.step() + " " + r.evalMeanReturn() + " " + r.trainEpisodeReturn() + " " + r.criticLoss() + " "
                    + r.actorLoss() + " " + r.alpha() + " " + r.entropy());
        }

        @Override
        public void onEpisodeEnd(long step, double episodeReturn, int length) {
            rows.add("episode " + step + " " + episodeReturn + " " + length);
        }
    }

    private record Run(List<String> rows, EvalResult finalEval, long updates, long overlapped) {
    }

    private static Run train(SacConfig sac, boolean lazy) {
        Rows rows = new Rows();
        try (VectorEnv plain = VectorEnv.sequential(() -> Envs.make("Pendulum-v1"), RUN.nEnvs());
             Env eval = Envs.make("Pendulum-v1")) {
            Lazy l = lazy ? new Lazy(plain) : null;
            OffPolicyLoop loop = OffPolicyLoop.builder(sac, RUN).envs(lazy ? l : plain).evalEnv(eval).listener(rows)
                    .build();
            TrainResult r = loop.run();
            if (lazy) {
                assertEquals(RUN.totalSteps() / RUN.nEnvs(), l.started, "one started step per vector step");
            }
            return new Run(rows.rows, r.finalEval(), r.learner().updates(), loop.lastOverlappedSteps());
        }
    }

    @Test
    void gradientStepsRunWhileTheStepIsOnItsWayWithTheSameBits() {
        // A 150-transition ring: the draws often need the newest slots (before and after it wraps).
        SacConfig sac = SacConfig.builder().hiddenSizes(16, 16).batchSize(32).learningRate(1e-3).learningStarts(100)
                .bufferSize(150).gradientSteps(2).build();
        Run atOnce = train(sac, false);
        Run overlapped = train(sac, true);
        assertEquals(atOnce.rows, overlapped.rows);
        assertEquals(atOnce.finalEval, overlapped.finalEval);
        assertEquals(atOnce.updates, overlapped.updates);
        assertEquals(0, atOnce.overlapped, "a vector that steps at once is stored first");
        // 250 vector steps with updates, 4 draws of 32 from <= 150 slots each: about 1 - (1 - 2/150)^128 = 82%
        // of them need the step's transitions, so some, not all, run entirely before it is stored.
        assertTrue(overlapped.overlapped > 5 && overlapped.overlapped < 250, "overlapped " + overlapped.overlapped);
    }

    @Test
    void withALargeBufferAlmostEveryStepOverlaps() {
        SacConfig sac = SacConfig.builder().hiddenSizes(16, 16).batchSize(32).learningRate(1e-3).learningStarts(100)
                .build();
        Run atOnce = train(sac, false);
        Run overlapped = train(sac, true);
        assertEquals(atOnce.rows, overlapped.rows);
        assertEquals(atOnce.finalEval, overlapped.finalEval);
        // 250 vector steps with updates; the chance that 2 draws of 32 miss the 2 newest of >= 102 slots is >= 28%,
        // rising to 81% at 600 slots.
        assertTrue(overlapped.overlapped > 100, "overlapped " + overlapped.overlapped);
    }

    @Test
    void nStepReturnsAndPrioritizedReplayStoreTheStepFirst() {
        for (SacConfig sac : List.of(
                SacConfig.builder().hiddenSizes(16, 16).batchSize(32).learningStarts(100).nStep(3).build(),
                SacConfig.builder().hiddenSizes(16, 16).batchSize(32).learningStarts(100)
                        .replaySampling(io.sac4j.sac.ReplaySampling.prioritized(0.6, 0.4, 1e-6)).build())) {
            Run atOnce = train(sac, false);
            Run lazy = train(sac, true);
            assertEquals(atOnce.rows, lazy.rows);
            assertEquals(0, lazy.overlapped);
        }
    }
}
