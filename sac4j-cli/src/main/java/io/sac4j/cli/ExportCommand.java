package io.sac4j.cli;

import io.sac4j.checkpoint.Checkpoint;
import io.sac4j.checkpoint.CheckpointException;
import io.sac4j.checkpoint.CheckpointReader;
import io.sac4j.checkpoint.Manifest;
import io.sac4j.random.Rng;
import io.sac4j.sac.Learner;
import io.sac4j.sac.Learners;
import io.sac4j.policy.OnnxExport;
import io.sac4j.policy.PolicyFile;
import io.sac4j.train.OffPolicyLoop;
import io.sac4j.train.RunCheckpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sac4j export --checkpoint FILE --out FILE [--format sac4j|onnx]}: the actor of a checkpoint
 * alone, as sac4j's policy file (read back by {@code Policy.load}, no other dependency) or as ONNX.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the policy of a checkpoint of 'sac4j train' alone, for deployment.",
                "--format sac4j (default) writes the file io.sac4j.policy.Policy.load reads (the actor's weights,"
                        + " checksummed); --format onnx an ONNX model: obs [N, obs] -> action [N, |A|] = tanh(mu)"
                        + " and log_std for a continuous policy, logits and the argmax action for a discrete one."})
final class ExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
            description = "A checkpoint file (<run>/checkpoints/step-<N>.ckpt).")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (replaced if it exists).")
    Path out;

    @Option(names = "--format", defaultValue = "sac4j", paramLabel = "F",
            description = "sac4j or onnx (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("sac4j") && !format.equals("onnx")) {
            throw new IllegalArgumentException("--format must be sac4j or onnx, got " + format);
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a directory; give a file name");
        }
        try (CheckpointReader in = Checkpoint.open(checkpoint)) {
            Manifest m = in.manifest();
            TrainCommand run = ConfigJson.parse(m.require(RunCheckpoint.MANIFEST_CONFIG),
                    "checkpoint " + checkpoint + " (its config)");
            Learner learner;
            try (TrainCommand.Setup setup = run.setup()) {
                learner = Learners.create(setup.sac(), setup.probe().observationSpace(), setup.probe().actionSpace(),
                        new Rng(0));
            }
            learner.restoreState(in);
            long step = m.requireLong(RunCheckpoint.MANIFEST_STEP);
            if (format.equals("onnx")) {
                OnnxExport.write(learner.policy(), out);
            } else {
                PolicyFile.write(learner.policy(), out, Manifest.empty().with("env", run.envId).with("step", step));
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("sac4j: wrote the " + run.envId + " policy of step " + step + " (" + format + ") to " + out);
            stdout.flush();
            return 0;
        } catch (CheckpointException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
