package io.sac4j.cli;

import io.sac4j.env.Envs;
import io.sac4j.train.Preset;
import io.sac4j.train.Presets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sac4j presets}: the tuned settings {@code sac4j train} starts from, one line per environment. */
@Command(name = "presets", mixinStandardHelpOptions = true,
        description = "List the preset of every built-in environment: the steps and hyperparameters that"
                + " 'sac4j train --env ID' uses unless an option overrides them, and where they come from.")
final class PresetsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (String id : Envs.ids()) {
            Preset p = Presets.forEnv(id);
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "%-26s %7d steps  %s", id,
                    p.totalSteps(), p.source()));
        }
        return 0;
    }
}
