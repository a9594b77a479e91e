package io.sac4j.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes maps, lists, strings, numbers and booleans as JSON (what the run directory needs, no more). */
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
}
