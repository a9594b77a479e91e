package io.sac4j.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsJsonlTest {
    @Test
    void writesOneJsonObjectPerEventWithNullForMissingValues(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("m.jsonl");
        try (MetricsJsonl m = new MetricsJsonl(f)) {
            m.onEpisodeEnd(200, -1051.25, 200);
            m.onEvaluation(EvalRecord.builder().step(1000).wallSeconds(1.5).evalMeanReturn(-150.125)
                    .evalStdReturn(80.0).trainEpisodeReturn(Double.NaN).criticLoss(0.25).actorLoss(30.5).alpha(0.1)
                    .entropy(-1.0).build());
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(2, lines.size());
        assertEquals("{\"event\":\"episode\",\"step\":200,\"return\":-1051.25,\"length\":200}", lines.get(0));
        assertEquals("{\"event\":\"evaluation\",\"step\":1000,\"wall_s\":1.5,\"eval_mean_return\":-150.125,"
                + "\"eval_std_return\":80.0,\"train_episode_return\":null,\"critic_loss\":0.25,\"actor_loss\":30.5,"
                + "\"alpha\":0.1,\"entropy\":-1.0}", lines.get(1));
    }
}
