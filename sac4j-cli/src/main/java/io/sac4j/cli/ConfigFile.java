package io.sac4j.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code sac4j train --config FILE}: YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}) whose
 * keys are the train command's long option names without their dashes ({@code steps: 20000},
 * {@code batch-size: 256}, {@code hidden: [400, 300]}, {@code quiet: true}). Each value goes to the
 * option as the text it is written as, so a file means exactly what the same options typed on the
 * command line mean, and config.json's {@code args} can record it as options.
 *
 * <p>JSON is read by Jackson ({@link Json}). The YAML reader is this class's own, for the flat subset
 * such a file needs: {@code key: value} lines, plain or quoted scalars, {@code true}/{@code false},
 * flow lists {@code [a, b]} and block lists ({@code - a} lines), comments and a leading {@code ---}.
 * Why not snakeyaml-engine (YAML 1.2, so it would not have SnakeYAML's 1.1 surprises, {@code 3e-4} read as
 * a string and {@code yes}/{@code on} as booleans, which also rule out jackson-dataformat-yaml, built on
 * SnakeYAML): (1) what this class needs is each value's text as written, whether it was quoted, and
 * its line, not resolved Integers and Doubles, so snakeyaml-engine would be used through its node API
 * (compose, then walk the nodes and their marks), and this class would keep the rest of its work:
 * refuse with their line what has no meaning as command-line options (nested maps, anchors, aliases,
 * tags, several documents, a key given twice) and turn the library's several-line errors (a snippet
 * and a caret) into one line naming the file, line and key; it would replace the lexing below
 * (comments, quotes, flow lists: about half of the YAML code), not the checks; (2) it is one more jar
 * in the shaded CLI for that, and it is not in the offline Maven repository this project builds from
 * ({@code mvn -o}), where Jackson is.
 */
final class ConfigFile {
    /**
     * One key of the file and the line it is on. {@code value}: a scalar's text (String), a
     * {@link Boolean} (YAML's plain {@code true}/{@code false}, JSON's literals), a {@link List} of those,
     * null, or (JSON only) a nested object, which {@link #tokens} refuses.
     */
    record Entry(String key, Object value, int line) {
    }

    /** Options a file may not set: they say how to read options, not what the run is. */
    private static final Set<String> NOT_IN_FILE = Set.of("--config", "--resume", "--help", "--version");
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private ConfigFile() {
    }

    /** The entries of {@code file}, by its extension; errors are one line starting {@code --config FILE}. */
    static List<Entry> read(Path file) {
        String where = "--config " + file;
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        if (!yaml && !name.endsWith(".json")) {
            throw bad(where + ": unknown format; name the file .yaml, .yml or .json");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw bad(where + ": no such file");
        } catch (CharacterCodingException e) {
            throw bad(where + ": not UTF-8 text");
        } catch (IOException e) {
            throw bad(where + ": cannot read (" + e.getMessage() + ")");
        }
        return yaml ? FlatYaml.parse(text, where) : parseJson(text, where);
    }

    /**
     * A JSON object's members as entries, each with the line of its key; numbers as the text they are
     * written as (their values go to the command line as the user typed them, so {@code 3e-4} stays
     * {@code 3e-4} and a 19-digit seed keeps every digit), which is why this walks Jackson's tokens
     * instead of reading a tree.
     */
    static List<Entry> parseJson(String text, String where) {
        List<Entry> entries = new ArrayList<>();
        try (JsonParser p = Json.parser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw Json.malformed(p.currentTokenLocation(), "expected an object {...} of keys and values");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                int line = p.currentTokenLocation().getLineNr();
                String key = p.currentName();
                p.nextToken();
                entries.add(new Entry(key, jsonValue(p), line));
            }
            if (p.nextToken() != null) {
                throw Json.malformed(p.currentTokenLocation(), "text after the object");
            }
        } catch (JsonProcessingException e) {
            throw bad(where + ": " + Json.malformed(e).getMessage());
        } catch (IllegalArgumentException e) {
            throw bad(where + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String does not fail to read
        }
        return entries;
    }

    /** The value at the parser's current token: text, Boolean, null, List or (nested object) Map. */
    private static Object jsonValue(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(jsonValue(p));
                }
                return items;
            }
            case START_OBJECT -> {
                Map<String, Object> members = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    members.put(key, jsonValue(p));
                }
                return members;
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> {
                return p.getText(); // a string's value, a number's text as written
            }
        }
    }

    /**
     * The command-line tokens of one entry ({@code --steps 20000}; a list joined with commas; a flag
     * {@code true} as the bare option, {@code false} as nothing), checked against the train command's
     * options in {@code spec} and parsed on their own, so that an unknown key, a value of the wrong
     * shape or one that does not convert is reported at its key and line.
     *
     * @param where {@code --config FILE}, the start of every error
     */
    static List<String> tokens(Entry e, CommandSpec spec, String where) {
        String at = where + " line " + e.line() + ": ";
        String name = "--" + e.key();
        OptionSpec o = spec.optionsMap().get(name);
        if (o == null || !o.longestName().equals(name) || NOT_IN_FILE.contains(name)) {
            String dashed = "--" + e.key().replace('_', '-');
            boolean near = !dashed.equals(name) && spec.optionsMap().containsKey(dashed);
            throw bad(at + (o == null ? "unknown key '" : "key not allowed in a file: '")
                    + e.key() + "'" + (near ? " (did you mean '" + dashed.substring(2) + "'?)" : "")
                    + "; keys are the options of 'sac4j train --help' without their dashes");
        }
        boolean flag = o.arity().max() == 0;
        List<String> tokens = new ArrayList<>();
        Object v = e.value();
        if (v == null) {
            throw bad(at + e.key() + " has no value");
        } else if (v instanceof Boolean b) {
            if (!flag) {
                throw bad(at + e.key() + " takes a value, not " + b
                        + " (true/false are for flags such as quiet)");
            }
            if (b) {
                tokens.add(name);
            }
            return tokens;
        } else if (flag) {
            throw bad(at + e.key() + " is a flag: write '" + e.key() + ": true' (or false),"
                    + " not " + describe(v));
        } else if (v instanceof List<?> items) {
            if (!o.isMultiValue()) {
                throw bad(at + e.key() + " takes one value, not a list");
            }
            if (items.isEmpty()) {
                throw bad(at + e.key() + " is an empty list");
            }
            List<String> texts = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof String s)) {
                    throw bad(at + e.key() + " lists " + describe(item)
                            + "; its items are numbers");
                }
                texts.add(s);
            }
            tokens.add(name);
            tokens.add(String.join(o.splitRegex().isEmpty() ? " " : ",", texts));
        } else if (v instanceof String s) {
            tokens.add(name);
            tokens.add(s);
        } else {
            throw bad(at + e.key() + " is " + describe(v) + "; values are numbers, words,"
                    + " true/false or lists");
        }
        try {
            new CommandLine(new TrainCommand()).parseArgs(tokens.toArray(new String[0]));
        } catch (CommandLine.ParameterException x) {
            throw bad(at + e.key() + ": " + x.getMessage());
        }
        return tokens;
    }

    /**
     * A bad-input error on one line: a JSON string may hold escaped line breaks and a YAML line a lone
     * carriage return, so they are shown escaped.
     */
    static IllegalArgumentException bad(String message) {
        return new IllegalArgumentException(message.replace("\r", "\\r").replace("\n", "\\n"));
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        if (v instanceof Map<?, ?>) {
            return "a nested object";
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        return "'" + v + "'";
    }
}
