package io.sac4j.train;

import io.sac4j.sac.EntropyEstimate;
import io.sac4j.game.GradientAdjustment;
import io.sac4j.sac.LearningRateSchedule;
import io.sac4j.sac.ReplaySampling;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Temperature;
import io.sac4j.sac.Variant;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** SacConfigCodec: every field under its own key, read back to an equal record; differences name the keys. */
class SacConfigCodecTest {
    /** A config that differs from the defaults in every field, with both optional parts present. */
    private static final SacConfig EVERY_FIELD = SacConfig.builder().gamma(0.98).tau(0.02).batchSize(64)
            .bufferSize(5_000).learningStarts(10).trainFreq(2).gradientSteps(3).actorLr(1e-3).criticLr(2e-3)
            .alphaLr(3e-3).hiddenSizes(400, 300).temperature(Temperature.fixed(0.2)).targetEntropy(-0.5)
            .logStdBounds(-5, 1.5).variant(Variant.V1).discreteTargetEntropyRatio(0.7)
            .entropyEstimate(EntropyEstimate.CLOSED_FORM)
            .adjustment(GradientAdjustment.antisymmetric(0.1)
                    .withNormalisation(GradientAdjustment.Normalisation.UNIT_BLOCKS).withSignAlignment(0.3))
            .warmupActionRepeat(20).learningRateSchedule(LearningRateSchedule.LINEAR).nStep(3)
            .replaySampling(ReplaySampling.prioritized(0.5, 0.3, 1e-5)).build();

    @Test
    void encodedConfigsReadBackEqual() {
        assertEquals(SacConfig.DEFAULTS, SacConfigCodec.decodeSac(SacConfigCodec.encode(SacConfig.DEFAULTS)));
        assertEquals(EVERY_FIELD, SacConfigCodec.decodeSac(SacConfigCodec.encode(EVERY_FIELD)));
        RunConfig run = RunConfig.builder().totalSteps(123_456).evalEvery(789).evalEpisodes(3).seed(-5).nEnvs(4).build();
        assertEquals(run, SacConfigCodec.decodeRun(SacConfigCodec.encode(run)));
    }

    @Test
    void oneKeyPerField() {
        Map<String, String> d = SacConfigCodec.encode(SacConfig.DEFAULTS);
        assertEquals("0.99", d.get("sac.gamma"));
        assertEquals("256,256", d.get("sac.hiddenSizes"));
        assertEquals("learned", d.get("sac.temperature"));
        assertEquals("1.0", d.get("sac.temperature.value"));
        assertEquals("NaN", d.get("sac.targetEntropy"));
        assertEquals("none", d.get("sac.adjustment"));
        assertEquals(SacConfig.class.getRecordComponents().length + 1, d.size(), "temperature has two keys");
        assertEquals("1", d.get("sac.nStep"));
        assertEquals("uniform", d.get("sac.replaySampling"));
        assertEquals(d.size() + 5 + 3, SacConfigCodec.encode(EVERY_FIELD).size(),
                "an adjustment adds its five values, prioritized replay its three");
        assertEquals("prioritized", SacConfigCodec.encode(EVERY_FIELD).get("sac.replaySampling"));
        assertEquals("0.3", SacConfigCodec.encode(EVERY_FIELD).get("sac.replaySampling.beta0"));
        assertEquals(List.of("run.totalSteps", "run.evalEvery", "run.evalEpisodes", "run.seed", "run.nEnvs"),
                List.copyOf(SacConfigCodec.encode(new RunConfig(10, 5, 1, 0)).keySet()));
    }

    @Test
    void differencesNameEachDifferingKey() {
        Map<String, String> a = SacConfigCodec.encode(SacConfig.DEFAULTS);
        Map<String, String> b = SacConfigCodec.encode(SacConfig.DEFAULTS.toBuilder().gamma(0.9).batchSize(8).build());
        assertEquals(List.of("sac.batchSize", "sac.gamma"), SacConfigCodec.differences(a, b));
        assertEquals(List.of(), SacConfigCodec.differences(a, SacConfigCodec.encode(SacConfig.DEFAULTS)));
        Map<String, String> withAdjustment = SacConfigCodec.encode(EVERY_FIELD);
        Map<String, String> without = new LinkedHashMap<>(withAdjustment);
        without.remove("sac.adjustment.lambda");
        assertEquals(List.of("sac.adjustment.lambda"), SacConfigCodec.differences(withAdjustment, without),
                "a key only one side holds differs");
    }

    /** A checkpoint written before n-step and prioritized replay existed lacks their keys: they read as the defaults. */
    @Test
    void keysOlderCheckpointsLackReadAsTheDefaults() {
        Map<String, String> old = new LinkedHashMap<>(SacConfigCodec.encode(SacConfig.DEFAULTS));
        old.remove("sac.nStep");
        old.remove("sac.replaySampling");
        assertEquals(SacConfig.DEFAULTS, SacConfigCodec.decodeSac(old));
        assertEquals(List.of(), SacConfigCodec.differences(SacConfigCodec.withLaterDefaults(old),
                SacConfigCodec.encode(SacConfig.DEFAULTS)), "an old checkpoint resumes as a run with the defaults");
        assertEquals(List.of("sac.nStep"), SacConfigCodec.differences(SacConfigCodec.withLaterDefaults(old),
                SacConfigCodec.encode(SacConfig.DEFAULTS.toBuilder().nStep(3).build())), "but not as an n-step run");
        Map<String, String> per = new LinkedHashMap<>(SacConfigCodec.encode(EVERY_FIELD));
        per.put("sac.replaySampling", "ranked");
        assertEquals("configuration key sac.replaySampling: cannot read 'ranked' (not uniform or prioritized)",
                assertThrows(IllegalArgumentException.class, () -> SacConfigCodec.decodeSac(per)).getMessage());
        per.put("sac.replaySampling", "prioritized");
        per.put("sac.replaySampling.alpha", "1.5");
        assertEquals("replaySampling.alpha must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> SacConfigCodec.decodeSac(per)).getMessage());
    }

    @Test
    void aMissingOrUnreadableValueIsNamed() {
        Map<String, String> m = new LinkedHashMap<>(SacConfigCodec.encode(SacConfig.DEFAULTS));
        m.remove("sac.tau");
        assertEquals("configuration key sac.tau is missing",
                assertThrows(IllegalArgumentException.class, () -> SacConfigCodec.decodeSac(m)).getMessage());
        m.put("sac.tau", "fast");
        assertEquals("configuration key sac.tau: cannot read 'fast' (For input string: \"fast\")",
                assertThrows(IllegalArgumentException.class, () -> SacConfigCodec.decodeSac(m)).getMessage());
        m.put("sac.tau", "2.0");
        assertEquals("tau must be in (0, 1], got 2.0",
                assertThrows(IllegalArgumentException.class, () -> SacConfigCodec.decodeSac(m)).getMessage());
    }
}
