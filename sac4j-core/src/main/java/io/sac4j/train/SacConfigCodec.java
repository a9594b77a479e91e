package io.sac4j.train;

import io.sac4j.sac.EntropyEstimate;
import io.sac4j.game.GradientAdjustment;
import io.sac4j.sac.LearningRateSchedule;
import io.sac4j.sac.ReplaySampling;
import io.sac4j.sac.SacConfig;
import io.sac4j.sac.Temperature;
import io.sac4j.sac.Variant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * {@link SacConfig} and {@link RunConfig} as a flat map of named text values, one key per field, and
 * back: what a checkpoint's manifest stores and a resume compares field by field
 * ({@link #differences}), never a {@code toString()} text. Numbers are written so they read back to
 * the same bits ({@link Double#toString}); choices by their enum names.
 *
 * <p>Keys: {@code sac.<record component>} for each field of SacConfig ({@code sac.gamma},
 * {@code sac.hiddenSizes} as {@code 256,256}, ...), except the two that are choices with values of
 * their own: {@code sac.temperature} ({@code learned} or {@code fixed}) with
 * {@code sac.temperature.value} (the initial or the fixed alpha), and {@code sac.adjustment}
 * ({@code none}, or the {@link GradientAdjustment.Form}) with {@code sac.adjustment.lambda},
 * {@code .normalisation}, {@code .alignSign}, {@code .alignEpsilon}, {@code .step} when there is
 * one, and {@code sac.replaySampling} ({@code uniform} or {@code prioritized}) with
 * {@code sac.replaySampling.alpha}, {@code .beta0}, {@code .eps} when prioritized; {@code run.<record
 * component>} for each field of RunConfig.
 *
 * <p>Keys added after checkpoint format 2 began ({@link #LATER_DEFAULTS}: {@code sac.nStep},
 * {@code sac.replaySampling}) read as their defaults when a manifest lacks them, so an older
 * checkpoint decodes, and compares, as a run with those options at their defaults.
 */
public final class SacConfigCodec {
    private SacConfigCodec() {
    }

    /** Keys added to the encoding after checkpoints of format 2 were first written, with their default values. */
    static final Map<String, String> LATER_DEFAULTS = Map.of(
            "sac.nStep", Integer.toString(SacConfig.DEFAULTS.nStep()),
            "sac.replaySampling", "uniform");

    /**
     * {@code saved} with each of {@link #LATER_DEFAULTS}'s keys it lacks added at its default (a copy;
     * {@code saved} is not modified): an older checkpoint's manifest read as the defaults of options it
     * predates.
     */
    public static Map<String, String> withLaterDefaults(Map<String, String> saved) {
        Map<String, String> m = new LinkedHashMap<>(saved);
        LATER_DEFAULTS.forEach(m::putIfAbsent);
        return m;
    }

    /**
     * One part of the encoding: writes its keys of a config, and sets what they hold on a builder
     * (refusing, through {@link #get}, a missing key or a value that does not parse).
     */
    private interface Field {
        void encode(SacConfig c, Map<String, String> m);

        void decode(Map<String, String> m, SacConfig.Builder b);
    }

    /** A field with one key: read from the config, printed, parsed back, set on the builder. */
    private static <T> Field field(String name, Function<SacConfig, T> read, Function<T, String> print,
                                   Function<String, T> parse, BiConsumer<SacConfig.Builder, T> write) {
        String key = "sac." + name;
        return new Field() {
            @Override
            public void encode(SacConfig c, Map<String, String> m) {
                m.put(key, print.apply(read.apply(c)));
            }

            @Override
            public void decode(Map<String, String> m, SacConfig.Builder b) {
                write.accept(b, get(m, key, parse));
            }
        };
    }

    private static Field real(String name, ToDoubleFunction<SacConfig> read, BiConsumer<SacConfig.Builder, Double> write) {
        return field(name, read::applyAsDouble, SacConfigCodec::num, Double::parseDouble, write);
    }

    private static Field integer(String name, ToIntFunction<SacConfig> read, BiConsumer<SacConfig.Builder, Integer> write) {
        return field(name, read::applyAsInt, String::valueOf, Integer::parseInt, write);
    }

    private static <E extends Enum<E>> Field choice(String name, Function<SacConfig, E> read, Class<E> type,
                                                    BiConsumer<SacConfig.Builder, E> write) {
        return field(name, read, Enum::name, s -> Enum.valueOf(type, s), write);
    }

    /** The temperature: {@code learned} or {@code fixed}, with the initial or fixed alpha. */
    private static final Field TEMPERATURE = new Field() {
        @Override
        public void encode(SacConfig c, Map<String, String> m) {
            m.put("sac.temperature", c.temperature() instanceof Temperature.Learned ? "learned" : "fixed");
            m.put("sac.temperature.value", num(c.temperature().initialAlpha()));
        }

        @Override
        public void decode(Map<String, String> m, SacConfig.Builder b) {
            double alpha = get(m, "sac.temperature.value", Double::parseDouble);
            b.temperature(get(m, "sac.temperature", s -> switch (s) {
                case "learned" -> Temperature.learned(alpha);
                case "fixed" -> Temperature.fixed(alpha);
                default -> throw new IllegalArgumentException("not learned or fixed");
            }));
        }
    };

    /** The log-std bounds, set together. */
    private static final Field LOG_STD = new Field() {
        @Override
        public void encode(SacConfig c, Map<String, String> m) {
            m.put("sac.logStdMin", num(c.logStdMin()));
            m.put("sac.logStdMax", num(c.logStdMax()));
        }

        @Override
        public void decode(Map<String, String> m, SacConfig.Builder b) {
            b.logStdBounds(get(m, "sac.logStdMin", Double::parseDouble), get(m, "sac.logStdMax", Double::parseDouble));
        }
    };

    /** The gradient adjustment: {@code none}, or its form with its five settings. */
    private static final Field ADJUSTMENT = new Field() {
        @Override
        public void encode(SacConfig c, Map<String, String> m) {
            GradientAdjustment a = c.adjustment();
            m.put("sac.adjustment", a == null ? "none" : a.form().name());
            if (a != null) {
                m.put("sac.adjustment.lambda", num(a.lambda()));
                m.put("sac.adjustment.normalisation", a.normalisation().name());
                m.put("sac.adjustment.alignSign", Boolean.toString(a.alignSign()));
                m.put("sac.adjustment.alignEpsilon", num(a.alignEpsilon()));
                m.put("sac.adjustment.step", num(a.step()));
            }
        }

        @Override
        public void decode(Map<String, String> m, SacConfig.Builder b) {
            if (!get(m, "sac.adjustment", Function.identity()).equals("none")) {
                b.adjustment(new GradientAdjustment(get(m, "sac.adjustment", GradientAdjustment.Form::valueOf),
                        get(m, "sac.adjustment.lambda", Double::parseDouble),
                        get(m, "sac.adjustment.normalisation", GradientAdjustment.Normalisation::valueOf),
                        get(m, "sac.adjustment.alignSign", SacConfigCodec::parseBoolean),
                        get(m, "sac.adjustment.alignEpsilon", Double::parseDouble),
                        get(m, "sac.adjustment.step", Double::parseDouble)));
            }
        }
    };

    /** Replay sampling: {@code uniform}, or {@code prioritized} with alpha, beta0 and eps. */
    private static final Field REPLAY_SAMPLING = new Field() {
        @Override
        public void encode(SacConfig c, Map<String, String> m) {
            if (c.replaySampling() instanceof ReplaySampling.Prioritized p) {
                m.put("sac.replaySampling", "prioritized");
                m.put("sac.replaySampling.alpha", num(p.alpha()));
                m.put("sac.replaySampling.beta0", num(p.beta0()));
                m.put("sac.replaySampling.eps", num(p.eps()));
            } else {
                m.put("sac.replaySampling", "uniform");
            }
        }

        @Override
        public void decode(Map<String, String> m, SacConfig.Builder b) {
            String sampling = get(m, "sac.replaySampling", Function.identity());
            switch (sampling) {
                case "uniform" -> b.replaySampling(ReplaySampling.uniform());
                case "prioritized" -> b.replaySampling(ReplaySampling.prioritized(
                        get(m, "sac.replaySampling.alpha", Double::parseDouble),
                        get(m, "sac.replaySampling.beta0", Double::parseDouble),
                        get(m, "sac.replaySampling.eps", Double::parseDouble)));
                default -> throw new IllegalArgumentException("configuration key sac.replaySampling: cannot read '"
                        + sampling + "' (not uniform or prioritized)");
            }
        }
    };

    /** Every field of SacConfig, in the record's order: encoding and decoding walk this one list. */
    private static final List<Field> FIELDS = List.of(
            real("gamma", SacConfig::gamma, SacConfig.Builder::gamma),
            real("tau", SacConfig::tau, SacConfig.Builder::tau),
            integer("batchSize", SacConfig::batchSize, SacConfig.Builder::batchSize),
            integer("bufferSize", SacConfig::bufferSize, SacConfig.Builder::bufferSize),
            integer("learningStarts", SacConfig::learningStarts, SacConfig.Builder::learningStarts),
            integer("trainFreq", SacConfig::trainFreq, SacConfig.Builder::trainFreq),
            integer("gradientSteps", SacConfig::gradientSteps, SacConfig.Builder::gradientSteps),
            real("actorLr", SacConfig::actorLr, SacConfig.Builder::actorLr),
            real("criticLr", SacConfig::criticLr, SacConfig.Builder::criticLr),
            real("alphaLr", SacConfig::alphaLr, SacConfig.Builder::alphaLr),
            field("hiddenSizes", SacConfig::hiddenSizes, w -> String.join(",", w.stream().map(String::valueOf).toList()),
                    SacConfigCodec::parseWidths, SacConfig.Builder::hiddenSizes),
            TEMPERATURE,
            real("targetEntropy", SacConfig::targetEntropy, SacConfig.Builder::targetEntropy),
            LOG_STD,
            choice("variant", SacConfig::variant, Variant.class, SacConfig.Builder::variant),
            real("discreteTargetEntropyRatio", SacConfig::discreteTargetEntropyRatio,
                    SacConfig.Builder::discreteTargetEntropyRatio),
            choice("entropyEstimate", SacConfig::entropyEstimate, EntropyEstimate.class,
                    SacConfig.Builder::entropyEstimate),
            ADJUSTMENT,
            integer("warmupActionRepeat", SacConfig::warmupActionRepeat, SacConfig.Builder::warmupActionRepeat),
            choice("learningRateSchedule", SacConfig::learningRateSchedule, LearningRateSchedule.class,
                    SacConfig.Builder::learningRateSchedule),
            integer("nStep", SacConfig::nStep, SacConfig.Builder::nStep),
            REPLAY_SAMPLING);

    /** Every field of {@code c} under its key, in the record's order. */
    public static Map<String, String> encode(SacConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Field f : FIELDS) {
            f.encode(c, m);
        }
        return m;
    }

    /** Every field of {@code r} under its key. */
    public static Map<String, String> encode(RunConfig r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("run.totalSteps", Long.toString(r.totalSteps()));
        m.put("run.evalEvery", Long.toString(r.evalEvery()));
        m.put("run.evalEpisodes", Integer.toString(r.evalEpisodes()));
        m.put("run.seed", Long.toString(r.seed()));
        m.put("run.nEnvs", Integer.toString(r.nEnvs()));
        return m;
    }

    /**
     * The SacConfig {@link #encode(SacConfig)} wrote (keys of other prefixes are ignored).
     *
     * @throws IllegalArgumentException naming the key when one is missing or its value does not
     *                                  parse, or naming the field when a value is out of its range
     */
    public static SacConfig decodeSac(Map<String, String> saved) {
        Map<String, String> m = withLaterDefaults(saved);
        SacConfig.Builder b = SacConfig.builder();
        for (Field f : FIELDS) {
            f.decode(m, b);
        }
        return b.build();
    }

    /** The RunConfig {@link #encode(RunConfig)} wrote; refuses as {@link #decodeSac} does. */
    public static RunConfig decodeRun(Map<String, String> m) {
        return RunConfig.builder()
                .totalSteps(get(m, "run.totalSteps", Long::parseLong))
                .evalEvery(get(m, "run.evalEvery", Long::parseLong))
                .evalEpisodes(get(m, "run.evalEpisodes", Integer::parseInt))
                .seed(get(m, "run.seed", Long::parseLong))
                .nEnvs(get(m, "run.nEnvs", Integer::parseInt))
                .build();
    }

    /**
     * The keys (of {@code saved} or {@code current}) whose values differ or that only one of them holds,
     * sorted.
     */
    public static List<String> differences(Map<String, String> saved, Map<String, String> current) {
        List<String> out = new ArrayList<>();
        for (String key : new TreeSet<>(union(saved, current))) {
            String a = saved.get(key);
            String b = current.get(key);
            if (a == null || !a.equals(b)) {
                out.add(key);
            }
        }
        return out;
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    private static List<Integer> parseWidths(String s) {
        return Arrays.stream(s.split(",")).map(Integer::valueOf).toList();
    }

    private static boolean parseBoolean(String s) {
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException("not true or false");
        }
        return s.equals("true");
    }

    private static <T> T get(Map<String, String> m, String key, Function<String, T> parse) {
        String text = m.get(key);
        if (text == null) {
            throw new IllegalArgumentException("configuration key " + key + " is missing");
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration key " + key + ": cannot read '" + text + "' ("
                    + e.getMessage() + ")", e);
        }
    }
}
