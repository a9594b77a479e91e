package io.sac4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers and booleans as JSON, and reads them back (what the run
 * directory and a {@code --config} file need, no more: RFC 8259 values, numbers read as Double or,
 * for a config file, as their text; a key given twice in one object is an error, not a silent choice).
 */
final class Json {
    private Json() {
    }

    /** The value on one line, without a line break at the end. */
    static String writeCompact(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb, null);
        return sb.toString();
    }

    /** The value indented by two spaces a level, with a line break at the end. */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb, "");
        return sb.append('\n').toString();
    }

    /** {@code indent} null writes everything on one line. */
    private static void write(Object v, StringBuilder sb, String indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(s, sb);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            // JSON has no NaN or infinity.
            sb.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.10g", d).replaceAll("(\\.\\d*?)0+$", "$1")
                    .replaceAll("\\.$", ".0").replaceAll("(\\.\\d*?)0+e", "$1e") : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append("{");
            String inner = indent == null ? null : indent + "  ";
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (inner == null) {
                    sb.append(first ? "" : ", ");
                } else {
                    sb.append(first ? "\n" : ",\n").append(inner);
                }
                quote(String.valueOf(e.getKey()), sb);
                sb.append(": ");
                write(e.getValue(), sb, inner);
                first = false;
            }
            sb.append(first || indent == null ? "}" : "\n" + indent + "}");
        } else if (v instanceof List<?> l) {
            sb.append("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                write(l.get(i), sb, indent);
            }
            sb.append("]");
        } else {
            quote(v.toString(), sb);
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * Parses one JSON value: objects as {@link LinkedHashMap}, arrays as {@link List}, strings, numbers
     * as {@link Double}, booleans, null.
     *
     * @throws IllegalArgumentException naming the offset of the first error
     */
    static Object parse(String text) {
        return parse(new Reader(text, false));
    }

    /** One member of a JSON object, with the line (from 1) its key is on. */
    record Member(String key, Object value, int line) {
    }

    /**
     * The members of a top-level JSON object in file order, with numbers kept as the text they are
     * written as (a {@code --config} file: its values go to the command line as the user typed them,
     * so {@code 3e-4} stays {@code 3e-4} and a 19-digit seed keeps every digit).
     *
     * @throws IllegalArgumentException naming the line and column of the first error, or if the value is
     *                                  not an object
     */
    static List<Member> parseMembers(String text) {
        Reader r = new Reader(text, true);
        r.space();
        if (r.i >= text.length() || text.charAt(r.i) != '{') {
            throw r.error("expected an object {...} of keys and values");
        }
        parse(r);
        return r.members;
    }

    private static Object parse(Reader r) {
        r.space();
        Object v = r.value();
        r.space();
        if (r.i != r.s.length()) {
            throw r.error("trailing characters");
        }
        return v;
    }

    private static final class Reader {
        final String s;
        /** Numbers as their text (String) rather than Double. */
        final boolean numbersAsText;
        /** The top-level object's members, with the lines of their keys. */
        final List<Member> members = new ArrayList<>();
        int i;
        /** Objects and arrays open at {@link #i}. */
        int depth;

        Reader(String s, boolean numbersAsText) {
            this.s = s;
            this.numbersAsText = numbersAsText;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed JSON at " + lineAndColumn(i) + ": " + what);
        }

        int line(int offset) {
            int line = 1;
            for (int k = 0; k < offset && k < s.length(); k++) {
                if (s.charAt(k) == '\n') {
                    line++;
                }
            }
            return line;
        }

        String lineAndColumn(int offset) {
            int lineStart = s.lastIndexOf('\n', Math.min(offset, s.length()) - 1) + 1;
            return "line " + line(offset) + ", column " + (offset - lineStart + 1);
        }

        void space() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        Object value() {
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                space();
                if (i < s.length() && s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                depth++;
                while (true) {
                    space();
                    int keyAt = i;
                    String k = string();
                    if (m.containsKey(k)) {
                        i = keyAt;
                        throw error("duplicate key \"" + k + "\"");
                    }
                    space();
                    expect(':');
                    space();
                    Object v = value();
                    m.put(k, v);
                    if (depth == 1) {
                        members.add(new Member(k, v, line(keyAt)));
                    }
                    space();
                    if (i < s.length() && s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect('}');
                        depth--;
                        return m;
                    }
                }
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                space();
                if (i < s.length() && s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                depth++;
                while (true) {
                    space();
                    l.add(value());
                    space();
                    if (i < s.length() && s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect(']');
                        depth--;
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            try {
                Double d = Double.valueOf(s.substring(start, i));
                return numbersAsText ? s.substring(start, i) : d;
            } catch (NumberFormatException e) {
                i = start;
                throw error("expected a value");
            }
        }

        String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException x) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw error("bad escape '\\" + e + "'");
                }
            }
        }
    }
}
