package io.sac4j.cli;

import io.sac4j.box2d.Box2dEnvs;
import io.sac4j.env.Box;
import io.sac4j.env.Envs;
import io.sac4j.sac.LearningRateSchedule;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Temperature;
import io.sac4j.train.Preset;
import io.sac4j.train.Presets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sac4j presets} prints every preset as train options that rebuild it, with its deviations. */
class PresetsCommandTest {
    @BeforeAll
    static void registerBox2d() {
        Box2dEnvs.registerAll();
    }

    /** The printed blocks by env id: the header line, the options line, then the deviation lines. */
    private static List<List<String>> blocks() {
        MainTest.Result r = MainTest.run("presets");
        assertEquals(0, r.code(), r.err());
        List<List<String>> blocks = new ArrayList<>();
        for (String line : r.out().lines().collect(Collectors.toList())) {
            if (!line.startsWith(" ")) {
                blocks.add(new ArrayList<>());
            }
            blocks.get(blocks.size() - 1).add(line);
        }
        return blocks;
    }

    @Test
    void everyContinuousEnvHasAnRlZooPresetWithItsDeviations() {
        for (String id : Envs.ids()) {
            if (Envs.make(id).actionSpace() instanceof Box) {
                assertTrue(Presets.TUNED.contains(id), id + " has a tuned preset");
                assertTrue(Presets.forEnv(id).source().startsWith("rl-baselines3-zoo sac.yml ("), id);
            }
        }
        List<String> known = new ArrayList<>(Envs.ids());
        known.addAll(Presets.MUJOCO);
        assertTrue(known.containsAll(Presets.TUNED), "every preset is for a registered env or a gym: MuJoCo id");
        for (String id : Presets.MUJOCO) {
            Preset p = Presets.forEnv(id);
            assertEquals(id.equals("gym:Humanoid-v5") ? 2_000_000 : 1_000_000, p.totalSteps(), id);
            assertEquals(SacConfig.DEFAULTS.toBuilder().learningStarts(10_000).build(), p.sac(), id);
            assertTrue(p.source().startsWith("rl-baselines3-zoo sac.yml ("), id);
        }
        // rl-zoo's gSDE runs and linear learning-rate schedules are named, not dropped.
        for (String id : List.of("MountainCarContinuous-v0", "BipedalWalker-v3")) {
            assertTrue(Presets.forEnv(id).deviations().stream().anyMatch(d -> d.startsWith("use_sde True: sac4j has"
                    + " no gSDE")), id);
            assertTrue(Presets.forEnv(id).deviations().stream().anyMatch(d -> d.startsWith("log_std_init -3")), id);
        }
        // rl-zoo's lin_7.3e-4 is the linear schedule, so these two follow rl-zoo with no deviation.
        for (String id : List.of("LunarLanderContinuous-v3", "BipedalWalkerHardcore-v3")) {
            assertEquals(List.of(), Presets.forEnv(id).deviations(), id);
            assertEquals(LearningRateSchedule.LINEAR, Presets.forEnv(id).sac().learningRateSchedule(), id);
        }
        assertEquals(LearningRateSchedule.CONSTANT, Presets.forEnv("BipedalWalker-v3").sac().learningRateSchedule());
        assertEquals(List.of(), Presets.forEnv("Pendulum-v1").deviations());
    }

    @Test
    void thePrintedOptionsRebuildEachPresetFromTheDefaults() {
        List<List<String>> blocks = blocks();
        List<String> ids = new ArrayList<>(Envs.ids());
        ids.addAll(Presets.MUJOCO);
        assertEquals(ids, blocks.stream().map(b -> b.get(0).split(" ")[0]).collect(Collectors.toList()),
                "one block per registered env, in id order, then the gym: MuJoCo ids");
        for (List<String> b : blocks) {
            String id = b.get(0).split(" ")[0];
            Preset p = Presets.forEnv(id);
            assertTrue(b.get(0).endsWith(" " + p.source()), b.get(0));
            // The options line, parsed as train options and applied to SAC's defaults, is the preset.
            TrainCommand c = new TrainCommand();
            new CommandLine(c).parseArgs(b.get(1).strip().split(" "));
            assertEquals(p.totalSteps(), c.run.steps, id);
            assertEquals(p.sac(), c.sacConfig(SacConfig.DEFAULTS), id + ": " + b.get(1));
            assertEquals(p.deviations(), b.subList(2, b.size()).stream()
                    .map(l -> l.substring(PresetsCommand.DEVIATION.length())).collect(Collectors.toList()), id);
        }
    }

    @Test
    void thePresetsHoldRlZoosValues() {
        // Read from DLR-RM/rl-baselines3-zoo hyperparams/sac.yml; a change here is a change of preset.
        Preset lunar = Presets.forEnv("LunarLanderContinuous-v3");
        assertEquals(500_000, lunar.totalSteps());
        assertEquals(SacConfig.builder().learningRate(7.3e-4).learningRateSchedule(LearningRateSchedule.LINEAR)
                .bufferSize(1_000_000).batchSize(256).temperature(Temperature.learned(1.0)).gamma(0.99).tau(0.01)
                .trainFreq(1).gradientSteps(1).learningStarts(10_000).hiddenSizes(400, 300).build(), lunar.sac());
        Preset walker = Presets.forEnv("BipedalWalker-v3");
        assertEquals(500_000, walker.totalSteps());
        assertEquals(SacConfig.builder().learningRate(7.3e-4).bufferSize(300_000).batchSize(256)
                .temperature(Temperature.learned(1.0)).gamma(0.98).tau(0.02).trainFreq(64).gradientSteps(64)
                .learningStarts(10_000).hiddenSizes(400, 300).build(), walker.sac());
        Preset hardcore = Presets.forEnv("BipedalWalkerHardcore-v3");
        assertEquals(10_000_000, hardcore.totalSteps());
        assertEquals(SacConfig.builder().learningRate(7.3e-4).learningRateSchedule(LearningRateSchedule.LINEAR)
                .bufferSize(1_000_000).batchSize(256).temperature(Temperature.fixed(0.005)).gamma(0.99).tau(0.01)
                .trainFreq(1).gradientSteps(1).learningStarts(10_000).hiddenSizes(400, 300).build(), hardcore.sac());
        Preset car = Presets.forEnv("MountainCarContinuous-v0");
        assertEquals(50_000, car.totalSteps());
        assertEquals(SacConfig.builder().learningRate(3e-4).bufferSize(50_000).batchSize(512)
                .temperature(Temperature.fixed(0.1)).gamma(0.9999).tau(0.01).trainFreq(32).gradientSteps(32)
                .learningStarts(5000).warmupActionRepeat(20).hiddenSizes(64, 64).build(), car.sac(),
                "rl-zoo's values but learning_starts 0, which sac4j replaces by a held-action warm-up (a deviation)");
        assertTrue(car.deviations().stream().anyMatch(d -> d.startsWith("learning_starts 0: sac4j explores instead"
                + " with a warm-up of 5000 uniform random actions, each held for 20 steps")),
                car.deviations().toString());
        assertTrue(Arrays.asList(blocks().stream().map(b -> b.get(1)).toArray()).contains(
                "  --steps 50000 --lr 3.0E-4 --batch-size 512 --buffer-size 50000 --gamma 0.9999 --tau 0.01"
                        + " --learning-starts 5000 --train-freq 32 --gradient-steps 32 --hidden 64,64 --alpha 0.1"
                        + " --warmup-action-repeat 20"));
        Preset pendulum = Presets.forEnv("Pendulum-v1");
        assertEquals(20_000, pendulum.totalSteps());
        assertEquals(SacConfig.builder().learningRate(1e-3).build(), pendulum.sac());
        assertTrue(Arrays.asList(blocks().stream().map(b -> b.get(1)).toArray()).contains(
                "  --steps 20000 --lr 0.001 --batch-size 256 --buffer-size 1000000 --gamma 0.99 --tau 0.005"
                        + " --learning-starts 100 --train-freq 1 --gradient-steps 1 --hidden 256,256 --init-alpha 1.0"));
    }
}
