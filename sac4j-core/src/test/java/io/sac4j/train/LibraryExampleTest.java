package io.sac4j.train;

import io.sac4j.Sac;
import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import io.sac4j.env.RescaleAction;
import io.sac4j.env.Step;
import io.sac4j.policy.Policy;
import io.sac4j.sac.SacConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's library example, with a smaller network and fewer steps so it runs in the suite. */
class LibraryExampleTest {
    @Test
    void readmeExampleRuns() {
        SacConfig sac = SacConfig.builder().learningRate(1e-3).hiddenSizes(32, 32).batchSize(32).build();
        RunConfig run = RunConfig.builder().totalSteps(400).seed(42).evalEvery(200).evalEpisodes(2).build();
        TrainResult result = Sac.train(() -> Envs.make("Pendulum-v1"), sac, run);
        assertTrue(Double.isFinite(result.finalEval().meanReturn()));
        assertEquals(2, result.finalEval().episodes());

        Policy policy = result.policy();
        Env env = new RescaleAction(Envs.make("Pendulum-v1"));
        float[] obs = env.reset(0);
        float[] action = new float[1];
        policy.actDeterministic(obs, action);
        assertTrue(action[0] >= -1 && action[0] <= 1);
        Step step = env.step(action);
        assertEquals(3, step.observation().length);
    }
}
