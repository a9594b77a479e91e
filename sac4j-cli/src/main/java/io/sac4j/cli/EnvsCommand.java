package io.sac4j.cli;

import io.sac4j.env.Env;
import io.sac4j.env.Envs;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code sac4j envs}: lists the registered environments with their spaces and time limits. */
@Command(name = "envs", mixinStandardHelpOptions = true, description = "List the built-in environments.")
final class EnvsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (String id : Envs.ids()) {
            Env e = Envs.make(id);
            String limit = e instanceof io.sac4j.env.TimeLimit t ? "  limit " + t.maxSteps() + " steps" : "";
            spec.commandLine().getOut().println(id + "  observation " + e.observationSpace() + "  action "
                    + e.actionSpace() + limit);
        }
        return 0;
    }
}
