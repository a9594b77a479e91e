package io.sac4j.cli;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

/** {@code sac4j train --config FILE}: a file's options merged under the command line's. */
final class ConfigMerge {
    private ConfigMerge() {
    }

    /**
     * {@code cmd} with the {@code --config} file's options added: the file's entries, in file order,
     * for the options the command line did not give, then the command line's own (every entry is
     * checked, an overridden one too: a file is valid on its own or not at all). The result is
     * parsed as if it had all been typed, so its config.json {@code args} hold the file's values too
     * and {@code --resume} rebuilds the run without the file. Flags can only be switched on: a flag set
     * true in the file stays on (picocli flags take no {@code false} on the command line).
     */
    static TrainCommand withConfigFile(TrainCommand cmd) {
        String where = "--config " + cmd.config;
        List<String> given = cmd.givenArgs(List.of("--config"));
        List<String> givenNames = cmd.spec.commandLine().getParseResult().matchedOptions().stream()
                .map(CommandLine.Model.OptionSpec::longestName).toList();
        List<String> args = new ArrayList<>();
        for (ConfigFile.Entry e : ConfigFile.read(cmd.config)) {
            List<String> tokens = ConfigFile.tokens(e, cmd.spec, where); // checked even where overridden
            if (!givenNames.contains("--" + e.key())) {
                args.addAll(tokens);
            }
        }
        args.addAll(given);
        TrainCommand merged = new TrainCommand();
        CommandLine cl = new CommandLine(merged);
        cl.setOut(cmd.spec.commandLine().getOut());
        cl.setErr(cmd.spec.commandLine().getErr());
        try {
            cl.parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage().replace('\n', ' '));
        }
        merged.configSource = cmd.config;
        return merged;
    }
}
