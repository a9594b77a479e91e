package io.sac4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * The CLI's JSON (config.json, final_eval.json, a {@code --config} .json file, the lines eval and bench
 * print), written and read by Jackson. Written values are maps, lists, strings, numbers and booleans;
 * the layout is the one the run directory's files have always had ({@code "key": value}, two spaces
 * a level, a list on one line), so that a person's diff of two config.json files, and a script's
 * {@code sed} of final_eval.json's one-key lines, see only what changed.
 *
 * <p>Reading is strict RFC 8259, with two choices: a key given twice in one object is an error, not a
 * silent choice; and a number may end its digits with a point ({@code 1.e-05}), because config.json
 * files written before Jackson wrote numbers below 1e-4 so, and {@code --resume} and eval still read them.
 */
final class Json {
    /** JSON has no NaN or infinity: such a number is written as null (Jackson would write the string "NaN"). */
    private static final class FiniteOrNull extends StdSerializer<Number> {
        FiniteOrNull() {
            super(Number.class);
        }

        @Override
        public void serialize(Number v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (!Double.isFinite(v.doubleValue())) {
                g.writeNull();
            } else if (v instanceof Float f) {
                g.writeNumber(f);
            } else {
                g.writeNumber(v.doubleValue());
            }
        }
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS)
                    .build())
            .addModule(new SimpleModule("sac4j-json")
                    .addSerializer(Double.class, new FiniteOrNull())
                    .addSerializer(Float.class, new FiniteOrNull()))
            .build();

    /** {@code "key": value}, lists as {@code [a, b]}, empty objects and lists as {@code {}} and {@code []}. */
    private static final Separators SEPARATORS = Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEntrySpacing(Separators.Spacing.NONE)
            .withArrayValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    private static final ObjectWriter INDENTED = MAPPER.writer(new DefaultPrettyPrinter(SEPARATORS)
            .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter()));
    private static final ObjectWriter ONE_LINE = MAPPER.writer(
            new DefaultPrettyPrinter(SEPARATORS.withObjectEntrySpacing(Separators.Spacing.AFTER))
                    .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter())
                    .withObjectIndenter(new DefaultPrettyPrinter.NopIndenter()));

    /** Jackson's "[Source: ...; line: 3, column: 1]" inside a message, shortened to its place. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; (line: \\d+, column: \\d+)\\]");

    private Json() {
    }

    /** The value on one line, without a line break at the end. */
    static String writeCompact(Object value) {
        return write(ONE_LINE, value);
    }

    /** The value indented by two spaces a level, with a line break at the end. */
    static String write(Object value) {
        return write(INDENTED, value) + "\n";
    }

    private static String write(ObjectWriter w, Object value) {
        try {
            return w.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Maps, lists, strings, numbers and booleans always serialise.
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses one JSON value; an empty text is {@link MissingNode}.
     *
     * @throws IllegalArgumentException "malformed JSON at line L, column C: problem", on one line
     */
    static JsonNode parse(String text) {
        try (JsonParser p = parser(text)) {
            JsonNode n = MAPPER.readTree(p);
            if (p.nextToken() != null) {
                throw malformed(p.currentTokenLocation(), "text after the JSON value");
            }
            return n == null ? MissingNode.getInstance() : n;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String does not fail to read
        }
    }

    /** A streaming parser of {@code text} that reads as {@link #parse} does (for callers that need token texts). */
    static JsonParser parser(String text) {
        try {
            return MAPPER.createParser(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's error as "malformed JSON at line L, column C: problem", on one line. */
    static IllegalArgumentException malformed(JsonProcessingException e) {
        String problem = SOURCE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("$1");
        return e.getLocation() == null ? new IllegalArgumentException("malformed JSON: " + oneLine(problem), e)
                : malformed(e.getLocation(), problem);
    }

    /** "malformed JSON at line L, column C: problem", on one line. */
    static IllegalArgumentException malformed(JsonLocation at, String problem) {
        return new IllegalArgumentException("malformed JSON at line " + at.getLineNr() + ", column "
                + at.getColumnNr() + ": " + oneLine(problem));
    }

    private static String oneLine(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
