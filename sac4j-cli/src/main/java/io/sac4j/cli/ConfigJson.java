package io.sac4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4j.env.Discrete;
import io.sac4j.env.Env;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Temperature;
import io.sac4j.tensor.Kernels;
import io.sac4j.train.RunConfig;
import io.sac4j.train.SacConfigCodec;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A run's config.json: the options as given ({@code args}, from which {@code --resume}, eval and export
 * rebuild the run) and, for people and tools, every setting they resolved to, SAC's under {@code sac}.
 */
final class ConfigJson {
    private ConfigJson() {
    }

    /**
     * config.json's content for the run {@code s}, started on {@code envId} with the recorded options
     * {@code args}; {@code configFile}: the --config file they were partly read from, or null.
     */
    static Map<String, Object> of(String envId, List<String> args, TrainCommand.Setup s, RunOptions o,
                                  Path configFile) {
        Env env = s.probe();
        SacConfig sac = s.sac();
        RunConfig run = s.run();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", envId);
        m.put("args", args);
        m.put("algorithm", env.actionSpace() instanceof Discrete ? "sac-discrete" : sac.variant().cliName());
        m.put("observation_space", env.observationSpace().toString());
        m.put("action_space", env.actionSpace().toString());
        m.put("steps", run.totalSteps());
        m.put("seed", run.seed());
        m.put("n_envs", run.nEnvs());
        m.put("threads", o.threads);
        m.put("eval_every", run.evalEvery());
        m.put("eval_episodes", run.evalEpisodes());
        m.put("preset", s.preset().source());
        m.put("config_file", configFile == null ? null : configFile.toString());
        m.put("checkpoint_every", o.checkpointInterval(run));
        m.put("buffer_in_checkpoint", !o.noBufferInCheckpoint);
        m.put("stop_at_return", o.stopAtReturn);
        m.put("sac", sac(env, sac));
        Map<String, Object> rt = new LinkedHashMap<>();
        rt.put("java", Runtime.version().toString());
        rt.put("kernel", Kernels.active().name());
        m.put("runtime", rt);
        return m;
    }

    /**
     * A command holding the options config.json {@code file} recorded ({@code args}), parsed as they
     * were when the run started. {@code what} names the request in error messages.
     */
    static TrainCommand read(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot read " + file + " (" + e.getMessage()
                    + "); is it a run directory of sac4j train?");
        }
        return parse(text, what + ": " + file);
    }

    /** As {@link #read}, from config.json's text (a checkpoint's manifest holds it too). */
    static TrainCommand parse(String text, String what) {
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getMessage());
        }
        JsonNode args = root.path("args");
        List<JsonNode> items = new ArrayList<>();
        args.forEach(items::add);
        if (!args.isArray() || !items.stream().allMatch(JsonNode::isTextual)) {
            throw new IllegalArgumentException(what + " has no \"args\" list of strings (written by an older sac4j?)");
        }
        List<String> list = items.stream().map(JsonNode::textValue).toList();
        TrainCommand c = new TrainCommand();
        try {
            new CommandLine(c).parseArgs(list.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(what + ": the recorded options do not parse: " + e.getMessage());
        }
        if (c.config != null) {
            // A run's args hold its config file's values themselves; the file may be gone or changed.
            throw new IllegalArgumentException(what + ": the recorded options hold --config, which config.json"
                    + " never records");
        }
        return c;
    }

    /**
     * config.json's {@code sac} object: the fields {@link SacConfigCodec} encodes (the one place that
     * knows SacConfig's fields), each under its name in snake_case ({@code sac.batchSize} as
     * {@code batch_size}), numbers and true/false as JSON's; except where config.json has always
     * said it its own way: {@code hidden_sizes} a list, the temperature's value as {@code init_alpha}
     * (learned) or {@code alpha} (fixed), {@code target_entropy} resolved for the env's action space,
     * {@code lr_schedule} by its command-line name, the gradient adjustment, when there is one, as
     * an object whose {@code form} is the codec's {@code sac.adjustment}, and the replay as {@code replay}
     * ({@code uniform} or {@code prioritized}) with, when prioritized, a {@code prioritized} object
     * ({@code alpha}, {@code beta0}, {@code eps}).
     */
    private static Map<String, Object> sac(Env env, SacConfig sac) {
        Map<String, Object> s = new LinkedHashMap<>();
        Map<String, Object> adjustment = new LinkedHashMap<>();
        Map<String, Object> prioritized = new LinkedHashMap<>();
        SacConfigCodec.encode(sac).forEach((key, text) -> {
            String field = key.substring("sac.".length());
            switch (field) {
                case "hiddenSizes" -> s.put("hidden_sizes", sac.hiddenSizes());
                case "temperature.value" -> s.put(sac.temperature() instanceof Temperature.Learned ? "init_alpha" : "alpha",
                        value(text));
                case "targetEntropy" -> s.put("target_entropy", env.actionSpace() instanceof Discrete d
                        ? sac.discreteTargetEntropyFor(d.n()) : sac.targetEntropyFor(env.actionSpace().flatSize()));
                case "learningRateSchedule" -> s.put("lr_schedule", sac.learningRateSchedule().cliName());
                case "adjustment" -> adjustment.put("form", text);
                case "replaySampling" -> s.put("replay", text);
                default -> {
                    if (field.startsWith("replaySampling.")) {
                        prioritized.put(field.substring("replaySampling.".length()), value(text));
                    } else if (field.startsWith("adjustment.")) {
                        adjustment.put(snakeCase(field.substring("adjustment.".length())), value(text));
                    } else {
                        s.put(snakeCase(field), value(text));
                    }
                }
            }
        });
        if (sac.adjusted()) {
            s.put("adjustment", adjustment);
        }
        if (!prioritized.isEmpty()) {
            s.put("prioritized", prioritized);
        }
        return s;
    }

    /** A codec value as JSON's: true/false, an integer, a number, or (an enum's name, a word) the text. */
    private static Object value(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        if (INTEGER.matcher(text).matches()) {
            return Long.valueOf(text);
        }
        try {
            return Double.valueOf(text); // Double.toString's text, NaN and Infinity included (written as null)
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern UPPER = Pattern.compile("([A-Z])");

    /** {@code batchSize} as {@code batch_size}. */
    private static String snakeCase(String camel) {
        return UPPER.matcher(camel).replaceAll("_$1").toLowerCase(Locale.ROOT);
    }
}
