package io.sac4j.cli;

import io.sac4j.env.Envs;
import io.sac4j.sac.ReplaySampling;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Temperature;
import io.sac4j.train.Preset;
import io.sac4j.train.Presets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sac4j presets}: the tuned settings {@code sac4j train} starts from. Each environment gets a
 * line with the preset's source, a line of its values written as train options (so they can be
 * pasted after {@code sac4j train --env ID}, or written as keys of a {@code --config} file), and one
 * line per deviation from the source.
 */
@Command(name = "presets", mixinStandardHelpOptions = true,
        description = "List the preset of every built-in environment: the steps and hyperparameters that"
                + " 'sac4j train --env ID' uses unless an option overrides them (written as those options),"
                + " where they come from, and where sac4j deviates from that source.")
final class PresetsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Starts the line of each deviation. */
    static final String DEVIATION = "  deviation: ";

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> ids = new ArrayList<>(Envs.ids());
        ids.addAll(Presets.MUJOCO);
        for (String id : ids) {
            Preset p = Presets.forEnv(id);
            out.println(String.format(Locale.ROOT, "%-26s %s", id, p.source()));
            out.println("  " + String.join(" ", options(p)));
            for (String d : p.deviations()) {
                out.println(DEVIATION + d);
            }
        }
        out.flush();
        return 0;
    }

    /**
     * The preset as {@code sac4j train} options: every value the train command has an option for,
     * the learning rate as one {@code --lr} when the three are equal, and the target entropy (whose
     * default depends on the action space) and its discrete ratio only when the preset sets them.
     */
    static List<String> options(Preset p) {
        SacConfig c = p.sac();
        List<String> o = new ArrayList<>(List.of("--steps", Long.toString(p.totalSteps())));
        if (c.actorLr() == c.criticLr() && c.criticLr() == c.alphaLr()) {
            o.addAll(List.of("--lr", num(c.actorLr())));
        } else {
            o.addAll(List.of("--actor-lr", num(c.actorLr()), "--critic-lr", num(c.criticLr()), "--alpha-lr",
                    num(c.alphaLr())));
        }
        o.addAll(List.of("--batch-size", Integer.toString(c.batchSize()), "--buffer-size", Integer.toString(c.bufferSize()),
                "--gamma", num(c.gamma()), "--tau", num(c.tau()), "--learning-starts", Integer.toString(c.learningStarts()),
                "--train-freq", Integer.toString(c.trainFreq()), "--gradient-steps", Integer.toString(c.gradientSteps()),
                "--hidden", String.join(",", c.hiddenSizes().stream().map(String::valueOf).toList())));
        if (c.temperature() instanceof Temperature.Learned l) {
            o.addAll(List.of("--init-alpha", num(l.initial())));
        } else {
            o.addAll(List.of("--alpha", num(c.temperature().initialAlpha())));
        }
        if (c.learningRateSchedule() != SacConfig.DEFAULTS.learningRateSchedule()) {
            o.addAll(List.of("--lr-schedule", c.learningRateSchedule().cliName()));
        }
        if (c.warmupActionRepeat() != SacConfig.DEFAULTS.warmupActionRepeat()) {
            o.addAll(List.of("--warmup-action-repeat", Integer.toString(c.warmupActionRepeat())));
        }
        if (!Double.isNaN(c.targetEntropy())) {
            o.addAll(List.of("--target-entropy", num(c.targetEntropy())));
        }
        if (c.nStep() != SacConfig.DEFAULTS.nStep()) {
            o.addAll(List.of("--n-step", Integer.toString(c.nStep())));
        }
        if (c.replaySampling() instanceof ReplaySampling.Prioritized per) {
            o.addAll(List.of("--prioritized", "--per-alpha", num(per.alpha()), "--per-beta0", num(per.beta0()),
                    "--per-eps", num(per.eps())));
        }
        if (c.discreteTargetEntropyRatio() != SacConfig.DEFAULTS.discreteTargetEntropyRatio()) {
            o.addAll(List.of("--target-entropy-ratio", num(c.discreteTargetEntropyRatio())));
        }
        return o;
    }

    /** Shortest text that reads back as the same double. */
    private static String num(double v) {
        return Double.toString(v);
    }
}
