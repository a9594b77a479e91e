package io.sac4j.cli;

import io.sac4j.env.Discrete;
import io.sac4j.env.Env;
import io.sac4j.game.GradientAdjustment;
import io.sac4j.sac.ReplaySampling;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Temperature;
import io.sac4j.tensor.Kernels;
import io.sac4j.train.RunConfig;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Object args;
        try {
            args = Json.parse(text) instanceof Map<?, ?> m ? m.get("args") : null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getMessage());
        }
        if (!(args instanceof List<?> list) || !list.stream().allMatch(a -> a instanceof String)) {
            throw new IllegalArgumentException(what + " has no \"args\" list of strings (written by an older sac4j?)");
        }
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

    private static Map<String, Object> sac(Env env, SacConfig sac) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("gamma", sac.gamma());
        s.put("tau", sac.tau());
        s.put("batch_size", sac.batchSize());
        s.put("buffer_size", sac.bufferSize());
        s.put("learning_starts", sac.learningStarts());
        s.put("warmup_action_repeat", sac.warmupActionRepeat());
        s.put("train_freq", sac.trainFreq());
        s.put("gradient_steps", sac.gradientSteps());
        s.put("actor_lr", sac.actorLr());
        s.put("critic_lr", sac.criticLr());
        s.put("alpha_lr", sac.alphaLr());
        s.put("lr_schedule", sac.learningRateSchedule().cliName());
        s.put("hidden_sizes", sac.hiddenSizes());
        if (sac.temperature() instanceof Temperature.Learned l) {
            s.put("temperature", "learned");
            s.put("init_alpha", l.initial());
        } else {
            s.put("temperature", "fixed");
            s.put("alpha", sac.temperature().initialAlpha());
        }
        s.put("variant", sac.variant().name());
        s.put("target_entropy", env.actionSpace() instanceof Discrete d
                ? sac.discreteTargetEntropyFor(d.n()) : sac.targetEntropyFor(env.actionSpace().flatSize()));
        s.put("discrete_target_entropy_ratio", sac.discreteTargetEntropyRatio());
        s.put("log_std_min", sac.logStdMin());
        s.put("log_std_max", sac.logStdMax());
        s.put("entropy_estimate", sac.entropyEstimate().name());
        s.put("n_step", sac.nStep());
        if (sac.replaySampling() instanceof ReplaySampling.Prioritized p) {
            Map<String, Object> per = new LinkedHashMap<>();
            per.put("alpha", p.alpha());
            per.put("beta0", p.beta0());
            per.put("eps", p.eps());
            s.put("replay", "prioritized");
            s.put("prioritized", per);
        } else {
            s.put("replay", "uniform");
        }
        if (sac.adjusted()) {
            GradientAdjustment a = sac.adjustment();
            Map<String, Object> adj = new LinkedHashMap<>();
            adj.put("form", a.form().name());
            adj.put("lambda", a.lambda());
            adj.put("normalisation", a.normalisation().name());
            adj.put("align_sign", a.alignSign());
            adj.put("step", a.step());
            s.put("adjustment", adj);
        }
        return s;
    }
}
