package io.sac4j.train;

import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.VectorEnv;
import io.sac4j.env.Wrapper;
import io.sac4j.sac.SacConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A loop given its training vector and evaluation environment (as a remote vector would be) trains
 * exactly as one that builds them from a factory, rescales the given vector's actions itself, and
 * closes only what it built.
 */
class GivenEnvironmentsTest {
    private static final SacConfig TINY = SacConfig.builder().hiddenSizes(16, 16).batchSize(32).learningRate(1e-3)
            .learningStarts(100).build();
    private static final RunConfig RUN = RunConfig.builder().totalSteps(400).evalEvery(200).evalEpisodes(1).seed(3)
            .nEnvs(2).build();

    /** Pendulum copies that count their closes. */
    private static Supplier<Env> counting(List<String> closed) {
        return () -> new Wrapper(Envs.make("Pendulum-v1")) {
            @Override
            public void close() {
                closed.add(id());
                super.close();
            }
        };
    }

    /** The metrics rows of a run, wall time left out. */
    private static final class Rows implements TrainListener {
        final List<EvalRecord> rows = new ArrayList<>();

        @Override
        public void onEvaluation(EvalRecord r) {
            rows.add(EvalRecord.builder().step(r.step()).evalMeanReturn(r.evalMeanReturn())
                    .evalStdReturn(r.evalStdReturn()).trainEpisodeReturn(r.trainEpisodeReturn())
                    .criticLoss(r.criticLoss()).actorLoss(r.actorLoss()).alpha(r.alpha()).entropy(r.entropy())
                    .temperatureLoss(r.temperatureLoss()).build());
        }
    }

    @Test
    void aGivenVectorTrainsAsTheFactoryDoesAndStaysOpen() {
        List<String> closed = new ArrayList<>();
        Rows built = new Rows();
        TrainResult a = OffPolicyLoop.builder(TINY, RUN).envs(counting(closed)).listener(built).build().run();
        assertEquals(3, closed.size(), "the loop closed the two copies and the evaluation env it built");

        closed.clear();
        Rows given = new Rows();
        TrainResult b;
        try (VectorEnv envs = VectorEnv.sequential(counting(closed), 2); Env eval = counting(closed).get()) {
            b = OffPolicyLoop.builder(TINY, RUN).envs(envs).evalEnv(eval).listener(given).build().run();
            assertEquals(List.of(), closed, "the loop closes nothing it was given");
        }
        assertEquals(3, closed.size(), "the caller closed them");
        assertEquals(built.rows, given.rows);
        assertEquals(2, given.rows.size());
        assertEquals(a.finalEval(), b.finalEval());
        assertEquals(a.learner().updates(), b.learner().updates());
    }

    @Test
    void theBuilderRefusesWhatCannotRun() {
        VectorEnv three = VectorEnv.sequential(() -> Envs.make("Pendulum-v1"), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OffPolicyLoop.builder(TINY, RUN).envs(three).evalEnv(Envs.make("Pendulum-v1")).build());
        assertEquals("the given VectorEnv has 3 copies, RunConfig.nEnvs is 2", e.getMessage());
        VectorEnv two = VectorEnv.sequential(() -> Envs.make("Pendulum-v1"), 2);
        e = assertThrows(IllegalArgumentException.class, () -> OffPolicyLoop.builder(TINY, RUN).envs(two).build());
        assertTrue(e.getMessage().contains("needs an evaluation environment"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OffPolicyLoop.builder(TINY, RUN).build());
        assertTrue(e.getMessage().contains("needs training environments"), e.getMessage());
    }
}
