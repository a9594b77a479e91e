package io.sac4j.train;

import io.sac4j.env.Envs;
import io.sac4j.sac.SacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library prints nothing to an application that configured no logging. Each case runs a child JVM
 * on this module's test class path (slf4j-api and no provider), since SLF4J picks its provider once
 * per JVM.
 */
class LibraryLogTest {
    /** A short training run with a checkpoint and a resume: every event the loop logs at INFO or WARN. */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        SacConfig cfg = SacConfig.builder().hiddenSizes(8).batchSize(8).learningStarts(20).build();
        RunConfig run = new RunConfig(120, 60, 1, 0);
        OffPolicyLoop.builder(cfg, run).envs(() -> Envs.make("Pendulum-v1"))
                .checkpointing(Checkpointing.every(dir, 60).withBuffer(false)).build().run();
        OffPolicyLoop.builder(cfg, run).envs(() -> Envs.make("Pendulum-v1"))
                .resumeFrom(dir.resolve("checkpoints/step-60.ckpt")).build().run();
        if (args.length > 1) {
            org.slf4j.LoggerFactory.getLogger(LibraryLogTest.class).info("asked directly");
        }
        System.out.print("ok");
    }

    /** Runs {@link #main} in a new JVM; returns its stdout and stderr together. */
    private static String child(Path dir, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LibraryLogTest.class.getName(), dir.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void withoutAProviderTrainingAndResumingPrintNothing(@TempDir Path tmp) throws Exception {
        assertFalse(LibraryLog.providerPresent(), "this module's tests have slf4j-api and no provider");
        assertEquals("ok", child(tmp.resolve("run")), "no SLF4J warning, no log line");
        assertTrue(Files.exists(tmp.resolve("run/checkpoints/step-120.ckpt")), "the run did train and checkpoint");
    }

    @Test
    void slf4jItselfWouldWarnWhichIsWhyTheLibraryDoesNotAskIt(@TempDir Path tmp) throws Exception {
        String out = child(tmp.resolve("run"), "ask-slf4j");
        assertTrue(out.contains("No SLF4J providers were found"), out);
        assertTrue(out.endsWith("ok"), out);
    }
}
