package io.sac4j.sac;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SacConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        SacConfig c = SacConfig.DEFAULTS;
        assertEquals(3e-4, c.actorLr());
        assertEquals(3e-4, c.criticLr());
        assertEquals(3e-4, c.alphaLr());
        assertEquals(1_000_000, c.bufferSize());
        assertEquals(256, c.batchSize());
        assertEquals(0.005, c.tau());
        assertEquals(0.99, c.gamma());
        assertEquals(List.of(256, 256), c.hiddenSizes());
        assertEquals(100, c.learningStarts());
        assertEquals(1, c.gradientSteps());
        assertEquals(1, c.trainFreq());
        assertEquals(Temperature.learned(1.0), c.temperature());
        assertEquals(-3.0, c.targetEntropyFor(3));
        assertEquals(-20.0, c.logStdMin());
        assertEquals(2.0, c.logStdMax());
    }

    @Test
    void builderCopiesAndValidationNamesTheField() {
        SacConfig c = SacConfig.builder().learningRate(1e-3).hiddenSizes(64, 32).build();
        assertEquals(1e-3, c.criticLr());
        assertEquals(List.of(64, 32), c.hiddenSizes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SacConfig.builder().gamma(1.5).build());
        assertEquals("gamma must be in [0, 1], got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SacConfig.builder().batchSize(0).build());
        assertEquals("batchSize must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Temperature.learned(-1));
        assertEquals("temperature.initial must be > 0 and finite, got -1.0", e.getMessage());
    }
}
