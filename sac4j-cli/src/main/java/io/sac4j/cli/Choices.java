package io.sac4j.cli;

import io.sac4j.game.GradientAdjustment;
import io.sac4j.sac.EntropyEstimate;
import io.sac4j.sac.LearningRateSchedule;
import io.sac4j.sac.Variant;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Picocli converters for the options whose value is one word of a fixed set, each naming an enum
 * constant; the words are the CLI's own spellings (sac-v1, closed-form, match), not the constants'
 * names, and a word outside the set is refused with the message the option always gave.
 */
final class Choices {
    private Choices() {
    }

    /** The constant {@code word} names in {@code words}; refuses another word, listing the set. */
    static <E> E parse(String option, String word, Map<String, E> words) {
        E e = words.get(word);
        if (e == null) {
            throw new TypeConversionException(option + " must be " + list(words) + ", got " + word);
        }
        return e;
    }

    private static String list(Map<String, ?> words) {
        String[] w = words.keySet().toArray(new String[0]);
        StringBuilder s = new StringBuilder(w[0]);
        for (int i = 1; i < w.length; i++) {
            s.append(i == w.length - 1 ? " or " : ", ").append(w[i]);
        }
        return s.toString();
    }

    /** A core enum's own CLI-name parser, its refusal as picocli's. */
    private static <E> E core(java.util.function.Function<String, E> parser, String word) {
        try {
            return parser.apply(word);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code --algo sac|sac-v1}. */
    static final class AlgoConverter implements ITypeConverter<Variant> {
        @Override
        public Variant convert(String word) {
            return core(Variant::fromCliName, word);
        }
    }

    /** {@code --lr-schedule constant|linear}. */
    static final class ScheduleConverter implements ITypeConverter<LearningRateSchedule> {
        @Override
        public LearningRateSchedule convert(String word) {
            return core(LearningRateSchedule::fromCliName, word);
        }
    }

    /** {@code --entropy sample|closed-form}. */
    static final class EntropyConverter implements ITypeConverter<EntropyEstimate> {
        private static final Map<String, EntropyEstimate> WORDS = words(
                "sample", EntropyEstimate.SAMPLE, "closed-form", EntropyEstimate.CLOSED_FORM);

        @Override
        public EntropyEstimate convert(String word) {
            return parse("--entropy", word, WORDS);
        }
    }

    /** {@code --adjust none|antisymmetric|hessian-transpose}. */
    static final class AdjustConverter implements ITypeConverter<ResearchOptions.Adjust> {
        private static final Map<String, ResearchOptions.Adjust> WORDS = words(
                "none", ResearchOptions.Adjust.NONE, "antisymmetric", ResearchOptions.Adjust.ANTISYMMETRIC,
                "hessian-transpose", ResearchOptions.Adjust.HESSIAN_TRANSPOSE);

        @Override
        public ResearchOptions.Adjust convert(String word) {
            return parse("--adjust", word, WORDS);
        }
    }

    /** {@code --adjust-norm none|match|unit}. */
    static final class NormConverter implements ITypeConverter<GradientAdjustment.Normalisation> {
        private static final Map<String, GradientAdjustment.Normalisation> WORDS = words(
                "none", GradientAdjustment.Normalisation.NONE,
                "match", GradientAdjustment.Normalisation.MATCH_OWN_GRADIENT,
                "unit", GradientAdjustment.Normalisation.UNIT_BLOCKS);

        @Override
        public GradientAdjustment.Normalisation convert(String word) {
            return parse("--adjust-norm", word, WORDS);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E> Map<String, E> words(Object... wordThenConstant) {
        Map<String, E> m = new LinkedHashMap<>();
        for (int i = 0; i < wordThenConstant.length; i += 2) {
            m.put((String) wordThenConstant[i], (E) wordThenConstant[i + 1]);
        }
        return m;
    }
}
