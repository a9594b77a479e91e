package io.sac4j.cli;

import io.sac4j.cli.ConfigFile.Entry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The flat YAML subset a {@link ConfigFile} may be written in: {@code key: value} lines, plain or quoted
 * scalars, {@code true}/{@code false}, flow lists {@code [a, b]} and block lists ({@code - a} lines),
 * comments and a leading {@code ---}; why this is not snakeyaml-engine, see {@link ConfigFile}.
 */
final class FlatYaml {
    private FlatYaml() {
    }

    /** The entries of a flat YAML file; errors are one line starting with {@code where}. */
    static List<Entry> parse(String text, String where) {
        List<Entry> entries = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        String blockKey = null; // a "key:" with nothing after it, whose "- item" lines follow
        int blockLine = 0;
        List<Object> block = null;
        boolean content = false;
        String[] lines = text.split("\r?\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String at = where + " line " + n + ": ";
            String line = stripComment(lines[n - 1]);
            String body = line.strip();
            if (body.isEmpty()) {
                continue;
            }
            int indent = 0;
            while (indent < line.length() && Character.isWhitespace(line.charAt(indent))) {
                if (line.charAt(indent) == '\t') {
                    throw ConfigFile.bad(at + "a tab in the indentation (YAML indents with spaces)");
                }
                indent++;
            }
            if (body.equals("---")) {
                if (content) {
                    throw ConfigFile.bad(at + "a second YAML document; a config file holds one");
                }
                content = true;
                continue;
            }
            content = true;
            if (body.equals("-") || body.startsWith("- ")) {
                if (block == null) {
                    throw ConfigFile.bad(at + "a list item ('- value') that is not under a 'key:' line with"
                            + " nothing after its colon");
                }
                Object item = scalar(body.substring(1).strip(), at);
                if (item instanceof List<?>) {
                    throw ConfigFile.bad(at + "a list inside a list; " + blockKey
                            + " takes numbers or words");
                }
                block.add(item);
                continue;
            }
            if (indent > 0) {
                throw ConfigFile.bad(at + "an indented line that is not a list item ('- value');"
                        + " the file is flat: one 'key: value' per line");
            }
            if (block != null) {
                entries.add(finishBlock(blockKey, block, blockLine, where));
                block = null;
            }
            int colon = keyColon(body);
            String key = colon < 0 ? null : body.substring(0, colon);
            if (key == null || !ConfigFile.KEY.matcher(key).matches()) {
                throw ConfigFile.bad(at + "expected 'key: value', got '" + body + "'");
            }
            if (!keys.add(key)) {
                throw ConfigFile.bad(at + "key '" + key + "' given twice");
            }
            String rest = body.substring(colon + 1).strip();
            if (rest.isEmpty()) {
                blockKey = key;
                blockLine = n;
                block = new ArrayList<>();
            } else {
                entries.add(new Entry(key, scalar(rest, at), n));
            }
        }
        if (block != null) {
            entries.add(finishBlock(blockKey, block, blockLine, where));
        }
        return entries;
    }

    private static Entry finishBlock(String key, List<Object> items, int line, String where) {
        if (items.isEmpty()) {
            throw ConfigFile.bad(where + " line " + line + ": " + key + " has no value");
        }
        return new Entry(key, List.copyOf(items), line);
    }

    /** The index of the colon that ends the key: the first one followed by a space or the end of the line. */
    private static int keyColon(String body) {
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == ':' && (i + 1 == body.length() || body.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    /** The line without its comment: '#' at the start or after a space, outside quotes. */
    private static String stripComment(String line) {
        int hash = outsideQuotes(line, 0, i -> line.charAt(i) == '#'
                && (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t'));
        return hash < 0 ? line : line.substring(0, hash);
    }

    /**
     * The index of the first character at or after {@code from} that is outside single and double
     * quotes (a backslash escapes within double quotes) and for which {@code stop} holds, or -1.
     */
    private static int outsideQuotes(String s, int from, IntPredicate stop) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (stop.test(i)) {
                return i;
            }
        }
        return -1;
    }

    /** A value: a flow list of scalars, a quoted string, true/false, null, or a plain scalar's text. */
    private static Object scalar(String v, String at) {
        if (v.startsWith("[")) {
            if (!v.endsWith("]")) {
                throw ConfigFile.bad(at + "a list '[' without its closing ']' on the same line");
            }
            String inner = v.substring(1, v.length() - 1).strip();
            List<Object> items = new ArrayList<>();
            if (inner.isEmpty()) {
                return items;
            }
            for (String part : splitFlow(inner, at)) {
                Object item = scalar(part.strip(), at);
                if (item instanceof List<?>) {
                    throw ConfigFile.bad(at + "a list inside a list");
                }
                items.add(item);
            }
            return items;
        }
        if (v.isEmpty()) {
            throw ConfigFile.bad(at + "an empty list item");
        }
        char c = v.charAt(0);
        if (c == '"' || c == '\'') {
            return quoted(v, at);
        }
        if ("{&*!|>%@`".indexOf(c) >= 0) {
            throw ConfigFile.bad(at + "'" + c + "' starts a YAML feature (mapping, anchor, alias, tag"
                    + " or block scalar) that a flat config file does not use; quote the value if it is text");
        }
        return switch (v) {
            case "true", "True", "TRUE" -> Boolean.TRUE;
            case "false", "False", "FALSE" -> Boolean.FALSE;
            case "null", "Null", "NULL", "~" -> null;
            default -> v;
        };
    }

    /** The items of a flow list's inside, split at commas outside quotes. */
    private static List<String> splitFlow(String inner, String at) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (true) {
            int i = outsideQuotes(inner, start, k -> ",[]{}".indexOf(inner.charAt(k)) >= 0);
            if (i < 0) {
                parts.add(inner.substring(start));
                return parts;
            }
            if (inner.charAt(i) != ',') {
                throw ConfigFile.bad(at + "'" + inner.charAt(i) + "' inside a list; items are numbers or words");
            }
            parts.add(inner.substring(start, i));
            start = i + 1;
        }
    }

    /** A single- ('' escapes ') or double-quoted (backslash escapes) string that fills the whole value. */
    private static String quoted(String v, String at) {
        char q = v.charAt(0);
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (q == '\'' && c == '\'') {
                if (i + 1 < v.length() && v.charAt(i + 1) == '\'') {
                    b.append('\'');
                    i++;
                    continue;
                }
                return end(v, i, b, at);
            }
            if (q == '"' && c == '\\') {
                if (++i >= v.length()) {
                    break;
                }
                char e = v.charAt(i);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    default -> throw ConfigFile.bad(at + "unknown escape '\\" + e + "' in a quoted value");
                }
                continue;
            }
            if (q == '"' && c == '"') {
                return end(v, i, b, at);
            }
            b.append(c);
        }
        throw ConfigFile.bad(at + "a quoted value without its closing " + q);
    }

    private static String end(String v, int close, StringBuilder b, String at) {
        if (close != v.length() - 1) {
            throw ConfigFile.bad(at + "text after the closing quote: '" + v.substring(close + 1) + "'");
        }
        return b.toString();
    }
}
